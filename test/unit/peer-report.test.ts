import { figureLine, meetsTarget, ratio } from '../../src/bench/peers/peer-report';

describe('peers bench figures', () => {
  test('the ratio is ours over the peer\'s; a target is met at or above it', () => {
    const figure = { label: 'x', ours: 180, peer: 100, target: 2 };
    expect(ratio(figure)).toBeCloseTo(1.8);
    expect(meetsTarget(figure)).toBe(false);
    expect(meetsTarget({ ...figure, ours: 200 })).toBe(true);
  });

  test('a peer figure not measured (NaN) is not met, and one of 0 is an unbounded ratio', () => {
    expect(meetsTarget({ label: 'x', ours: 10, peer: Number.NaN, target: 2 })).toBe(false);
    expect(ratio({ label: 'x', ours: 10, peer: 0, target: 2 })).toBe(Number.POSITIVE_INFINITY);
  });

  test('a printed line carries both figures, the ratio, the target and the verdict', () => {
    const line = figureLine({ label: 'self-assessment, 10 clients', ours: 182.24, peer: 94.6, target: 2 }, 'sub/s');
    expect(line).toContain('182.2 sub/s');
    expect(line).toContain('94.6 sub/s');
    expect(line).toContain('1.93×');
    expect(line).toContain('(target ≥ 2×: NOT met)');
  });
});
