import { recordAudit } from '../platform/audit/record-audit';
import { isDuplicateKey } from '../db/duplicate-key';
import { MetricModel, type Metric } from '../db/models/metric';
import { PersonModel } from '../db/models/person';
import { RiskWarningModel, riskWarningId, type RiskWarning } from '../db/models/risk-warning';
import { detectWarnings, isQuarter, watchedMetrics, type EarlyWarningPolicy, type PeriodFigures } from '../domain/early-warning';
import { latestPolicy } from './latest-policy';

/**
 * Runs the early-warning rules (policies/early-warning.json) over the quarterly figures of the
 * people whose watched figures an import wrote, and records each warning not raised before, with
 * one audit entry each.
 * A warning already raised, open or closed, is left as it is: detecting again after a re-import
 * never reopens what the risk officer closed. Answers how many warnings were new, or null when the
 * import wrote no figure a rule watches.
 */
export async function raiseEarlyWarnings(imported: ReadonlyArray<Pick<Metric, 'scope' | 'key'>>, actor: string): Promise<number | null> {
  const policy = await latestPolicy<EarlyWarningPolicy>('early-warning');
  const watched = [...watchedMetrics(policy.body)];
  const people = new Set(imported.filter((m) => m.scope.type === 'person' && watched.includes(m.key)).map((m) => m.scope.id));
  if (people.size === 0) return null;
  // One read of the watched person figures (a scan, narrowed by key): an import touches few people, the detector needs all their quarters.
  const figures = (await MetricModel.find({ key: { $in: watched }, 'scope.type': 'person' }, { cycle: 1, scope: 1, key: 1, value: 1 }).lean())
    .filter((m) => people.has(m.scope.id) && isQuarter(m.cycle));
  const quartersOf = new Map<string, Map<string, PeriodFigures>>();
  for (const m of figures) {
    const quarters = quartersOf.get(m.scope.id) ?? new Map<string, PeriodFigures>();
    const quarter = quarters.get(m.cycle) ?? { period: m.cycle, values: {} };
    quarter.values[m.key] = m.value;
    quarters.set(m.cycle, quarter);
    quartersOf.set(m.scope.id, quarters);
  }
  const units = new Map((await PersonModel.find({ _id: { $in: [...quartersOf.keys()] } }, { unitId: 1 }).lean()).map((p) => [p._id, p.unitId]));
  let raised = 0;
  for (const [personId, quarters] of quartersOf) {
    for (const rule of policy.body.rules) {
      for (const warning of detectWarnings(rule, [...quarters.values()])) {
        const doc: RiskWarning = {
          _id: riskWarningId(rule.key, personId, warning.period), rule: rule.key, policyVersion: policy.version, personId,
          unitId: units.get(personId) ?? '', period: warning.period, previousPeriod: warning.previousPeriod, evidence: warning.evidence,
          raisedAt: new Date(), status: 'open',
        };
        try {
          await RiskWarningModel.create(doc);
          raised++;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        // Recorded once per warning however often detection runs (the entry's identity is the warning's).
        await recordAudit({
          eventId: `risk-warning:${doc._id}:raised`, actor, action: 'risk-warning.raised', subject: { type: 'risk-warning', id: doc._id },
          details: { personId, period: warning.period, rule: rule.key, policyVersion: policy.version, evidence: warning.evidence },
        });
      }
    }
  }
  return raised;
}
