import { approvalChain, approvalChainFromTable, ApprovalLimitsInputError, highestRoleAwarded, type ApprovalFacts, type ApprovalLimitsPolicy } from '../../src/domain/bonus-approval';
import limitsFile from './fixtures/bonus-approval-limits-policy.json';

// The limits as the policy shipped them before the chain became a decision table (a round that pinned
// the policy still walks it). CNY: line head always; HR above ¥500,000; risk above ¥2,000,000 or any compliance
// action; committee above ¥5,000,000 or any single award above ¥1,000,000.
const limits = limitsFile.body as unknown as ApprovalLimitsPolicy;
const ref = { key: 'bonus-approval-limits', version: 1 };
const facts = (overrides: Partial<ApprovalFacts>): ApprovalFacts => ({ currency: 'CNY', poolMinor: 10_000_000, maxAwardMinor: 3_000_000, complianceActionFired: false, ...overrides });
const chainOf = (f: ApprovalFacts) => approvalChain(f, limits, ref).chain.map((s) => s.stepId);

describe('approvalChain with the shipped limits', () => {
  it('asks only the line head for a small round (¥100,000 pool)', () => {
    expect(chainOf(facts({}))).toEqual(['line-head']);
  });

  it('adds HR above ¥500,000 and risk above ¥2,000,000', () => {
    expect(chainOf(facts({ poolMinor: 50_000_001 }))).toEqual(['line-head', 'hr']);
    expect(chainOf(facts({ poolMinor: 50_000_000 }))).toEqual(['line-head']); // "above": the threshold itself is not
    expect(chainOf(facts({ poolMinor: 300_000_000 }))).toEqual(['line-head', 'hr', 'risk']);
  });

  it('walks the whole chain for a pool above ¥5,000,000, in the policy order, with the reasons', () => {
    const result = approvalChain(facts({ poolMinor: 600_000_000, maxAwardMinor: 90_000_000 }), limits, ref);
    expect(result.chain.map((s) => s.stepId)).toEqual(['line-head', 'hr', 'risk', 'comp-committee']);
    expect(result.chain[0]).toEqual({ stepId: 'line-head', approver: { kind: 'unitHead' }, reasons: ['always asked'] });
    expect(result.chain[3]).toEqual({ stepId: 'comp-committee', approver: { kind: 'group', group: 'comp-committee' }, reasons: ['pool 600000000 above 500000000'] });
    expect(result.policy).toEqual(ref);
  });

  it('asks the risk officer for a small round when a compliance rule fired, and the committee for one large award', () => {
    expect(chainOf(facts({ complianceActionFired: true }))).toEqual(['line-head', 'risk']);
    const result = approvalChain(facts({ maxAwardMinor: 100_000_001 }), limits, ref);
    expect(result.chain.map((s) => s.stepId)).toEqual(['line-head', 'comp-committee']);
    expect(result.chain[1]!.reasons).toEqual(['largest award 100000001 above 100000000']);
  });

  it('asks every amount-conditioned step when the currency has no threshold (fail safe)', () => {
    const result = approvalChain(facts({ currency: 'HKD' }), limits, ref);
    expect(result.chain.map((s) => s.stepId)).toEqual(['line-head', 'hr', 'risk', 'comp-committee']);
    expect(result.chain[1]!.reasons).toEqual(['no pool threshold for HKD: asked to be safe']);
  });

  it('refuses a malformed policy', () => {
    expect(() => approvalChain(facts({}), { steps: [] }, ref)).toThrow(ApprovalLimitsInputError);
    expect(() => approvalChain(facts({}), { steps: [{ id: 'x', approver: { kind: 'group', group: '' }, when: { always: true } }] }, ref)).toThrow(ApprovalLimitsInputError);
    expect(() => approvalChain(facts({}), { steps: [{ id: 'x', approver: { kind: 'unitHead' }, when: { poolAboveMinor: { CNY: 1.5 } } }] }, ref)).toThrow(ApprovalLimitsInputError);
  });
});

