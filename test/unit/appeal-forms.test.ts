import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateSubmission } from '../../src/server/forms/validate-submission';

const form = (key: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'forms', `${key}.json`), 'utf8'));

describe('the appeal panel\'s decision form, validated as the server does', () => {
  const decision = form('appeal-decision');

  it('takes a dismissal without a rating', () => {
    const result = validateSubmission(decision, { outcome: 'dismissed', reasons: 'The calibration notes support C.' });
    expect(result.problems).toEqual([]);
  });

  it('asks for the new rating when the appeal is upheld', () => {
    const result = validateSubmission(decision, { outcome: 'upheld', reasons: 'Two deals were missed.' });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.field)).toContain('newRating');
  });

  it('refuses an outcome or rating the form does not offer', () => {
    const result = validateSubmission(decision, { outcome: 'maybe', newRating: 'S', reasons: 'x' });
    expect(result.problems.map((p) => p.field).sort()).toEqual(['outcome']);
    const upheld = validateSubmission(decision, { outcome: 'upheld', newRating: 'S', reasons: 'x' });
    expect(upheld.problems.map((p) => p.field)).toEqual(['newRating']);
  });
});

describe('the appeal filing form', () => {
  it('needs a ground and a statement', () => {
    const result = validateSubmission(form('appeal-filing'), { requestedRating: 'B' });
    expect(result.problems.map((p) => p.field).sort()).toEqual(['ground', 'statement']);
  });
});
