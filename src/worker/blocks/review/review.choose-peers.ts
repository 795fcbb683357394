import { REVIEW_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts } from '../ports';
import { latestSubmission } from '../submissions';

/**
 * The peers the manager chose for 360 feedback, as engine variables for the multi-instance step:
 * `peerIds` comma-separated (the assignee expression indexes it by loopCounter) and `peerCount`
 * (0 skips 360). A peer named twice is asked once; the employee is never their own peer.
 */
export const reviewChoosePeers = defineBlock<Pick<CommonPorts, 'submissions'>>(REVIEW_BLOCKS.choosePeers, async (task, ports) => {
  const subjectId = requireStringVariable(task, 'subjectId');
  const choice = await latestSubmission(task, ports.submissions, 'choose-peers');
  const rows = (choice.data.peers ?? []) as Array<{ peerId: string }>;
  const peerIds = [...new Set(rows.map((row) => row.peerId))].filter((id) => id !== subjectId);
  return { peerIds: peerIds.join(','), peerCount: peerIds.length };
});
