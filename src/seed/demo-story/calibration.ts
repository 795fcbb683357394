import type { Cast } from './cast';
import { enc, until, type DemoSession } from './http-client';

interface PersonRow { personId: string; score: number; proposedRating: string }
interface Band { band: string; ratings: string[]; targetCount: number }

const ORDER = ['A', 'B', 'C', 'D', 'E'];

/** Why the meeting moved someone, as a unit head would write it. */
const REASONS: Record<'down' | 'up', string[]> = {
  down: [
    'Strong half, but below the bank-wide bar for this rating once compared with peers in other units',
    'Targets met, not exceeded; the deposit growth came mostly from one inherited client',
    'Two loan files came back from credit review for missing documents',
    'Good client work, but the pipeline did not convert in Q2',
  ],
  up: [
    'Brought in the syndicated loan that the unit’s result rests on; under-rated on the form',
    'Took over a colleague’s portfolio mid-half without losing a client',
  ],
};

/**
 * The ratings the curve allows, given to the people in the order of their scores (best first):
 * what a head proposes in a meeting before arguing about the edges.
 */
export function curveChanges(people: PersonRow[], bands: Band[]): Array<{ personId: string; toRating: string; reason: string }> {
  const slots = bands.flatMap((b) => Array.from({ length: b.targetCount }, () => b.ratings[0]!));
  while (slots.length < people.length) slots.splice(slots.indexOf('C') + 1, 0, 'C');
  const ranked = [...people].sort((a, b) => b.score - a.score || a.personId.localeCompare(b.personId));
  const used = { down: 0, up: 0 };
  return ranked.flatMap((person, i) => {
    const toRating = slots[i]!;
    if (toRating === person.proposedRating) return [];
    const direction = ORDER.indexOf(toRating) > ORDER.indexOf(person.proposedRating) ? 'down' : 'up';
    const reason = REASONS[direction][used[direction]++ % REASONS[direction].length]!;
    return [{ personId: person.personId, toRating, reason }];
  });
}

export async function calibrationRecord(hr: DemoSession, cycle: string, unitId: string): Promise<any | null> {
  const reply = await hr.get(`/api/calibrations/${enc(cycle)}/${enc(unitId)}`);
  return reply.status === 200 ? reply.body : null;
}

/** HR launches the unit's calibration once every review of the unit is assessed (safe to repeat). */
export async function launchCalibration(cast: Cast, cycle: string, unitId: string): Promise<void> {
  const hr = await cast.as('hr');
  await hr.mustPost(`/api/cycles/${enc(cycle)}/calibrations`, { unitIds: [unitId] });
}

/** Until the meeting task is in the head's inbox (the calibration that is left waiting). */
export async function meetingWaiting(cast: Cast, cycle: string, unitId: string): Promise<string> {
  const head = await cast.as(cast.headOf(unitId).username);
  const item = await until(`${unitId} calibration meeting for ${head.username}`, () => head.taskFor(`${cycle}:${unitId}:calibration`, 'calibrationMeeting'));
  return item.id;
}

/**
 * The head holds the meeting (ratings to the curve, each change with its reason; below the
 * policy's group size the curve only advises and nothing is moved), the HRBP approves, the
 * reviews are released. Each turn works whatever is open, so an interrupted calibration resumes.
 */
export async function calibrateUnit(cast: Cast, cycle: string, unitId: string, notes: string): Promise<void> {
  const caseId = `${cycle}:${unitId}:calibration`;
  const [hr, head, hrbp] = await Promise.all([cast.as('hr'), cast.as(cast.headOf(unitId).username), cast.as('hrbp')]);
  await until(`${unitId} calibration approved`, async () => {
    const record = await calibrationRecord(hr, cycle, unitId);
    if (record?.status === 'calibrated' && record?.caseStatus === 'calibrated') return true;
    const meeting = await head.taskFor(caseId, 'calibrationMeeting');
    if (meeting) {
      const view = (await head.task(meeting.id)).calibration;
      const changes = view.curveAdvisory ? [] : curveChanges(view.people, view.distribution.proposed.bands);
      await head.work(meeting, { changes, meetingNotes: notes });
      cast.log(`${unitId} calibration meeting held by ${head.username}: ${changes.length} rating(s) moved`);
      return false;
    }
    const approval = await hrbp.taskFor(caseId, 'hrbpApproval');
    if (approval) {
      await hrbp.work(approval, { decision: 'approve', comment: 'Distribution and reasons checked against the evidence' });
      cast.log(`${unitId} calibration approved by hrbp`);
    }
    return false;
  }, 180_000, 500);
}

/** Until every review of these people is published (the calibration released them). */
export async function reviewsPublished(cast: Cast, cycle: string, personIds: string[]): Promise<void> {
  const hr = await cast.as('hr');
  await until(`${personIds.length} reviews published`, async () => {
    const statuses = await Promise.all(personIds.map(async (id) => (await hr.get(`/api/cases/${enc(`${cycle}:${id}`)}`)).body?.case?.status));
    return statuses.every((s) => s === 'published');
  }, 120_000, 1000);
}
