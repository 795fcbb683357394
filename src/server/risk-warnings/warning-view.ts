import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel } from '../../db/models/person';
import { isUnitWarning, RiskWarningModel, type RiskWarning } from '../../db/models/risk-warning';
import { personNames } from '../../db/person-cards';
import { findRule, type EarlyWarningPolicy } from '../../domain/early-warning';
import { latestPolicy } from '../../import/latest-policy';
import type { MetricCatalogue } from '../../import/metric-catalogue';
import { formatMoney } from '../../lib/format-money';
import type { CurrentUser } from '../current-user';
import { translate, type Locale } from '../i18n';
import { readsAllWarnings } from './warning-access';


/** Which warnings to read: those on these people, and those on this unit as a whole (either or both; neither = all). */
export interface WarningFilter {
  personIds?: readonly string[];
  unitId?: string;
}

function queryOf(filter: WarningFilter): Record<string, unknown> {
  const parts: Record<string, unknown>[] = [];
  if (filter.personIds) parts.push({ personId: { $in: [...filter.personIds] } });
  if (filter.unitId !== undefined) parts.push({ scope: 'unit', unitId: filter.unitId });
  if (parts.length === 0) return {};
  return parts.length === 1 ? parts[0]! : { $or: parts };
}

/**
 * The warnings this reader may see (warning-access.ts): all of them for the read-all roles; a
 * manager's own reports', and those on the units a person heads or partners as HRBP, the unit's own
 * warnings among them (a manager who is neither reads no unit's). Open ones first, newest first.
 */
export async function readableWarnings(user: CurrentUser, filter: WarningFilter = {}): Promise<RiskWarning[]> {
  const all = await RiskWarningModel.find(queryOf(filter)).lean();
  let visible = all;
  if (!readsAllWarnings(user)) {
    const [reports, headed] = await Promise.all([
      PersonModel.find({ managerId: user.id }, { _id: 1 }).lean(),
      OrgUnitModel.find({ $or: [{ headId: user.id }, { hrbpId: user.id }] }, { _id: 1 }).lean(),
    ]);
    const people = new Set(reports.map((p) => p._id));
    const units = new Set(headed.map((u) => u._id));
    visible = all.filter((w) => (!isUnitWarning(w) && people.has(w.personId ?? '')) || units.has(w.unitId));
  }
  return visible.sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.period.localeCompare(a.period) || (a.personId ?? '').localeCompare(b.personId ?? ''));
}

/** A figure as its catalogue measures it: money in the reader's locale, a percentage, a count. */
function figure(value: number, unitOfMeasure: string | undefined, currency: string, locale: Locale): string {
  if (unitOfMeasure === 'minor currency units') return formatMoney(value, currency, locale);
  if (unitOfMeasure === 'percent') return `${value} %`;
  return new Intl.NumberFormat(locale).format(value);
}

/** Warnings as a person reads them: names, the rule's words, each figure by its catalogue title with both quarters. */
export async function warningsInWords(warnings: readonly RiskWarning[], locale: Locale) {
  const [policy, catalogue] = await Promise.all([latestPolicy<EarlyWarningPolicy>('early-warning'), latestPolicy<MetricCatalogue>('metric-catalogue')]);
  const metrics = new Map(catalogue.body.metrics.map((m) => [m.key, m]));
  const names = await personNames([...new Set(warnings.flatMap((w) => [w.personId ?? '', w.outcome?.by ?? '']).filter(Boolean))]);
  const units = new Map((await OrgUnitModel.find({ _id: { $in: [...new Set(warnings.map((w) => w.unitId))] } }, { name: 1 }).lean()).map((u) => [u._id, u.name]));
  const nameOf = (id: string) => names.get(id)?.[locale] ?? names.get(id)?.en ?? id;
  return warnings.map((w) => ({
    id: w._id,
    // A unit's warning names no person: the unit as a whole raised it.
    scope: isUnitWarning(w) ? 'unit' as const : 'person' as const,
    unitWide: isUnitWarning(w),
    personId: w.personId ?? null,
    person: w.personId ? nameOf(w.personId) : null,
    unitId: w.unitId,
    unit: units.get(w.unitId)?.[locale] ?? units.get(w.unitId)?.en ?? w.unitId,
    period: w.period,
    previousPeriod: w.previousPeriod,
    rule: findRule(policy.body, w.rule)?.rule.title[locale] ?? w.rule,
    status: w.status,
    statusText: translate(locale, `warnings.status.${w.status}`),
    evidence: w.evidence.map((e) => {
      const metric = metrics.get(e.metric);
      return {
        metric: metric?.title[locale] ?? e.metric,
        previous: figure(e.previous, metric?.unitOfMeasure, policy.body.currency, locale),
        current: figure(e.current, metric?.unitOfMeasure, policy.body.currency, locale),
        // From zero there is no percentage: the change is said in the figure's own unit.
        change: e.growthPercent === null ? `${e.current >= e.previous ? '+' : '−'}${figure(Math.abs(e.current - e.previous), metric?.unitOfMeasure, policy.body.currency, locale)}` : `${e.growthPercent > 0 ? '+' : ''}${e.growthPercent} %`,
        lead: e.role === 'lead',
      };
    }),
    outcome: w.outcome ? { decision: translate(locale, `warnings.status.${w.outcome.decision}`), note: w.outcome.note, by: nameOf(w.outcome.by), at: w.outcome.at, complianceEventId: w.outcome.complianceEventId ?? null } : null,
  }));
}
