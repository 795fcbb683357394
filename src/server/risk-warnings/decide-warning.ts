import { recordAudit } from '../../platform/audit/record-audit';
import { oneWriterAtATime } from '../../db/document-lock';
import { complianceEventId } from '../../db/models/compliance-event';
import { isUnitWarning, RiskWarningModel, type RiskWarning } from '../../db/models/risk-warning';
import type { CompliancePolicy } from '../../domain/compliance';
import { findRule, type EarlyWarningPolicy } from '../../domain/early-warning';
import { CYCLE_ID } from '../../domain/ids';
import { isoDay } from '../../domain/policy-in-force';
import { importComplianceEvents } from '../../import/compliance-event-import';
import { latestPolicy } from '../../import/latest-policy';
import type { FieldProblem } from '../../platform/forms/validate-submission';
import type { CurrentUser } from '../current-user';
import { badRequest, busy, HttpError, notFound } from '../http-errors';
import { translate, type Locale } from '../i18n';

export interface WarningDecision {
  decision: 'confirmed' | 'dismissed';
  note: string;
  /** Confirmed only: the compliance event's severity and the cycle it counts against. */
  severity?: string;
  cycle?: string;
}

/** The source system a confirmed warning's compliance event names, so its lineage leads back to the warning. */
export const EARLY_WARNING_SOURCE = 'early-warning';

/**
 * A person's warning confirmed files a compliance event (severity and cycle asked); a unit's names no
 * one to file it against, so it is confirmed with the note alone (the people behind it are looked at
 * through their own warnings or a compliance import).
 */
async function readDecision(body: unknown, unitWide: boolean, locale: Locale): Promise<WarningDecision> {
  const t = (key: string) => translate(locale, `warnings.problem.${key}`);
  const problems: FieldProblem[] = [];
  const value = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  for (const name of Object.keys(value)) if (!['decision', 'note', 'severity', 'cycle'].includes(name)) problems.push({ field: name.slice(0, 100), code: 'unknown', message: t('unknown') });
  const { decision, note, severity, cycle } = value;
  if (decision !== 'confirmed' && decision !== 'dismissed') problems.push({ field: 'decision', code: 'enum', message: t('decision') });
  if (typeof note !== 'string' || note.trim().length === 0 || note.length > 2000) problems.push({ field: 'note', code: 'required', message: t('note') });
  if (decision === 'confirmed' && !unitWide) {
    const severities = (await latestPolicy<CompliancePolicy>('compliance')).body.severities;
    if (typeof severity !== 'string' || !severities.includes(severity)) problems.push({ field: 'severity', code: 'enum', message: t('severity') });
    if (typeof cycle !== 'string' || !CYCLE_ID.test(cycle)) problems.push({ field: 'cycle', code: 'pattern', message: t('cycle') });
  } else {
    const why = t(unitWide ? 'unitNoEvent' : 'onlyConfirmed');
    if (severity !== undefined) problems.push({ field: 'severity', code: 'unknown', message: why });
    if (cycle !== undefined) problems.push({ field: 'cycle', code: 'unknown', message: why });
  }
  if (problems.length > 0) throw badRequest(t('invalid'), problems);
  const filesEvent = decision === 'confirmed' && !unitWide;
  return { decision: decision as WarningDecision['decision'], note: (note as string).trim(), ...(filesEvent ? { severity: severity as string, cycle: cycle as string } : {}) };
}

/** A confirmed warning's compliance event, filed as the risk officer (idempotent: its reference is the warning). */
async function fileEvent(warning: RiskWarning, decision: WarningDecision, user: CurrentUser, locale: Locale): Promise<string> {
  const rule = findRule((await latestPolicy<EarlyWarningPolicy>('early-warning')).body, warning.rule)?.rule;
  const reference = warning._id.replace(/[^A-Za-z0-9_.-]/g, '.').slice(0, 80);
  await importComplianceEvents({
    source: { system: EARLY_WARNING_SOURCE, reference },
    records: [{
      personId: warning.personId!, cycle: decision.cycle, date: isoDay(new Date()), severity: decision.severity, confirmed: true, reference,
      description: `${rule?.title.en ?? warning.rule} (${warning.previousPeriod} → ${warning.period}): ${decision.note}`.slice(0, 2000),
    }],
  }, user, locale);
  return complianceEventId(EARLY_WARNING_SOURCE, reference);
}

/**
 * The risk officer closes an open warning: dismissed with a note, or confirmed, which for a person's
 * warning files a confirmed compliance event (it then feeds the veto, the cap and malus as any other). One decision
 * at a time per warning (the store's conditional writes are not atomic on every backend): of two
 * concurrent decisions one takes effect and the other is told (409); the same decision sent again is
 * a replay, and finishes what a first attempt that died left undone.
 */
export async function decideWarning(warningId: string, body: unknown, user: CurrentUser, locale: Locale): Promise<{ warning: RiskWarning; replayed: boolean }> {
  const found = await RiskWarningModel.findById(warningId, { scope: 1 }).lean();
  if (!found) throw notFound('warning');
  const decision = await readDecision(body, isUnitWarning(found), locale);
  return oneWriterAtATime(`risk-warning:${warningId}`, async () => {
    let warning = (await RiskWarningModel.findById(warningId).lean())!;
    const replayed = warning.status !== 'open';
    if (replayed) {
      const same = warning.outcome?.decision === decision.decision && warning.outcome.note === decision.note;
      if (!same) throw new HttpError(409, translate(locale, 'warnings.problem.closed'));
      if (decision.decision === 'dismissed' || isUnitWarning(warning) || warning.outcome?.complianceEventId) return { warning, replayed };
    } else {
      const outcome = { decision: decision.decision, note: decision.note, by: user.id, at: new Date() };
      warning = (await RiskWarningModel.findOneAndUpdate({ _id: warningId }, { $set: { status: decision.decision, outcome } }, { new: true }).lean())!;
    }
    if (decision.decision === 'confirmed' && !isUnitWarning(warning)) {
      const complianceEventId = await fileEvent(warning, decision, user, locale);
      warning = (await RiskWarningModel.findOneAndUpdate({ _id: warningId }, { $set: { 'outcome.complianceEventId': complianceEventId } }, { new: true }).lean())!;
    }
    await recordAudit({
      eventId: `risk-warning:${warningId}:${decision.decision}`, actor: user.id, action: `risk-warning.${decision.decision}`, subject: { type: 'risk-warning', id: warningId },
      details: { note: decision.note, ...(decision.severity ? { severity: decision.severity, cycle: decision.cycle, complianceEventId: warning.outcome?.complianceEventId } : {}) },
    });
    return { warning, replayed };
  }, () => busy('warning'));
}
