/**
 * The 9-box of a calibration: performance (the rating, best first on the scoring policy's scale) ×
 * the manager's rating of the scoring policy's 9-box dimension (`nineBoxDimension`, behaviour in
 * the shipped policy), kept in the final score's explanation. Behaviour is the nearest thing to
 * "potential" the review records: how someone works with others and lives the bank's conduct
 * rules, assessed by their manager and weighed in the score. (The fields below keep the name
 * `behaviour` for that vertical axis, whichever dimension the policy names.)
 *
 * Levels: performance high = the best 40 % of the rating scale (A, B of A–E), low = the worst 40 %
 * (D, E), medium in between (C). On the rating scale min–max, behaviour high = from three quarters
 * of the way up, medium = from half way, low below: on 1–5, high = 4–5, medium = 3, low = 1–2; on
 * 1–10, high from 7.75, medium from 5.5. A person without that rating is listed apart (unplaced),
 * never guessed.
 *
 * Worked example on A–E: rating B with behaviour 5 → performance high, behaviour high (top right);
 * rating C with behaviour 2 → medium, low; rating E with behaviour 3 → low, medium.
 */
export type Level = 'low' | 'medium' | 'high';
export const LEVELS: Level[] = ['low', 'medium', 'high'];

export interface NineBoxPerson {
  id: string;
  rating: string;
  behaviour: number | null;
}

export interface NineBox {
  /** cells[performance][behaviour]: the ids placed there. */
  cells: Record<Level, Record<Level, string[]>>;
  unplaced: string[];
}

export function performanceLevel(rating: string, scaleBestFirst: readonly string[]): Level | null {
  const index = scaleBestFirst.indexOf(rating);
  if (index < 0) return null;
  const edge = Math.floor(scaleBestFirst.length * 0.4);
  if (index < edge) return 'high';
  if (index >= scaleBestFirst.length - edge) return 'low';
  return 'medium';
}

export interface RatingScale {
  min: number;
  max: number;
}

const SHIPPED_SCALE: RatingScale = { min: 1, max: 5 };

export function behaviourLevel(rating: number | null, scale: RatingScale = SHIPPED_SCALE): Level | null {
  if (rating === null || !Number.isFinite(rating)) return null;
  const span = scale.max - scale.min;
  return rating >= scale.min + 0.75 * span ? 'high' : rating >= scale.min + 0.5 * span ? 'medium' : 'low';
}

export function placeInNineBox(people: readonly NineBoxPerson[], scaleBestFirst: readonly string[], ratingScale: RatingScale = SHIPPED_SCALE): NineBox {
  const empty = () => ({ low: [] as string[], medium: [] as string[], high: [] as string[] });
  const box: NineBox = { cells: { low: empty(), medium: empty(), high: empty() }, unplaced: [] };
  for (const person of people) {
    const p = performanceLevel(person.rating, scaleBestFirst);
    const b = behaviourLevel(person.behaviour, ratingScale);
    if (p && b) box.cells[p][b].push(person.id);
    else box.unplaced.push(person.id);
  }
  return box;
}
