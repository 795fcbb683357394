import { policyVersionsInForce } from '../../db/policies-in-force';
import { recordAudit } from '../../platform/audit/record-audit';
import { adjustmentCaseId, adjustmentCaseKey, CLAWBACK_PROCESS_KEY } from '../../platform/clawback/adjustment-case';
import { remainingOf, remainingOfAward } from '../../platform/clawback/award-tranches';
import { policyVersion } from '../../db/immutable-versions';
import { AwardModel, awardId as awardIdOf, type Award } from '../../db/models/award';
import { AwardAdjustmentModel, type AwardAdjustment } from '../../db/models/award-adjustment';
import { ComplianceEventModel } from '../../db/models/compliance-event';
import { FormVersionModel } from '../../db/models/form-version';
import { PersonModel } from '../../db/models/person';
import { retryOnBusy } from '../../db/retry-on-busy';
import { upsertOnce } from '../../db/duplicate-key';
import { canonicalJson } from '../../domain/digest';
import { describeExtent, eventKindProblems, extentAtLeast, minimumExtentFor, type ClawbackPolicy, type Extent } from '../../domain/clawback';
import { latestVersions } from '../../platform/versions';
import { isCalendarDate } from '../../domain/dates';
import { CYCLE_ID, PERSON_ID } from '../../domain/ids';
import { startCase } from '../../platform/cases/start-case';
import type { EngineClient } from '../engine-client';
import type { FieldProblem } from '../forms/validate-submission';
import { badRequest, busy, HttpError } from '../http-errors';
import { oneWriterAtATime } from '../../db/document-lock';
import type { BodyOf } from '../request-body';

/** Event ids of the risk system, or compliance event ids (`<system>:<reference>`). */
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}(:[A-Za-z0-9][A-Za-z0-9_.-]{0,79})?$/;

function readExtent(value: Record<string, unknown> | undefined, problems: FieldProblem[]): Extent | undefined {
  if (value === undefined) return undefined;
  const keys = Object.keys(value).sort().join(',');
  if (value.kind === 'full' && keys === 'kind') return { kind: 'full' };
  if (value.kind === 'percent' && keys === 'kind,percent' && typeof value.percent === 'number' && value.percent >= 0 && value.percent <= 100) {
    return { kind: 'percent', percent: value.percent };
  }
  problems.push({ field: 'extent', code: 'type', message: 'extent is { kind: "full" } or { kind: "percent", percent: 0–100 }; leave it out for the policy\'s default for the severity' });
  return undefined;
}

/** The body of POST /api/adjustment-events, as the route reads it. */
export const ADJUSTMENT_EVENT_BODY = {
  personId: { type: 'string', required: true, maxLength: 80 },
  cycle: { type: 'string', required: true, maxLength: 40 },
  eventId: { type: 'string', required: true, maxLength: 141 },
  date: { type: 'string', maxLength: 10 },
  severity: { type: 'string', maxLength: 40 },
  extent: { type: 'object' },
  kind: { type: 'string', maxLength: 60 },
  responsibility: { type: 'string', maxLength: 40 },
  reason: { type: 'string', required: true, maxLength: 4000 },
} as const;

/**
 * Files a risk or compliance event against one award and starts its malus-and-clawback case. The
 * event is either a filed compliance event (its id, then date and severity come from it and it must
 * be confirmed) or an event of the risk system (its id, date and severity given here).
 */
