import policyFile from '../../policies/talent.json';
import { talentRecord, type CycleResult, type TalentPolicy } from '../../src/domain/talent';

const policy = policyFile.body as TalentPolicy;
const SCALE = ['A', 'B', 'C', 'D', 'E'];
const result = (cycle: string, rating: string | null, behaviour: number | null = null): CycleResult => ({ cycle, rating, behaviour });
const flagsOf = (history: CycleResult[], p: TalentPolicy = policy) => talentRecord(history, p, SCALE).flags;

test('B then A with behaviour 5: two high in a row, high potential, ready for promotion, each with its reason', () => {
  expect(flagsOf([result('2025-H2', 'B', 4), result('2026-H1', 'A', 5)])).toEqual([
    { flag: 'consecutive-high', reason: { count: 2, required: 2, ratings: '2025-H2 B, 2026-H1 A' } },
    { flag: 'high-potential', reason: { cycle: '2026-H1', performance: 'high', behaviour: 'high' } },
    { flag: 'ready-for-promotion', reason: { count: 2, required: 2, ratings: '2025-H2 B, 2026-H1 A', cycle: '2026-H1' } },
  ]);
});

test('A then C: the run is broken and C is no high performance, whatever the behaviour', () => {
  expect(flagsOf([result('2025-H2', 'A', 5), result('2026-H1', 'C', 5)])).toEqual([]);
});

test('two high in a row with behaviour 3: consecutive high but not high potential, so not ready', () => {
  expect(flagsOf([result('2025-H2', 'A', 3), result('2026-H1', 'A', 3)]).map((f) => f.flag)).toEqual(['consecutive-high']);
});

test('one high cycle with behaviour 5: high potential, but one in a row is not enough for readiness', () => {
  expect(flagsOf([result('2025-H2', 'C', 3), result('2026-H1', 'A', 5)]).map((f) => f.flag)).toEqual(['high-potential']);
});

test('a cycle without a result breaks the run; the 9-box is the latest cycle with one, and readiness needs the latest cycle itself', () => {
  const record = talentRecord([result('2025-H1', 'A', 5), result('2025-H2', 'A', 5), result('2026-H1', null)], policy, SCALE);
  expect(record.consecutiveHigh).toBe(0);
  expect(record.flags).toEqual([{ flag: 'high-potential', reason: { cycle: '2025-H2', performance: 'high', behaviour: 'high' } }]);
  expect(record.history.map((r) => r.box)).toEqual([{ performance: 'high', behaviour: 'high' }, { performance: 'high', behaviour: 'high' }, null]);
});

test('the run counts back from the latest cycle: A, C, A, B is two in a row', () => {
  expect(talentRecord([result('a', 'A', 4), result('b', 'C', 4), result('c', 'A', 4), result('d', 'B', 4)], policy, SCALE).consecutiveHigh).toBe(2);
});

test('the policy decides: three in a row required, and only A counts as high', () => {
  const strict: TalentPolicy = { ...policy, highRatings: ['A'], consecutiveHighCycles: 3, readyForPromotion: { consecutiveHighCycles: 3, highPotentialInLatest: true } };
  expect(flagsOf([result('a', 'B', 5), result('b', 'A', 5), result('c', 'A', 5)], strict).map((f) => f.flag)).toEqual(['high-potential']);
  expect(flagsOf([result('a', 'A', 5), result('b', 'A', 5), result('c', 'A', 5)], strict).map((f) => f.flag)).toEqual(['consecutive-high', 'high-potential', 'ready-for-promotion']);
});

test('a policy that does not ask for high potential: two high in a row is enough', () => {
  const lenient: TalentPolicy = { ...policy, readyForPromotion: { consecutiveHighCycles: 2, highPotentialInLatest: false } };
  expect(flagsOf([result('a', 'B', 2), result('b', 'B', 2)], lenient).map((f) => f.flag)).toEqual(['consecutive-high', 'ready-for-promotion']);
});
