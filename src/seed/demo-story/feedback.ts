import type { Cast } from './cast';
import { enc, until } from './http-client';

/**
 * Feedback and recognition in the demo bank (domain/feedback.ts), given over HTTP as colleagues would:
 * cb.rm02 thanks cb.rm01 for work on one of her agreed goals of the current cycle (she shares it with
 * CB), cb.rm05 tells her what to watch about prudent risk, ops.clerk2 thanks ops.clerk1 for teamwork.
 * Her manager cb.head reads both; CB's people read the shared one on /feedback. A repeat is a replay.
 */
export async function giveDemoFeedback(cast: Cast): Promise<void> {
  const rm01 = cast.person('cb.rm01');
  const [rm02, rm05, clerk2, rm01Session] = await Promise.all([cast.as('cb.rm02'), cast.as('cb.rm05'), cast.as('ops.clerk2'), cast.as('cb.rm01')]);
  // Her goals of the current cycle are approved beside this step; a note about one waits for them.
  const goals = await until('cb.rm01\'s agreed goals', async () => {
    const topics = await rm02.get(`/api/feedback/people/${enc(rm01._id)}/topics`);
    return topics.status === 200 && topics.body.goals.length > 0 ? topics.body.goals as Array<{ id: string }> : null;
  });
  const thanks = await rm02.mustPost('/api/feedback', { to: rm01._id, kind: 'recognition', goalId: goals[0]!.id, text: '谢谢你提前一周交付华东制造客户的授信方案，客户非常满意。' });
  await rm05.mustPost('/api/feedback', { to: rm01._id, kind: 'feedback', value: 'prudence', text: '报价前请先确认押品评估结果，避免对客户过早承诺条款。' });
  await clerk2.mustPost('/api/feedback', { to: cast.person('ops.clerk1')._id, kind: 'recognition', value: 'teamwork', text: 'Thanks for covering the reconciliation desk during the system migration.' });
  const shared = await rm01Session.request('PUT', `/api/feedback/${enc(thanks.body.note.id)}/visibility`, { visibility: 'unit' });
  if (shared.status !== 200) throw new Error(`sharing the demo recognition: ${shared.status} ${JSON.stringify(shared.body)}`);
  cast.log('feedback and recognition given: cb.rm01 received two notes (one shared with CB), ops.clerk1 one');
}
