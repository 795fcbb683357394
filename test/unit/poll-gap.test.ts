import { FAILED_POLL_GAP_MS, FULL_BATCH_GAP_MS, PARTIAL_BATCH_GAP_MS, pollGap } from '../../src/worker/poll-gap';

test('a poll that brought all it asked for is followed at once; a partial or empty one waits for a batch to gather; a failed one backs off', () => {
  expect(pollGap({ failed: false, fetched: 10, asked: 10 })).toBe(FULL_BATCH_GAP_MS);
  expect(pollGap({ failed: false, fetched: 2, asked: 2 })).toBe(FULL_BATCH_GAP_MS);
  expect(pollGap({ failed: false, fetched: 3, asked: 10 })).toBe(PARTIAL_BATCH_GAP_MS);
  expect(pollGap({ failed: false, fetched: 0, asked: 10 })).toBe(PARTIAL_BATCH_GAP_MS);
  expect(pollGap({ failed: false, fetched: 0, asked: 0 })).toBe(PARTIAL_BATCH_GAP_MS);
  expect(pollGap({ failed: true })).toBe(FAILED_POLL_GAP_MS);
  expect([FULL_BATCH_GAP_MS, PARTIAL_BATCH_GAP_MS, FAILED_POLL_GAP_MS]).toEqual([10, 200, 2000]);
});
