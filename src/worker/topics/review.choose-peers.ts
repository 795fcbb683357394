import { latestSubmission } from '../case-submission';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * The peers the manager chose for 360 feedback, as engine variables for the multi-instance step:
 * `peerIds` comma-separated (the assignee expression indexes it by loopCounter) and `peerCount`
 * (0 skips 360). A peer named twice is asked once; the employee is never their own peer.
 */
export const reviewChoosePeers: TopicHandler = {
  topic: 'review.choose-peers',
  async handle(task) {
    const subjectId = requireStringVariable(task, 'subjectId');
    const choice = await latestSubmission(task, 'choose-peers');
    const rows = (choice.data.peers ?? []) as Array<{ peerId: string }>;
    const peerIds = [...new Set(rows.map((row) => row.peerId))].filter((id) => id !== subjectId);
    return { peerIds: peerIds.join(','), peerCount: peerIds.length };
  },
};
