import { CompensationModel, type Compensation } from './models/compensation';
import { MetricModel, metricId } from './models/metric';
import { OrgUnitModel } from './models/org-unit';
import { PersonModel } from './models/person';
import { ReviewCaseModel, caseIdFor } from './models/review-case';
import { standingRating, standingRatingsOf } from './models/score';
import { readByIds } from './read-by-ids';

/**
 * What a unit's bonus round reads from the store, shared by the launch (which refuses a round whose
 * inputs are not there yet, naming them) and the worker steps (which compute from them).
 */

/** Unit metrics the pool needs (metricId(cycle, {type:'unit', id}, key)); amounts in minor units. */
export const REQUIRED_POOL_METRICS = ['bonusPoolBaseMinor', 'revenueMinor', 'costsMinor', 'expectedLossMinor', 'economicCapitalMinor'] as const;
/** A lending unit's loan book: all three or none (a unit without them skips the NPL and overdue tests). */
export const LOAN_METRICS = ['loansTotalMinor', 'loansNonPerformingMinor', 'loansOverdueMinor'] as const;

export interface UnitMetrics {
  values: Record<string, number>;
  metricIds: string[];
  missing: string[];
}

export async function unitPoolMetrics(cycle: string, unitId: string): Promise<UnitMetrics> {
  const keys = [...REQUIRED_POOL_METRICS, ...LOAN_METRICS];
  const found = await Promise.all(keys.map((key) => MetricModel.findById(metricId(cycle, { type: 'unit', id: unitId }, key), { value: 1 }).lean()));
  const values: Record<string, number> = {};
  const metricIds: string[] = [];
  keys.forEach((key, i) => {
    const metric = found[i];
    if (metric) {
      values[key] = metric.value;
      metricIds.push(metricId(cycle, { type: 'unit', id: unitId }, key));
    }
  });
  const missing: string[] = REQUIRED_POOL_METRICS.filter((key) => values[key] === undefined);
  const loans = LOAN_METRICS.filter((key) => values[key] !== undefined);
  if (loans.length > 0 && loans.length < LOAN_METRICS.length) missing.push(...LOAN_METRICS.filter((key) => values[key] === undefined));
  return { values, metricIds, missing };
}

export interface RoundMember {
  personId: string;
  locale: 'en' | 'zh-CN';
  rating: Awaited<ReturnType<typeof standingRating>>;
  compensation: Compensation | null;
}

/**
 * The people a unit's round covers: the unit's active members who have a review in the cycle, except
 * the unit's head — a line head never allocates or approves their own bonus; theirs belongs to the
 * level above. Read by id where it can (reviews, ratings, compensation).
 */
export async function roundMembers(cycle: string, unitId: string): Promise<{ unitExists: boolean; headId: string | null; members: RoundMember[] }> {
  const unit = await OrgUnitModel.findById(unitId, { headId: 1 }).lean();
  if (!unit) return { unitExists: false, headId: null, members: [] };
  const people = await PersonModel.find({ unitId, active: true }, { _id: 1, locale: 1 }).lean();
  const candidates = people.filter((p) => p._id !== unit.headId).sort((a, b) => (a._id < b._id ? -1 : 1));
  const reviewIdOf = (personId: string) => caseIdFor('performance-review', cycle, personId);
  const reviews = await readByIds<{ _id: string }>(ReviewCaseModel, candidates.map((p) => reviewIdOf(p._id)), { _id: 1 });
  const reviewed = candidates.filter((p) => reviews.has(reviewIdOf(p._id)));
  const [ratings, compensation] = await Promise.all([
    standingRatingsOf(cycle, reviewed.map((p) => p._id)),
    readByIds<Compensation>(CompensationModel, reviewed.map((p) => p._id)),
  ]);
  const members = reviewed.map((person, i): RoundMember => ({ personId: person._id, locale: person.locale ?? 'zh-CN', rating: ratings[i]!, compensation: compensation.get(person._id) ?? null }));
  return { unitExists: true, headId: unit.headId ?? null, members };
}
