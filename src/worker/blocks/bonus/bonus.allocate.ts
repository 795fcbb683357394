import { awardId, type Award } from '../../../db/models/award';
import { bonusRoundId, type BonusRoundOverride, type BonusRoundPersonRow } from '../../../db/models/bonus-round';
import { submissionVariable } from '../../../db/models/submission';
import { BONUS_BLOCKS } from '../../../domain/blocks';
import { allocateBonus, allocateWithOverrides, allocationBasis, BonusInputError, type AllocationBasis, type AllocationResult } from '../../../domain/bonus';
import { capNotice, unitParents } from '../../../domain/variable-pay-approval';
import { mapWithConcurrency } from '../../../lib/concurrency';
import { BusinessError, requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { AwardsPort, BonusInputsPort, BonusRoundsPort, CommonPorts, OrgPort, PoliciesPort } from '../ports';
import { roundPolicies } from './load-policies';
import { personInputs, scheduleFor, trancheRecords, withLineage, type PersonInputs } from './person-award';

/** Raised for a revision the diagram sends back to the line head (the boundary event sets revisionProblem). */
const REVISION_INVALID = 'REVISION_INVALID';

interface RevisionRow { personId?: unknown; amountMinor?: unknown; rating?: unknown; reason?: unknown }

/** The line head's revision merged over earlier ones: the latest row per person wins. */
function mergeRevision(earlier: BonusRoundOverride[], rows: RevisionRow[], by: string, submissionId: string, memberIds: Set<string>, ratings: string[]): BonusRoundOverride[] {
  const merged = new Map(earlier.map((o) => [o.personId, o]));
  for (const [i, row] of rows.entries()) {
    const where = `change ${i + 1}${typeof row.personId === 'string' ? ` (${row.personId})` : ''}`;
    if (typeof row.personId !== 'string' || !memberIds.has(row.personId)) throw new BusinessError(REVISION_INVALID, `${where}: the employee is not in this round`);
    if (typeof row.reason !== 'string' || row.reason.trim() === '') throw new BusinessError(REVISION_INVALID, `${where}: a reason is required`);
    const hasAmount = typeof row.amountMinor === 'number';
    const hasRating = typeof row.rating === 'string' && row.rating !== '';
    if (hasAmount === hasRating) throw new BusinessError(REVISION_INVALID, `${where}: give either an amount or a rating`);
    if (hasRating && !ratings.includes(row.rating as string)) throw new BusinessError(REVISION_INVALID, `${where}: rating ${String(row.rating)} is not one of ${ratings.join(', ')}`);
    merged.set(row.personId, {
      personId: row.personId, reason: row.reason.trim(), by, submissionId,
      ...(hasAmount ? { amountMinor: row.amountMinor as number } : { rating: row.rating as string }),
    });
  }
  return [...merged.values()].sort((a, b) => (a.personId < b.personId ? -1 : 1));
}

/**
 * Allocates the round's pool to the unit's people with a standing rating: compliance (downgrade cap
 * and veto), the bonus policy, the deferral pack's variable cap and schedule; one award per person,
 * id `<cycle>:<person>`. After a return, applies the line head's revision (recorded in each award's
 * lineage). A redelivery rewrites the same awards with the same lineage entry.
 */
export const bonusAllocate = defineBlock<Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & {
  policies: Pick<PoliciesPort, 'version'>; bonusInputs: Pick<BonusInputsPort, 'members' | 'complianceEvents'>; rounds: Pick<BonusRoundsPort, 'byId' | 'saveAllocation'>; awards: Pick<AwardsPort, 'byId' | 'replace'>;
  org: Pick<OrgPort, 'units'>;
}>(BONUS_BLOCKS.allocate, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const cycle = requireStringVariable(task, 'cycle');
  const unitId = requireStringVariable(task, 'subjectId');
  const run = (typeof task.variable('allocationRun') === 'number' ? (task.variable('allocationRun') as number) : 0) + 1;
  const roundId = bonusRoundId(cycle, unitId);
  const [reviewCase, round] = await Promise.all([ports.cases.byId(caseId), ports.rounds.byId(roundId)]);
  if (!reviewCase || !round) throw new Error(`bonus round ${roundId} of case ${caseId} not found`);
  const policies = await roundPolicies(ports.policies, reviewCase, round);
  const ratings = policies.scoring.body.ratingBands.map((b) => b.rating);

  const members = await ports.bonusInputs.members(cycle, unitId);
  const unrated = members.filter((m) => !m.rating || !m.compensation).map((m) => m.personId);
  if (unrated.length > 0) throw new Error(`bonus round ${roundId}: no standing rating or compensation for ${unrated.join(', ')}`);
  const memberIds = new Set(members.map((m) => m.personId));

  let overrides = round.overrides ?? [];
  let appliedRevisionIds = round.appliedRevisionIds ?? [];
  let revisedBy: string | null = null;
  const revisionId = task.variable(submissionVariable('bonus-revision'));
  if (typeof revisionId === 'string' && revisionId !== '') {
    const revision = await ports.submissions.byId(revisionId);
    if (!revision) throw new Error(`revision submission ${revisionId} not found`);
    revisedBy = revision.submittedBy;
    if (!appliedRevisionIds.includes(revisionId)) {
      const rows = Array.isArray(revision.data.overrides) ? (revision.data.overrides as RevisionRow[]) : [];
      overrides = mergeRevision(overrides, rows, revision.submittedBy, revisionId, memberIds, ratings);
      appliedRevisionIds = [...appliedRevisionIds, revisionId];
    }
  }
  const overrideOf = new Map(overrides.map((o) => [o.personId, o]));

  const events = await ports.bonusInputs.complianceEvents(cycle, [...memberIds]);
  // Where and when: a shareholder approval may be given to the unit, a business line above it, or a person.
  const place = { unitId, parentUnitIds: unitParents(unitId, await ports.org.units()), awardDate: round.awardDate };
  const inputs = new Map<string, PersonInputs>(members.map((m) => {
    const rating = overrideOf.get(m.personId)?.rating ?? m.rating!.rating;
    return [m.personId, personInputs(m.personId, rating, events.get(m.personId) ?? [], m.compensation!, policies, place)];
  }));
  const people = members.map((m) => inputs.get(m.personId)!.person);
  const amountOverrides = overrides.filter((o) => o.amountMinor !== undefined).map((o) => ({ personId: o.personId, amountMinor: o.amountMinor!, reason: o.reason }));
  const poolMinor = round.pool.poolMinor;

  let allocation: AllocationResult & { overriddenMinor?: number };
  let basis: AllocationBasis;
  try {
    if (amountOverrides.length > 0) {
      const result = allocateWithOverrides(poolMinor, people, amountOverrides, policies.bonus.body, policies.bonus.ref);
      allocation = result;
      basis = result.basis;
    } else {
      allocation = allocateBonus(poolMinor, people, policies.bonus.body, policies.bonus.ref);
      basis = allocationBasis(poolMinor, people, policies.bonus.body);
    }
  } catch (error) {
    if (error instanceof BonusInputError && revisedBy) throw new BusinessError(REVISION_INVALID, error.message);
    throw error;
  }

  const lineageRef = `${caseId}#allocation-${run}`;
  const rows = await mapWithConcurrency(allocation.people, 4, async (entry): Promise<BonusRoundPersonRow> => {
    const member = members.find((m) => m.personId === entry.personId)!;
    const input = inputs.get(entry.personId)!;
    const id = awardId(cycle, entry.personId);
    const schedule = scheduleFor(id, entry.awardMinor, round.currency, input.packRole, member.compensation!.fixedPayMinor, round.awardDate, policies);
    const override = overrideOf.get(entry.personId);
    const earlier = await ports.awards.byId(id);
    const lineage = withLineage(earlier?.lineage ?? [], {
      at: ports.clock.now(), kind: 'allocated', ref: lineageRef, by: run === 1 ? 'worker' : revisedBy ?? 'worker',
      ...(earlier ? { amountBeforeMinor: earlier.amountMinor } : {}), amountAfterMinor: entry.awardMinor,
      ...(override ? { note: `revised by ${override.by}: ${override.amountMinor !== undefined ? `amount ${override.amountMinor}` : `rating ${override.rating}`} — ${override.reason}` } : run > 1 ? { note: 'allocated again after a return' } : {}),
    });
    const award: Award = {
      _id: id, cycle, personId: entry.personId, unitId, caseId, currency: round.currency, rating: entry.rating, amountMinor: entry.awardMinor, status: 'proposed',
      explanation: {
        standingRating: { rating: member.rating!.rating, step: member.rating!.step, scoreId: member.rating!._id },
        ...(override ? { override } : {}),
        compliance: input.compliance,
        allocation: entry,
        variableCap: input.variableCap,
        deferral: schedule,
        pool: { roundId, poolMinor, basis, allocationRun: run },
      },
      policyVersions: {
        bonus: policies.bonus.ref.version, compliance: policies.compliance.ref.version, scoring: policies.scoring.ref.version,
        'risk-adjustment': round.policyVersions['risk-adjustment']!, [policies.pack.ref.key]: policies.pack.ref.version,
      },
      tranches: trancheRecords(schedule),
      lineage,
    };
    await ports.awards.replace(award);
    return {
      personId: entry.personId, standingRating: member.rating!.rating, ratingStep: member.rating!.step, rating: entry.rating,
      roleCategory: member.compensation!.roleCategory, packRole: input.packRole, fixedPayMinor: member.compensation!.fixedPayMinor,
      complianceMultiplier: input.compliance.bonusMultiplier, complianceFired: input.compliance.firedRules.map((f) => f.ruleId),
      // An award cut at a cap says why, with the amounts before and after (shown to the approvers).
      capMinor: entry.capMinor, cap: capNotice(entry, input.variableCap), approvalId: input.variableCap.approval?.id ?? null, awardMinor: entry.awardMinor, deferredMinor: schedule.deferredMinor, overridden: Boolean(override),
    };
  });

  const summary = {
    people: rows,
    allocatedMinor: allocation.allocatedMinor,
    complianceRetainedMinor: allocation.complianceRetainedMinor,
    capRetainedMinor: allocation.capRetainedMinor,
    unallocatedMinor: allocation.unallocatedMinor,
    overriddenMinor: allocation.overriddenMinor ?? 0,
    maxAwardMinor: Math.max(0, ...rows.map((r) => r.awardMinor)),
    complianceActionFired: rows.some((r) => r.complianceFired.length > 0),
    explanation: { formula: allocation.formula, steps: allocation.steps, policy: allocation.policy },
  };
  await ports.rounds.saveAllocation(roundId, { allocation: summary, basis, overrides, appliedRevisionIds, allocationRun: run, status: 'allocated', updatedAt: ports.clock.now() });
  await ports.audit({
    actor: revisedBy ?? 'worker', action: 'bonus.allocated', subject: { type: 'bonus-round', id: roundId }, after: summary,
    details: { caseId, allocationRun: run, allocatedMinor: summary.allocatedMinor, overrides: overrides.length, policy: policies.bonus.ref, pack: policies.pack.ref },
  });
  return {
    allocationRun: run, approvalsDone: 0, [submissionVariable('bonus-approval')]: null, revisionProblem: null,
    // For gateways an owner adds: "committee only above an amount" routes on these, not on counters.
    allocatedMinor: summary.allocatedMinor, maxAwardMinor: summary.maxAwardMinor, complianceActionFired: summary.complianceActionFired, peopleCount: rows.length,
  };
});
