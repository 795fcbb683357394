/**
 * Which version of a policy a new case pins: the highest version whose effective date has come.
 * A version dated in the future waits for its date; until then the one before it stays in force.
 * Running cases never move: they keep the version they pinned when they started.
 * When no version has reached its date yet (a store set up before the shipped files' date), the
 * first version is used, so the platform never runs without a policy.
 */
export interface DatedVersion {
  version: number;
  effectiveFrom: Date | string;
}

export function versionInForce(versions: readonly DatedVersion[], now: Date): number | undefined {
  let inForce: number | undefined;
  let first: number | undefined;
  for (const v of versions) {
    if (first === undefined || v.version < first) first = v.version;
    if (new Date(v.effectiveFrom).getTime() <= now.getTime() && (inForce === undefined || v.version > inForce)) inForce = v.version;
  }
  return inForce ?? first;
}

/** YYYY-MM-DD of a day in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
