/**
 * Compliance veto (合规一票否决) and downgrade cap (降级封顶). Confirmed compliance events are matched
 * against the rules of the compliance policy (policies/compliance.json). A rule fires when at least
 * `minCount` confirmed events are of `minSeverity` or worse; a fired rule may cap the best rating the
 * person can reach and may limit the bonus to a multiplier (0 = veto, 1 = untouched, 0.5 = halved).
 *
 * Every fired rule applies: the final rating is the worst of the proposed rating and all caps, the bonus
 * multiplier the smallest of all multipliers. Unconfirmed events (still under investigation) change
 * nothing and are listed as ignored, so the explanation shows they were seen.
 *
 * Ratings are ordered best first, as in the rating bands of the scoring policy (A … E).
 */
import { assertPolicyRef, type Explanation, type ExplanationStep, type PolicyRef } from './explanation';

export class ComplianceInputError extends Error {
  override readonly name = 'ComplianceInputError';
}

export interface ComplianceEvent {
  id: string;
  severity: string;
  /** Confirmed by the compliance officer; only confirmed events count. */
  confirmed: boolean;
  date?: string;
  summary?: string;
}

export interface ComplianceRule {
  id: string;
  /** The rule counts events of this severity or worse. */
  minSeverity: string;
  minCount: number;
  /** The best rating reachable once the rule fires; absent or null leaves the rating alone. */
  capRating?: string | null;
  /** The most of the bonus that may be paid once the rule fires, 0–1. */
  bonusMultiplier: number;
  title?: { en: string; 'zh-CN': string };
}

export interface CompliancePolicy {
  /** Least severe first. */
  severities: string[];
  rules: ComplianceRule[];
}

export interface FiredRule {
  ruleId: string;
  eventIds: string[];
  capRating: string | null;
  bonusMultiplier: number;
}

export interface ComplianceInputs {
  rating: string;
  ratings: string[];
  events: ComplianceEvent[];
}

export interface ComplianceResult extends Explanation<ComplianceInputs> {
  proposedRating: string;
  rating: string;
  /** True when a cap made the rating worse than proposed. */
  capped: boolean;
  capRating: string | null;
  bonusMultiplier: number;
  /** The bonus is zeroed. */
  veto: boolean;
  firedRules: FiredRule[];
  /** The rule that decided the rating and the one that decided the multiplier (null when nothing applied). */
  decidedBy: { rating: string | null; bonusMultiplier: string | null };
  ignoredEvents: Array<{ id: string; reason: string }>;
}

function validate(rating: string, ratings: readonly string[], events: readonly ComplianceEvent[], policy: CompliancePolicy): void {
  if (ratings.length === 0 || new Set(ratings).size !== ratings.length) throw new ComplianceInputError('ratings must be a non-empty list without repeats, best first');
  if (!ratings.includes(rating)) throw new ComplianceInputError(`rating "${rating}" is not one of ${ratings.join(', ')}`);
  const severities = policy.severities ?? [];
  if (severities.length === 0 || new Set(severities).size !== severities.length) throw new ComplianceInputError('the compliance policy needs a list of distinct severities, least severe first');
  const ruleIds = new Set<string>();
  for (const rule of policy.rules ?? []) {
    if (!rule.id || ruleIds.has(rule.id)) throw new ComplianceInputError(`compliance rule ids must be present and unique, got "${rule.id}"`);
    ruleIds.add(rule.id);
    if (!severities.includes(rule.minSeverity)) throw new ComplianceInputError(`rule ${rule.id}: unknown severity "${rule.minSeverity}"`);
    if (!Number.isInteger(rule.minCount) || rule.minCount < 1) throw new ComplianceInputError(`rule ${rule.id}: minCount must be a whole number ≥ 1`);
    if (rule.capRating != null && !ratings.includes(rule.capRating)) throw new ComplianceInputError(`rule ${rule.id}: cap rating "${rule.capRating}" is not one of ${ratings.join(', ')}`);
    if (!Number.isFinite(rule.bonusMultiplier) || rule.bonusMultiplier < 0 || rule.bonusMultiplier > 1) {
      throw new ComplianceInputError(`rule ${rule.id}: bonusMultiplier must be between 0 and 1, got ${rule.bonusMultiplier}`);
    }
  }
  const eventIds = new Set<string>();
  for (const event of events) {
    if (!event.id || eventIds.has(event.id)) throw new ComplianceInputError(`compliance event ids must be present and unique, got "${event.id}"`);
    eventIds.add(event.id);
    if (!severities.includes(event.severity)) throw new ComplianceInputError(`event ${event.id}: unknown severity "${event.severity}" (known: ${severities.join(', ')})`);
    if (typeof event.confirmed !== 'boolean') throw new ComplianceInputError(`event ${event.id}: confirmed must be true or false`);
  }
}

