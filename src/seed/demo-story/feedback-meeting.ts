import type { Cast } from './cast';
import { enc, until } from './http-client';

/** A day this many days from today, YYYY-MM-DD: commitments are due in the future. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * HR starts feedback meetings about published reviews in a unit through the launcher (the launcher
 * skips anyone whose result is not published). The manager holds one (`held`): strengths, gaps with their
 * causes and areas, three commitments; the employee answers with a comment and marks the first item
 * done and the second in progress, the third not started. The other meetings wait in the manager's inbox.
 */
export async function feedbackMeetings(cast: Cast, cycle: string, unitId: string, held: string, waiting: string[]): Promise<void> {
  const hr = await cast.as('hr');
  const people = [held, ...waiting].map((username) => cast.person(username)._id);
  const launch = await hr.mustPost('/api/flows/feedback-meeting/launches', { cycle, subjectIds: people }, [202]);
  await until('feedback meetings launched', async () => (await hr.get(`/api/launches/${enc(launch.body.launchId)}`)).body?.status === 'finished');

  const employee = await cast.as(held);
  const manager = await cast.as(cast.headOf(unitId).username);
  const caseId = `${cycle}:${employee.id}:feedback-meeting`;
  const meeting = await until(`feedback meeting of ${held}`, () => manager.taskFor(caseId, 'feedbackMeeting'));
  await manager.work(meeting, {
    strengths: 'Reliable with existing clients; every KYC file complete and on time.',
    gaps: [
      { gap: 'New-client pipeline did not convert', cause: 'Proposals stay generic; needs are not analysed before pricing', category: 'client-communication' },
      { gap: 'Credit memos returned by the credit committee', cause: 'Cash-flow analysis of mid-sized companies is thin', category: 'credit-analysis' },
    ],
    commitments: [
      { what: 'Complete the consultative selling course', kind: 'training', owner: employee.id, dueDate: inDays(60) },
      { what: 'Prepare two credit memos with a senior analyst reviewing each', kind: 'mentoring', owner: manager.id, dueDate: inDays(120) },
      { what: 'Lead the pitch for one new mid-sized client', kind: 'stretch', owner: employee.id, dueDate: inDays(200) },
    ],
  });
  const answer = await until(`acknowledgement of ${held}`, () => employee.taskFor(caseId, 'acknowledgeMeeting'));
  await employee.work(answer, { agreement: 'comment', comment: 'Agreed. I would also like to sit in on one of the senior analysts\' client meetings.' });
  const plan = await until(`plan of ${held}`, async () => {
    const reply = await employee.get(`/api/development/plans/${enc(employee.id)}`);
    return reply.status === 200 && reply.body.plans.find((p: { cycle: string }) => p.cycle === cycle);
  });
  const [first, second] = plan.items as Array<{ id: string }>;
  await employee.mustPost(`/api/development/items/${enc(first!.id)}/progress`, { status: 'in-progress', note: 'Enrolled; first module done.' });
  await employee.mustPost(`/api/development/items/${enc(first!.id)}/progress`, { status: 'done', note: 'Course completed with the certificate.' });
  await employee.mustPost(`/api/development/items/${enc(second!.id)}/progress`, { status: 'in-progress', note: 'First memo reviewed; the second is drafted.' });
}
