import { validateSubmission } from '../../src/server/forms/validate-submission';
import clawbackDecision from '../../forms/clawback-decision.json';

describe('forms/clawback-decision.json as the server validates it', () => {
  it('accepts a confirmation with a reason', () => {
    expect(validateSubmission(clawbackDecision, { decision: 'confirm', reason: 'Breach confirmed by the investigation' }).problems).toEqual([]);
  });

  it('asks for the percentage only when the committee reduces', () => {
    expect(validateSubmission(clawbackDecision, { decision: 'reduce', reason: 'Mitigating circumstances' }).problems.map((p) => [p.field, p.code])).toEqual([['percent', 'required']]);
    expect(validateSubmission(clawbackDecision, { decision: 'reduce', percent: 25, reason: 'Mitigating circumstances' }).ok).toBe(true);
    expect(validateSubmission(clawbackDecision, { decision: 'reduce', percent: 120, reason: 'x' }).problems.map((p) => p.code)).toEqual(['max']);
  });

  it('drops a percentage sent with a confirmation or rejection (the field is hidden then)', () => {
    const result = validateSubmission(clawbackDecision, { decision: 'reject', percent: 40, reason: 'Not attributable to the person' });
    expect(result.ok).toBe(true);
    expect(result.data.percent).toBeUndefined();
  });

  it('refuses a decision without a reason, and a decision the form does not offer', () => {
    expect(validateSubmission(clawbackDecision, { decision: 'confirm' }).problems.map((p) => [p.field, p.code])).toEqual([['reason', 'required']]);
    expect(validateSubmission(clawbackDecision, { decision: 'double it', reason: 'x' }).ok).toBe(false);
  });
});
