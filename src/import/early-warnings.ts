import { recordAudit } from '../platform/audit/record-audit';
import { isDuplicateKey } from '../db/duplicate-key';
import { MetricModel, type Metric } from '../db/models/metric';
import { notify } from '../db/models/notification';
import { OrgUnitModel } from '../db/models/org-unit';
import { PersonModel } from '../db/models/person';
import { RiskWarningModel, riskWarningId, unitRiskWarningId, type RiskWarning } from '../db/models/risk-warning';
import { detectWarnings, findRule, isQuarter, rulesFor, watchedMetrics, type EarlyWarningPolicy, type PeriodFigures, type WarningScope } from '../domain/early-warning';
import type { PolicyVersion } from '../db/models/policy-version';
import { latestPolicy } from './latest-policy';

/** Each subject's quarters of the watched figures, read once (a scan narrowed by key): an import touches few subjects, the detector needs all their quarters. */
async function quartersOf(scope: WarningScope, watched: string[], subjects: ReadonlySet<string>): Promise<Map<string, PeriodFigures[]>> {
  const figures = (await MetricModel.find({ key: { $in: watched }, 'scope.type': scope }, { cycle: 1, scope: 1, key: 1, value: 1 }).lean())
    .filter((m) => subjects.has(m.scope.id) && isQuarter(m.cycle));
  const bySubject = new Map<string, Map<string, PeriodFigures>>();
  for (const m of figures) {
    const quarters = bySubject.get(m.scope.id) ?? new Map<string, PeriodFigures>();
    const quarter = quarters.get(m.cycle) ?? { period: m.cycle, values: {} };
    quarter.values[m.key] = m.value;
    quarters.set(m.cycle, quarter);
    bySubject.set(m.scope.id, quarters);
  }
  return new Map([...bySubject].map(([id, quarters]) => [id, [...quarters.values()]]));
}

/**
 * Who is told a warning was raised (000 §三.3: "for the manager and the risk officer"): the person's
 * manager, or for a unit its head, and every active risk officer. The message names the subject, the
 * quarter and the rule, never a figure; the link leads to /risk-warnings, which checks access.
 */
async function tellOf(doc: RiskWarning, policy: EarlyWarningPolicy): Promise<void> {
  const [subject, unit, officers] = await Promise.all([
    doc.personId ? PersonModel.findById(doc.personId, { name: 1, managerId: 1 }).lean() : null,
    OrgUnitModel.findById(doc.unitId, { name: 1, headId: 1 }).lean(),
    PersonModel.find({ roles: 'risk-officer', active: { $ne: false } }, { _id: 1 }).lean(),
  ]);
  const responsible = doc.personId ? subject?.managerId : unit?.headId;
  const recipients = [...new Set([responsible, ...officers.map((o) => o._id)].filter((id): id is string => !!id && id !== doc.personId))];
  const rule = findRule(policy, doc.rule)?.rule.title;
  const name = doc.personId ? subject?.name : unit?.name;
  const params = {
    period: doc.period,
    subjectEn: name?.en ?? doc.personId ?? doc.unitId, subjectZh: name?.['zh-CN'] ?? name?.en ?? doc.personId ?? doc.unitId,
    ruleEn: rule?.en ?? doc.rule, ruleZh: rule?.['zh-CN'] ?? rule?.en ?? doc.rule,
  };
  for (const recipient of recipients) await notify(recipient, doc._id, 'risk-warning.raised', params);
}

/**
 * Records a detected warning unless it was raised before (open or closed), its audit entry once,
 * and tells the manager and the risk officers while it is open (each message once: keyed by the
 * warning, so detecting again after a crash finishes what was not sent); true when it is new.
 */
async function record(doc: RiskWarning, policy: EarlyWarningPolicy, actor: string): Promise<boolean> {
  let created = false;
  try {
    await RiskWarningModel.create(doc);
    created = true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  if (created || (await RiskWarningModel.findById(doc._id, { status: 1 }).lean())?.status === 'open') await tellOf(doc, policy);
  // Recorded once per warning however often detection runs (the entry's identity is the warning's).
  await recordAudit({
    eventId: `risk-warning:${doc._id}:raised`, actor, action: 'risk-warning.raised', subject: { type: 'risk-warning', id: doc._id },
    details: { ...(doc.personId ? { personId: doc.personId } : { unitId: doc.unitId }), period: doc.period, rule: doc.rule, policyVersion: doc.policyVersion, evidence: doc.evidence },
  });
  return created;
}

/** The warnings one kind of rule raises over the subjects whose watched figures an import wrote; null when it wrote none. */
async function raiseFor(scope: WarningScope, policy: PolicyVersion<EarlyWarningPolicy>, imported: ReadonlyArray<Pick<Metric, 'scope' | 'key'>>, actor: string): Promise<number | null> {
  const watched = [...watchedMetrics(policy.body, scope)];
  const subjects = new Set(imported.filter((m) => m.scope.type === scope && watched.includes(m.key)).map((m) => m.scope.id));
  if (subjects.size === 0) return null;
  const quarters = await quartersOf(scope, watched, subjects);
  const unitOf = scope === 'person'
    ? new Map((await PersonModel.find({ _id: { $in: [...quarters.keys()] } }, { unitId: 1 }).lean()).map((p) => [p._id, p.unitId]))
    : new Map([...quarters.keys()].map((id) => [id, id]));
  let raised = 0;
  for (const [subjectId, figures] of quarters) {
    for (const rule of rulesFor(policy.body, scope)) {
      for (const warning of detectWarnings(rule, figures)) {
        const doc: RiskWarning = {
          _id: scope === 'unit' ? unitRiskWarningId(rule.key, subjectId, warning.period) : riskWarningId(rule.key, subjectId, warning.period),
          rule: rule.key, policyVersion: policy.version, scope, ...(scope === 'person' ? { personId: subjectId } : {}),
          unitId: unitOf.get(subjectId) ?? '', period: warning.period, previousPeriod: warning.previousPeriod, evidence: warning.evidence,
          raisedAt: new Date(), status: 'open',
        };
        if (await record(doc, policy.body, actor)) raised++;
      }
    }
  }
  return raised;
}

/**
 * Runs the early-warning rules (policies/early-warning.json) over the quarterly figures of the
 * people (its `rules`) and units (its `unitRules`) whose watched figures an import wrote, and records
 * each warning not raised before, with one audit entry each.
 * A warning already raised, open or closed, is left as it is: detecting again after a re-import
 * never reopens what the risk officer closed. Answers how many warnings were new, or null when the
 * import wrote no figure a rule watches.
 */
export async function raiseEarlyWarnings(imported: ReadonlyArray<Pick<Metric, 'scope' | 'key'>>, actor: string): Promise<number | null> {
  const policy = await latestPolicy<EarlyWarningPolicy>('early-warning');
  const [people, units] = [await raiseFor('person', policy, imported, actor), await raiseFor('unit', policy, imported, actor)];
  return people === null && units === null ? null : (people ?? 0) + (units ?? 0);
}
