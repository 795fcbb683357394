import { join } from 'node:path';

/** Where the forms bench leaves its figures for the bench that drives the submission route with its completion. */
export const FORMS_FIGURES = join(process.env.BENCH_LOG_DIR ?? '/tmp', 'peers-forms-figures.json');

/** One compared figure: ours against the peer's measured in the same run, with its target. */
export interface PeerFigure {
  label: string;
  ours: number;
  peer: number;
  /** The least ratio ours/peer the issue asks for. */
  target: number;
}

export function ratio(figure: PeerFigure): number {
  // A peer figure not measured (NaN) gives no ratio, so no target is met by it.
  if (!(figure.peer >= 0)) return Number.NaN;
  return figure.peer > 0 ? figure.ours / figure.peer : Number.POSITIVE_INFINITY;
}

export function meetsTarget(figure: PeerFigure): boolean {
  return ratio(figure) >= figure.target;
}

/** `label  ours/s  peer/s  ratio× (target ≥ t×: met|NOT met)`, one line each. */
export function figureLine(figure: PeerFigure, unit: string): string {
  const r = ratio(figure);
  return `${figure.label.padEnd(34)} ${figure.ours.toFixed(1).padStart(8)} ${unit}   ${figure.peer.toFixed(1).padStart(8)} ${unit}   ${r.toFixed(2)}×  (target ≥ ${figure.target}×: ${meetsTarget(figure) ? 'met' : 'NOT met'})`;
}
