import { nextRetry } from '../../src/domain/retry';

describe('nextRetry: what the worker tells the engine after a failure', () => {
  const policy = { attempts: 3, firstBackoffMs: 2000 };

  it('counts down from the policy on the first failure, when the engine reports no retries yet', () => {
    expect(nextRetry({ retries: null }, policy)).toEqual({ retries: 2, retryTimeout: 2000 });
  });

  it('doubles the wait on the next failure', () => {
    expect(nextRetry({ retries: 2 }, policy)).toEqual({ retries: 1, retryTimeout: 4000 });
  });

  it('reaches zero, which the engine turns into an incident', () => {
    expect(nextRetry({ retries: 1 }, policy)).toEqual({ retries: 0, retryTimeout: 0 });
    expect(nextRetry({ retries: 0 }, policy)).toEqual({ retries: 0, retryTimeout: 0 });
  });
});