export async function fileAdjustmentEvent(engine: EngineClient, input: BodyOf<typeof ADJUSTMENT_EVENT_BODY>, actor: string): Promise<{ created: boolean; caseId: string; awardId: string; started: boolean }> {
  const problems: FieldProblem[] = [];
  if (!PERSON_ID.test(input.personId)) problems.push({ field: 'personId', code: 'pattern', message: 'personId is a person id' });
  if (!CYCLE_ID.test(input.cycle)) problems.push({ field: 'cycle', code: 'pattern', message: 'cycle is 1–40 letters, digits, - or _' });
  if (!EVENT_ID.test(input.eventId)) problems.push({ field: 'eventId', code: 'pattern', message: 'eventId is the risk system\'s event id or a compliance event id (system:reference)' });
  if (input.date !== undefined && !isCalendarDate(input.date)) problems.push({ field: 'date', code: 'date', message: 'date is a calendar date YYYY-MM-DD' });
  if (input.reason.trim() === '') problems.push({ field: 'reason', code: 'required', message: 'reason is required' });
  const extent = readExtent(input.extent, problems);
  if (problems.length > 0) throw badRequest('the event is not valid', problems);

  const [person, award, filedEvent] = await Promise.all([
    PersonModel.findById(input.personId, { _id: 1 }).lean(),
    AwardModel.findById(awardIdOf(input.cycle, input.personId)).lean(),
    input.eventId.includes(':') ? ComplianceEventModel.findById(input.eventId).lean() : null,
  ]);
  if (!person) throw badRequest('the event is not valid', [{ field: 'personId', code: 'unknown', message: `no person ${input.personId}` }]);
  if (!award) throw badRequest('the event is not valid', [{ field: 'cycle', code: 'no-award', message: `${input.personId} has no award for cycle ${input.cycle}` }]);
  if (award.status === 'proposed') throw new HttpError(409, 'the award is still being approved; file the event once it is approved');

  let { date, severity } = input;
  if (input.eventId.includes(':')) {
    if (!filedEvent) throw badRequest('the event is not valid', [{ field: 'eventId', code: 'unknown', message: `no compliance event ${input.eventId}` }]);
    if (filedEvent.personId !== input.personId) throw badRequest('the event is not valid', [{ field: 'eventId', code: 'person', message: 'the compliance event concerns someone else' }]);
    if (!filedEvent.confirmed) throw badRequest('the event is not valid', [{ field: 'eventId', code: 'unconfirmed', message: 'the compliance event is not confirmed yet; malus and clawback rest on confirmed events' }]);
    const conflicts = [['date', date, filedEvent.date], ['severity', severity, filedEvent.severity]].filter(([, given, stored]) => given !== undefined && given !== stored);
    if (conflicts.length > 0) throw badRequest('the event is not valid', conflicts.map(([field, , stored]) => ({ field: field!, code: 'conflict', message: `the compliance event says ${stored}` })));
    date = filedEvent.date;
    severity = filedEvent.severity;
  }
  const missing = [['date', date], ['severity', severity]].filter(([, v]) => v === undefined).map(([field]) => ({ field: field!, code: 'required', message: `${field} is required for an event that is not a filed compliance event` }));
  if (missing.length > 0) throw badRequest('the event is not valid', missing);

  // The severities the award's own clawback terms know (the version it was granted with, else the latest).
  const versions = await policyVersionsInForce();
  const clawbackVersion = award.policyVersions?.clawback ?? versions.clawback;
  const clawback = clawbackVersion === undefined ? null : await policyVersion('clawback', clawbackVersion);
  if (!clawback) throw new HttpError(503, 'the clawback policy is not deployed');
  const clawbackPolicy = clawback.body as unknown as ClawbackPolicy;
  const severities = Object.keys(clawbackPolicy.severities);
  const termProblems: FieldProblem[] = eventKindProblems(clawbackPolicy, input.kind, input.responsibility);
  if (!severities.includes(severity!)) termProblems.unshift({ field: 'severity', code: 'enum', message: `severity is one of ${severities.join(', ')}` });
  // The filing may ask more than the policy's minimum for the kind and responsibility, never less.
  const minimum = minimumExtentFor(clawbackPolicy, input.kind, input.responsibility);
  if (minimum && extent && !extentAtLeast(extent, minimum.extent)) {
    termProblems.push({ field: 'extent', code: 'below-minimum', message: `at least ${describeExtent(minimum.extent)} is required for this kind of event and responsibility (${minimum.reference}); leave extent out to take the minimum` });
  }
  if (termProblems.length > 0) throw badRequest('the event is not valid', termProblems);

  const caseId = adjustmentCaseId(input.cycle, input.personId, input.eventId);
  const event: AwardAdjustment['event'] = {
    eventId: input.eventId, date: date!, severity: severity!, ...(extent ? { extent } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}), ...(input.responsibility !== undefined ? { responsibility: input.responsibility } : {}), reason: input.reason,
    ...(filedEvent ? { complianceEventId: filedEvent._id } : {}),
  };
  // Two filings of one event at once would both find none filed, both write the audit entry, and
  // one with other details would be dropped while told 201: the second waits and then compares.
  return oneWriterAtATime(`adjustment:${caseId}`, () => fileOnce(engine, input, actor, { caseId, event, award, versions, minimum: minimum?.extent ?? null }), () => busy('award adjustment'));
}

async function fileOnce(engine: EngineClient, input: BodyOf<typeof ADJUSTMENT_EVENT_BODY>, actor: string, filing: { caseId: string; event: AwardAdjustment['event']; award: Award; versions: Record<string, number>; minimum: Extent | null }): Promise<{ created: boolean; caseId: string; awardId: string; started: boolean }> {
  const { caseId, event, award, versions, minimum } = filing;
  const earlier = await AwardAdjustmentModel.findById(caseId).lean();
  if (earlier && canonicalJson(earlier.event) !== canonicalJson(event)) {
    throw new HttpError(409, `this event was filed against this award already, with other details (case ${caseId})`);
  }
  if (!earlier) {
    const adjustment: AwardAdjustment = {
      _id: caseId, cycle: input.cycle, personId: input.personId, awardId: award._id, event, filedBy: actor, filedAt: new Date(), status: 'filed',
      awardAtFiling: {
        amountMinor: award.amountMinor, currency: award.currency, remainingMinor: remainingOfAward(award),
        tranches: award.tranches.map((t) => ({ trancheId: t.trancheId, vestingDate: t.vestingDate, amountMinor: t.amountMinor, status: t.status, remainingMinor: remainingOf(t) })),
      },
    };
    // $setOnInsert: two identical filings at once write one document.
    const { _id: _omit, ...fields } = adjustment;
    await upsertOnce(() => retryOnBusy(() => AwardAdjustmentModel.updateOne({ _id: caseId }, { $setOnInsert: fields }, { upsert: true })));
  }
  // Outside the first-time branch: a filing that died after storing the case is retried as a replay,
  // which appends the entry it never wrote; the entry's identity keeps it to one.
  await recordAudit({
    actor: earlier?.filedBy ?? actor, action: 'clawback.filed', subject: { type: 'award-adjustment', id: caseId }, after: event, eventId: `clawback.filed:${caseId}`,
    details: { awardId: award._id, eventId: input.eventId, severity: event.severity, kind: event.kind ?? null, responsibility: event.responsibility ?? null, minimum },
  });
  const formVersions = await latestVersions(FormVersionModel);
  const { started } = await startCase(engine, {
    processKey: CLAWBACK_PROCESS_KEY, cycle: input.cycle, subjectId: input.personId, caseKey: adjustmentCaseKey(input.personId, input.eventId), subjectType: 'person',
    // Nobody manages an adjustment case; the officer who filed it stands in that field.
    managerId: actor, formVersions, policyVersions: versions, actor,
    variables: { eventId: input.eventId, awardId: award._id },
  });
  return { created: !earlier, caseId, awardId: award._id, started };
}