describe('approvalChainFromTable: the rows of bonus-approval-chain.dmn that matched, as the engine returns them', () => {
  const decision = { key: 'bonus-approval-chain', version: 3, engineVersion: 2 };
  const tableFacts = (overrides: Partial<ApprovalFacts>) => ({ ...facts(overrides), businessLine: 'front', highestRoleCategory: 'seniorManagement' });
  const row = (stepId: string, approverKind: string, approverGroup: string, reasonEn: string, reasonZh = `${reasonEn} (zh)`) => ({ stepId, approverKind, approverGroup, reasonEn, reasonZh });
  // A ¥6,000,000 round with a ¥1,200,000 award: the committee's pool row and award row both match.
  const rows = [
    row('line-head', 'unitHead', '', 'Line head: every round'),
    row('hr', 'group', 'hr', 'HR: pool above ¥500,000'),
    row('risk', 'group', 'risk-officer', 'Risk officer: pool above ¥2,000,000'),
    row('comp-committee', 'group', 'comp-committee', 'Compensation committee: pool above ¥5,000,000'),
    row('comp-committee', 'group', 'comp-committee', 'Compensation committee: a single award above ¥1,000,000'),
  ];

  it('asks each step once, in the order of its first row, with the reasons of every row for it', () => {
    const result = approvalChainFromTable(tableFacts({ poolMinor: 600_000_000, maxAwardMinor: 120_000_000 }), rows, decision);
    expect(result.chain.map((s) => s.stepId)).toEqual(['line-head', 'hr', 'risk', 'comp-committee']);
    expect(result.chain[0]).toEqual({ stepId: 'line-head', approver: { kind: 'unitHead' }, reasons: ['Line head: every round'], reasonsZh: ['Line head: every round (zh)'] });
    expect(result.chain[3]!.reasons).toEqual(['Compensation committee: pool above ¥5,000,000', 'Compensation committee: a single award above ¥1,000,000']);
    expect(result.steps).toHaveLength(5); // one per row that matched
    expect(result.steps[4]).toMatchObject({ step: 'step comp-committee', result: true, note: 'Compensation committee: a single award above ¥1,000,000', values: { poolMinor: 600_000_000, maxAwardMinor: 120_000_000, businessLine: 'front', highestRoleCategory: 'seniorManagement' } });
    expect(result.decision).toEqual(decision);
    expect(result.policy).toEqual({ key: 'bonus-approval-chain', version: 3 });
  });

  it('refuses a round no row matched: nobody would sign it (an incident, never an unsigned round)', () => {
    expect(() => approvalChainFromTable(tableFacts({}), [], decision)).toThrow(/at least one approver/);
  });

  it('refuses rows the worker cannot act on: no step id, an unknown approver kind, a group without a role, one step for two approvers', () => {
    expect(() => approvalChainFromTable(tableFacts({}), [row('', 'unitHead', '', 'x')], decision)).toThrow(ApprovalLimitsInputError);
    expect(() => approvalChainFromTable(tableFacts({}), [row('hr', 'person', 'hr', 'x')], decision)).toThrow(/approverKind/);
    expect(() => approvalChainFromTable(tableFacts({}), [row('hr', 'group', '', 'x')], decision)).toThrow(/approverKind/);
    expect(() => approvalChainFromTable(tableFacts({}), [row('hr', 'group', 'hr', 'x'), row('hr', 'group', 'risk-officer', 'y')], decision)).toThrow(/two approvers/);
  });
});

test('highestRoleAwarded: the most senior role category with an award above zero', () => {
  expect(highestRoleAwarded([{ roleCategory: 'otherStaff', awardMinor: 5 }, { roleCategory: 'keyRiskRole', awardMinor: 1 }, { roleCategory: 'principalExecutive', awardMinor: 0 }])).toBe('keyRiskRole');
  expect(highestRoleAwarded([{ roleCategory: 'seniorManagement', awardMinor: 0 }])).toBe('none');
  expect(highestRoleAwarded([])).toBe('none');
});