/** The worse of two ratings, in a best-first list. */
function worse(ratings: readonly string[], a: string, b: string): string {
  return ratings.indexOf(a) >= ratings.indexOf(b) ? a : b;
}

export function applyCompliance(rating: string, events: ComplianceEvent[], ratings: string[], policy: CompliancePolicy, policyRef: PolicyRef): ComplianceResult {
  validate(rating, ratings, events, policy);
  assertPolicyRef(policyRef, ComplianceInputError);

  const rank = (severity: string) => policy.severities.indexOf(severity);
  const confirmed = events.filter((e) => e.confirmed);
  const ignoredEvents = events.filter((e) => !e.confirmed).map((e) => ({ id: e.id, reason: 'not confirmed: under investigation, changes nothing yet' }));

  const steps: ExplanationStep[] = [];
  const firedRules: FiredRule[] = [];
  for (const rule of policy.rules) {
    const matching = confirmed.filter((e) => rank(e.severity) >= rank(rule.minSeverity));
    const fired = matching.length >= rule.minCount;
    steps.push({
      step: `rule ${rule.id}`,
      formula: `fires when confirmed events of severity ${rule.minSeverity} or worse ≥ ${rule.minCount}`,
      values: { matchingEvents: matching.length, minCount: rule.minCount, capRating: rule.capRating ?? null, bonusMultiplier: rule.bonusMultiplier },
      result: fired,
      ...(fired ? { note: `events ${matching.map((e) => e.id).join(', ')}` } : {}),
    });
    if (fired) firedRules.push({ ruleId: rule.id, eventIds: matching.map((e) => e.id), capRating: rule.capRating ?? null, bonusMultiplier: rule.bonusMultiplier });
  }

  let finalRating = rating;
  let capRating: string | null = null;
  let ratingRule: string | null = null;
  let bonusMultiplier = 1;
  let multiplierRule: string | null = null;
  for (const fired of firedRules) {
    if (fired.capRating !== null) {
      if (capRating === null || worse(ratings, fired.capRating, capRating) !== capRating) capRating = fired.capRating;
      const next = worse(ratings, finalRating, fired.capRating);
      if (next !== finalRating) ratingRule = fired.ruleId;
      finalRating = next;
    }
    if (fired.bonusMultiplier < bonusMultiplier) {
      bonusMultiplier = fired.bonusMultiplier;
      multiplierRule = fired.ruleId;
    }
  }
  steps.push({
    step: 'final rating',
    formula: 'the worse of the proposed rating and every fired cap',
    values: { proposedRating: rating, capRating },
    result: finalRating,
  });
  steps.push({
    step: 'bonus multiplier',
    formula: 'the smallest multiplier of the fired rules; 1 when none fired',
    values: Object.fromEntries(firedRules.map((f) => [f.ruleId, f.bonusMultiplier])),
    result: bonusMultiplier,
  });

  return {
    formula: 'rating = worst(proposed, caps of fired rules); bonus multiplier = min(1, multipliers of fired rules)',
    inputs: { rating, ratings, events },
    steps,
    proposedRating: rating,
    rating: finalRating,
    capped: finalRating !== rating,
    capRating,
    bonusMultiplier,
    veto: bonusMultiplier === 0,
    firedRules,
    decidedBy: { rating: ratingRule, bonusMultiplier: multiplierRule },
    ignoredEvents,
    policy: policyRef,
  };
}
