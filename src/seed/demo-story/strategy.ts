import type { Cast } from './cast';
import { until } from './http-client';
import { checkIn } from './reviews';

/**
 * What the strategy map (policies/strategy-map.json, /strategy) shows a first visitor: the figures
 * its key indicators read, imported for both cycles by whoever imports each kind (HR the business
 * figures, the risk officer the loan book, a compliance officer training, findings and complaints),
 * and in the current cycle one check-in (ops.clerk1), so its goals have progress to roll up.
 * The previous cycle's bonus figures (imports.ts) are left as they are: nothing here re-imports a
 * figure a bonus round read.
 */
const M = 100; // minor units per yuan

type Figures = Record<string, Record<string, number>>;

/** By cycle (previous, current) and unit: yuan for money, per cent, counts. */
const BUSINESS: [Figures, Figures] = [
  { WM: { revenueMinor: 210_000_000 * M, salesMinor: 120_000_000 * M }, CB: { greenLoansMinor: 380_000_000 * M } },
  { CB: { revenueMinor: 460_000_000 * M, greenLoansMinor: 520_000_000 * M }, WM: { revenueMinor: 240_000_000 * M, salesMinor: 165_000_000 * M } },
];
const RISK: [Figures, Figures] = [
  {},
  { CB: { loansNonPerformingMinor: 82_000_000 * M, expectedLossMinor: 38_000_000 * M } },
];
const TRAINING: Record<string, [number, number]> = { CB: [92, 96], WM: [88, 94], RISK: [100, 100], CMP: [100, 100], OPS: [81, 90], HR: [97, 100], AUD: [100, 100] };
const FINDINGS: Record<string, [number, number]> = { CB: [3, 2], WM: [2, 2], RISK: [1, 0], CMP: [0, 0], OPS: [4, 3], HR: [1, 0], AUD: [0, 0] };
const COMPLAINTS: Record<string, [number, number]> = { CB: [5, 3], WM: [9, 7], OPS: [6, 4] };

export async function importStrategyFigures(cast: Cast): Promise<void> {
  const [hr, riskOfficer, complianceOfficer] = await Promise.all([cast.as('hr'), cast.as('risk.officer'), cast.as('cmp.officer3')]);
  const cycles = [cast.previous, cast.current] as const;
  const rows = (figures: [Figures, Figures]) => cycles.flatMap((cycle, i) => Object.entries(figures[i]!).flatMap(([unitId, values]) =>
    Object.entries(values).map(([key, value]) => ({ cycle, scope: { type: 'unit', id: unitId }, key, value }))));
  const pairs = (key: string, table: Record<string, [number, number]>) => cycles.flatMap((cycle, i) =>
    Object.entries(table).map(([unitId, values]) => ({ cycle, scope: { type: 'unit', id: unitId }, key, value: values[i]! })));
  await hr.mustPost('/api/metrics', { source: { system: 'general-ledger', reference: 'strategy-kpis.xlsx' }, records: rows(BUSINESS) });
  const risk = rows(RISK);
  if (risk.length > 0) await riskOfficer.mustPost('/api/metrics', { source: { system: 'risk-datamart', reference: 'strategy-kpis' }, records: risk });
  await complianceOfficer.mustPost('/api/metrics', {
    source: { system: 'cmp-dashboard', reference: 'strategy-kpis' },
    records: [...pairs('complianceTrainingPercent', TRAINING), ...pairs('auditFindingsCount', FINDINGS), ...pairs('complaintsCount', COMPLAINTS)],
  });
}

/** The current cycle's first check-in, by someone whose goals are agreed. */
export async function checkInOnMap(cast: Cast, username: string): Promise<void> {
  const person = cast.person(username);
  const session = await cast.as(username);
  const caseId = `${cast.current}:${person._id}`;
  const item = await until(`${caseId} check-in`, async () => (await session.inbox()).find((t) => t.caseId === caseId && t.step === 'checkIn'), 60_000);
  await checkIn(session, item);
}
