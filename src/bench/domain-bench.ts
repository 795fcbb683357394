import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocateBonus, type BonusPerson, type BonusPolicy } from '../domain/bonus';
import { analyseDistribution, type CalibrationPolicy } from '../domain/calibration';
import { deferralSchedule, type DeferralPack } from '../domain/deferral';

/**
 * docs/architecture.md, "Performance": bonus and calibration computation for 50,000 employees, well under a second. The
 * baseline in the same run is a JSON round trip of the same people (touching every record once),
 * so a slow or busy machine shows as both numbers moving, not as a different ratio.
 */
const N = 50_000;
const RUNS = 5;
const RATINGS = ['A', 'B', 'C', 'D', 'E'];
const policy = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'policies', `${name}.json`), 'utf8')).body;

function people(): BonusPerson[] {
  // Deterministic, roughly bell-shaped ratings and pay.
  return Array.from({ length: N }, (_, i) => ({
    id: `E${i}`,
    rating: RATINGS[[0, 1, 1, 2, 2, 2, 2, 3, 3, 4][i % 10]!]!,
    fixedPayMinor: 20_000_000 + (i % 97) * 350_000,
    roleCategory: i % 50 === 0 ? 'seniorManagement' : 'otherStaff',
  }));
}

function medianMs(fn: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const staff = people();
const bonusPolicy = policy('bonus') as BonusPolicy;
const calibrationPolicy = policy('calibration') as CalibrationPolicy;
const deferralPack = policy('deferral-cn-bank') as DeferralPack;
const ref = (key: string) => ({ key, version: 1 });

const baselineMs = medianMs(() => JSON.parse(JSON.stringify(staff)));
let awards: ReturnType<typeof allocateBonus> | undefined;
const computeMs = medianMs(() => {
  analyseDistribution(staff, calibrationPolicy, ref('calibration'));
  awards = allocateBonus(50_000_000_000, staff, bonusPolicy, ref('bonus'));
});
const deferMs = medianMs(() => {
  for (const award of awards!.people.filter((p) => p.awardMinor > 0)) {
    const person = staff[Number(award.personId.slice(1))]!;
    deferralSchedule({ awardId: award.personId, amountMinor: award.awardMinor, currency: 'CNY', roleCategory: person.roleCategory!, awardDate: '2027-03-31' }, deferralPack, ref('deferral-cn-bank'));
  }
});

console.log(`domain, ${N.toLocaleString('en')} employees (median of ${RUNS})`);
console.log(`  baseline: JSON round trip of the people     ${baselineMs.toFixed(0)} ms`);
console.log(`  calibration analysis + bonus allocation     ${computeMs.toFixed(0)} ms   (${(computeMs / baselineMs).toFixed(2)}× baseline; target well under 1 s)`);
console.log(`  deferral schedules for every award          ${deferMs.toFixed(0)} ms   (${(deferMs / baselineMs).toFixed(2)}× baseline)`);
