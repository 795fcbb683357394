import { applyCompliance, ComplianceInputError, type ComplianceEvent, type CompliancePolicy } from '../../src/domain/compliance';
import compliancePolicyFile from '../../policies/compliance.json';
import scoringPolicyFile from '../../policies/scoring.json';

// Shipped rules: severe-veto (1 severe → cap E, bonus × 0), major-cap (1 major or worse → cap C, bonus × 0.5),
// repeated-minor-cap (3 events of any severity → cap B, bonus × 1). Ratings best first from the scoring bands.
const policy = compliancePolicyFile.body as CompliancePolicy;
const ratings = scoringPolicyFile.body.ratingBands.map((b) => b.rating); // A, B, C, D, E
const ref = { key: 'compliance', version: 1 };

const event = (id: string, severity: string, confirmed = true): ComplianceEvent => ({ id, severity, confirmed });

describe('applyCompliance', () => {
  it('leaves a clean record alone', () => {
    const result = applyCompliance('A', [], ratings, policy, ref);
    expect(result.rating).toBe('A');
    expect(result.bonusMultiplier).toBe(1);
    expect(result.firedRules).toEqual([]);
    expect(result.decidedBy).toEqual({ rating: null, bonusMultiplier: null });
  });

  it('caps an A at C and halves the bonus after one major breach', () => {
    const result = applyCompliance('A', [event('CE-1', 'major')], ratings, policy, ref);
    expect(result.proposedRating).toBe('A');
    expect(result.rating).toBe('C');
    expect(result.capped).toBe(true);
    expect(result.bonusMultiplier).toBe(0.5);
    expect(result.veto).toBe(false);
    expect(result.firedRules).toEqual([{ ruleId: 'major-cap', eventIds: ['CE-1'], capRating: 'C', bonusMultiplier: 0.5 }]);
    expect(result.decidedBy).toEqual({ rating: 'major-cap', bonusMultiplier: 'major-cap' });
    expect(result.policy).toEqual(ref);
  });

  it('does not raise a rating that is already below the cap', () => {
    // D is worse than the cap C: the rating stays D, the bonus is still halved
    const result = applyCompliance('D', [event('CE-1', 'major')], ratings, policy, ref);
    expect(result.rating).toBe('D');
    expect(result.capped).toBe(false);
    expect(result.bonusMultiplier).toBe(0.5);
    expect(result.decidedBy.rating).toBeNull();
  });

  it('vetoes the bonus after a severe breach; the severe event also counts for the major rule', () => {
    // severe-veto fires (cap E, × 0) and major-cap fires (a severe event is "major or worse"): E and 0 win
    const result = applyCompliance('B', [event('CE-7', 'severe')], ratings, policy, ref);
    expect(result.rating).toBe('E');
    expect(result.bonusMultiplier).toBe(0);
    expect(result.veto).toBe(true);
    expect(result.firedRules.map((f) => f.ruleId)).toEqual(['severe-veto', 'major-cap']);
    expect(result.decidedBy).toEqual({ rating: 'severe-veto', bonusMultiplier: 'severe-veto' });
  });

  it('caps at B after three minor breaches, without touching the bonus', () => {
    const result = applyCompliance('A', [event('m1', 'minor'), event('m2', 'minor'), event('m3', 'minor')], ratings, policy, ref);
    expect(result.rating).toBe('B');
    expect(result.bonusMultiplier).toBe(1);
    expect(result.decidedBy.rating).toBe('repeated-minor-cap');
  });

  it('applies every fired rule: two minors and a major give the worse cap C and the smaller multiplier 0.5', () => {
    // major-cap: 1 event of major or worse ≥ 1 → C, 0.5; repeated-minor-cap: 3 events of minor or worse ≥ 3 → B, 1
    const result = applyCompliance('A', [event('m1', 'minor'), event('m2', 'minor'), event('M1', 'major')], ratings, policy, ref);
    expect(result.firedRules.map((f) => f.ruleId)).toEqual(['major-cap', 'repeated-minor-cap']);
    expect(result.rating).toBe('C');
    expect(result.capRating).toBe('C');
    expect(result.bonusMultiplier).toBe(0.5);
  });

  it('ignores events still under investigation but says so', () => {
    const result = applyCompliance('A', [event('CE-9', 'severe', false)], ratings, policy, ref);
    expect(result.rating).toBe('A');
    expect(result.bonusMultiplier).toBe(1);
    expect(result.ignoredEvents).toEqual([{ id: 'CE-9', reason: expect.stringMatching(/not confirmed/) }]);
  });

  it('refuses unknown ratings, severities and malformed rules', () => {
    expect(() => applyCompliance('A+', [], ratings, policy, ref)).toThrow(ComplianceInputError);
    expect(() => applyCompliance('A', [event('x', 'catastrophic')], ratings, policy, ref)).toThrow(/unknown severity/);
    expect(() => applyCompliance('A', [event('x', 'minor'), event('x', 'minor')], ratings, policy, ref)).toThrow(/unique/);
    const broken: CompliancePolicy = { ...policy, rules: [{ id: 'r', minSeverity: 'major', minCount: 1, capRating: 'F', bonusMultiplier: 1 }] };
    expect(() => applyCompliance('A', [], ratings, broken, ref)).toThrow(/cap rating "F"/);
    const tooGenerous: CompliancePolicy = { ...policy, rules: [{ id: 'r', minSeverity: 'major', minCount: 1, bonusMultiplier: 1.5 }] };
    expect(() => applyCompliance('A', [], ratings, tooGenerous, ref)).toThrow(/between 0 and 1/);
  });
});
