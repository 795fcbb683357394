import policyFile from '../../policies/recognition.json';
import { assessmentEvidence, checkFeedbackDraft, feedbackIdOf, mayReadFeedback, maySetVisibility, type RecognitionPolicy } from '../../src/domain/feedback';

const policy = policyFile.body as RecognitionPolicy;
const goals = ['2026-H2:B:1', '2026-H2:B:2'];
const fields = (result: ReturnType<typeof checkFeedbackDraft>) => Object.fromEntries(result.problems.map((p) => [p.field, p.code]));

describe('a note as a giver sends it', () => {
  test('recognition about a value, to a colleague: stored with its text trimmed', () => {
    expect(checkFeedbackDraft({ to: 'B', kind: 'recognition', value: 'teamwork', text: '  Thanks for covering the desk \n' }, 'A', policy, goals))
      .toEqual({ draft: { to: 'B', kind: 'recognition', value: 'teamwork', text: 'Thanks for covering the desk' }, problems: [] });
  });

  test('feedback about one of the colleague\'s goals', () => {
    expect(checkFeedbackDraft({ to: 'B', kind: 'feedback', goalId: goals[1], text: 'The KYC backlog needs a plan' }, 'A', policy, goals).draft)
      .toEqual({ to: 'B', kind: 'feedback', goalId: goals[1], text: 'The KYC backlog needs a plan' });
  });

  test('no note to oneself', () => {
    expect(fields(checkFeedbackDraft({ to: 'A', kind: 'recognition', value: 'teamwork', text: 'Well done me' }, 'A', policy, []))).toEqual({ to: 'self' });
  });

  test('an unknown colleague, a kind that does not exist, a value the policy does not list', () => {
    expect(fields(checkFeedbackDraft({ to: 'Z', kind: 'praise', value: 'speed', text: 'x' }, 'A', policy, null))).toEqual({ to: 'unknown', kind: 'enum', value: 'enum' });
  });

  test('someone else\'s goal is not one of the colleague\'s', () => {
    expect(fields(checkFeedbackDraft({ to: 'B', kind: 'feedback', goalId: '2026-H2:C:1', text: 'x' }, 'A', policy, goals))).toEqual({ goalId: 'enum' });
  });

  test('about one goal or one value: not both, not neither', () => {
    expect(fields(checkFeedbackDraft({ to: 'B', kind: 'feedback', goalId: goals[0], value: 'teamwork', text: 'x' }, 'A', policy, goals))).toEqual({ goalId: 'one-anchor' });
    expect(fields(checkFeedbackDraft({ to: 'B', kind: 'feedback', text: 'x' }, 'A', policy, goals))).toEqual({ value: 'one-anchor' });
  });

  test('the policy\'s length, blank text, control characters and unknown fields', () => {
    const base = { to: 'B', kind: 'recognition', value: 'teamwork' };
    expect(checkFeedbackDraft({ ...base, text: 'x'.repeat(policy.maxLength) }, 'A', policy, goals).problems).toEqual([]);
    expect(fields(checkFeedbackDraft({ ...base, text: 'x'.repeat(policy.maxLength + 1) }, 'A', policy, goals))).toEqual({ text: 'length' });
    expect(fields(checkFeedbackDraft({ ...base, text: '   ' }, 'A', policy, goals))).toEqual({ text: 'required' });
    expect(fields(checkFeedbackDraft({ ...base, text: 'bell\u0007' }, 'A', policy, goals))).toEqual({ text: 'control' });
    expect(fields(checkFeedbackDraft({ ...base, text: 'ok', $set: 1 }, 'A', policy, goals))).toEqual({ $set: 'unknown' });
    expect(fields(checkFeedbackDraft({ ...base, text: { $gt: '' } }, 'A', policy, goals))).toEqual({ text: 'required' });
  });

  test('the same note on the same day has the same id; another day, another note', () => {
    const draft = { to: 'B', kind: 'recognition' as const, value: 'teamwork', text: 'Thanks' };
    expect(feedbackIdOf('A', draft, '2026-12-06')).toBe(feedbackIdOf('A', { ...draft }, '2026-12-06'));
    expect(feedbackIdOf('A', draft, '2026-12-07')).not.toBe(feedbackIdOf('A', draft, '2026-12-06'));
    expect(feedbackIdOf('C', draft, '2026-12-06')).not.toBe(feedbackIdOf('A', draft, '2026-12-06'));
  });
});

describe('who reads a note', () => {
  const note = { fromId: 'A', toId: 'B', visibility: 'private' as const, recipientManagerId: 'M', recipientUnitId: 'CB' };
  const reader = (id: string, unitId = 'CB') => ({ id, unitId, readsAll: false });

  test('private: the giver, the person and their manager; not a colleague in the unit', () => {
    expect(['A', 'B', 'M', 'C'].map((id) => mayReadFeedback(reader(id), note))).toEqual([true, true, true, false]);
  });

  test('shared with the unit: the unit\'s people too, not another unit\'s', () => {
    const shared = { ...note, visibility: 'unit' as const };
    expect(mayReadFeedback(reader('C'), shared)).toBe(true);
    expect(mayReadFeedback(reader('D', 'WM'), shared)).toBe(false);
  });

  test('auditors read every note; only the person chooses who else does', () => {
    expect(mayReadFeedback({ id: 'X', readsAll: true }, note)).toBe(true);
    expect([maySetVisibility('B', note), maySetVisibility('A', note), maySetVisibility('M', note)]).toEqual([true, false, false]);
  });
});

describe('what the manager is shown at assessment', () => {
  const now = new Date('2026-12-06T00:00:00Z');
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const notes = [
    { id: 'old', kind: 'feedback' as const, createdAt: daysAgo(400) },
    { id: 'r', kind: 'recognition' as const, createdAt: daysAgo(20) },
    { id: 'f', kind: 'feedback' as const, createdAt: daysAgo(10) },
  ];

  test('within the window, newest first, recognition included when the policy lets it be evidence', () => {
    expect(assessmentEvidence(notes, { recognitionAsEvidence: true, evidenceWindowDays: 365 }, now)).toEqual({ shown: [notes[2], notes[1]], recognitionWithheld: 0 });
  });

  test('policy off: recognition held back and counted, feedback still shown', () => {
    expect(assessmentEvidence(notes, { recognitionAsEvidence: false, evidenceWindowDays: 365 }, now)).toEqual({ shown: [notes[2]], recognitionWithheld: 1 });
  });
});

test('the shipped policy names each value in both languages, under a key of its own', () => {
  for (const value of policy.values) expect(value.title).toEqual({ en: expect.stringMatching(/\S/), 'zh-CN': expect.stringMatching(/\S/) });
  expect(new Set(policy.values.map((v) => v.key)).size).toBe(policy.values.length);
});
