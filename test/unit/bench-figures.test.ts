import { cpuTotal, percentile, percentiles, seededRandom, targetLine, verdict } from '../../src/bench/bench-figures';
import { groupOfPerson, loadPersonId, loadTasks } from '../../src/bench/inbox-load-setup';

describe('bench latency figures', () => {
  test('nearest-rank percentiles of 1..100 are the rank itself', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 95, 99, 100]);
  });

  test('a small sample: p99 is its largest value, p50 the lower middle; unsorted input is sorted first', () => {
    expect(percentiles([30, 10, 20, 40])).toEqual({ count: 4, p50: 20, p95: 40, p99: 40 });
    expect(percentile([7], 1)).toBe(7);
  });

  test('no samples give no figure, and no figure does not meet a target', () => {
    expect(percentiles([]).p99).toBeNaN();
    expect(verdict(Number.NaN, 50)).toBe('not met');
    expect(verdict(50, 50)).toBe('met');
    expect(verdict(50.1, 50)).toBe('not met');
    expect(targetLine('GET /api/inbox p99', 61.25, 50, ' ms')).toMatch(/61\.3 ms\s+\(target ≤ 50 ms\)\s+not met$/);
  });

  test('the seeded random source repeats for one seed and stays in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(draws[0]);
  });
});

test('CPU of all parts between two readings; a part first seen in the second reading counts from zero', () => {
  const before = new Map([['engine', 10], ['store', 5]]);
  const after = new Map([['engine', 40], ['store', 7], ['bench driver', 3]]);
  expect(cpuTotal(before, after)).toBe(35);
});

describe('the inbox bench plan', () => {
  const tasks = loadTasks({ people: 100, tasks: 1000, groupTasks: 200 }, 'r');

  test('one case per person and cycle, group tasks at the end, spread over the groups', () => {
    expect(new Set(tasks.map((t) => `${t.cycle}:${t.subjectId}`)).size).toBe(1000);
    expect(tasks.filter((t) => t.group === null)).toHaveLength(800);
    expect(tasks.slice(800).every((t) => t.group !== null)).toBe(true);
    expect(new Set(tasks.map((t) => t.group).filter(Boolean)).size).toBe(8);
  });

  test('nobody is offered a group task about themselves (the inbox would list it, the task route refuse it)', () => {
    const groupOf = new Map(Array.from({ length: 100 }, (_, i) => [loadPersonId(i), groupOfPerson(i)]));
    expect(tasks.filter((t) => t.group !== null && t.group === groupOf.get(t.subjectId))).toEqual([]);
  });
});
