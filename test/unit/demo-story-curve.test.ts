import { curveChanges } from '../../src/seed/demo-story/calibration';

/** The demo story's calibration meeting: ratings to the curve in score order, a reason for each move. */
const bands = [
  { band: 'A', ratings: ['A'], targetCount: 1 }, { band: 'B', ratings: ['B'], targetCount: 2 }, { band: 'C', ratings: ['C'], targetCount: 4 },
  { band: 'D', ratings: ['D'], targetCount: 2 }, { band: 'E', ratings: ['E'], targetCount: 1 },
];
const person = (personId: string, score: number, proposedRating: string) => ({ personId, score, proposedRating });

test('ten people proposed 2 A, 4 B, 3 C, 1 D end at 1, 2, 4, 2, 1 by score, each move with a reason', () => {
  const people = [
    person('p01', 5, 'A'), person('p02', 4.65, 'A'), person('p03', 4.15, 'B'), person('p04', 4, 'B'), person('p05', 3.8, 'B'),
    person('p06', 3.5, 'B'), person('p07', 3.35, 'C'), person('p08', 3, 'C'), person('p09', 2.8, 'C'), person('p10', 2.35, 'D'),
  ];
  const changes = curveChanges(people, bands);
  expect(changes.map((c) => `${c.personId}→${c.toRating}`)).toEqual(['p02→B', 'p04→C', 'p05→C', 'p06→C', 'p08→D', 'p09→D', 'p10→E']);
  expect(changes.every((c) => c.reason.length > 20)).toBe(true);
});

test('someone proposed below their place on the curve moves up, with a reason of that kind', () => {
  const people = [person('p1', 4.8, 'C'), person('p2', 4, 'B'), person('p3', 3, 'C'), person('p4', 3, 'C'), person('p5', 3, 'C'), person('p6', 3, 'C'), person('p7', 2, 'D'), person('p8', 2, 'D'), person('p9', 1, 'E'), person('p10', 3.9, 'B')];
  const changes = curveChanges(people, bands);
  expect(changes[0]).toMatchObject({ personId: 'p1', toRating: 'A' });
  expect(changes[0]!.reason).toMatch(/under-rated|Took over/);
});
