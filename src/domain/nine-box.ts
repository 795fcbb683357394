/**
 * The 9-box of a calibration: performance (the rating, best first on the scoring policy's scale) ×
 * behaviour (the manager's behaviour rating, 1–5, kept in the final score's explanation). The
 * behaviour dimension is the nearest thing to "potential" the review records: how someone works
 * with others and lives the bank's conduct rules, assessed by their manager and weighed in the score.
 *
 * Levels: performance high = the best 40 % of the rating scale (A, B of A–E), low = the worst 40 %
 * (D, E), medium in between (C). Behaviour high = 4–5, medium = 3, low = 1–2. A person without a
 * behaviour rating is listed apart (unplaced), never guessed.
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

export function behaviourLevel(rating: number | null): Level | null {
  if (rating === null || !Number.isFinite(rating)) return null;
  return rating >= 4 ? 'high' : rating >= 3 ? 'medium' : 'low';
}

export function placeInNineBox(people: readonly NineBoxPerson[], scaleBestFirst: readonly string[]): NineBox {
  const empty = () => ({ low: [] as string[], medium: [] as string[], high: [] as string[] });
  const box: NineBox = { cells: { low: empty(), medium: empty(), high: empty() }, unplaced: [] };
  for (const person of people) {
    const p = performanceLevel(person.rating, scaleBestFirst);
    const b = behaviourLevel(person.behaviour);
    if (p && b) box.cells[p][b].push(person.id);
    else box.unplaced.push(person.id);
  }
  return box;
}
