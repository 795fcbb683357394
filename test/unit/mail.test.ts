import {
  DEFAULT_MAIL_POLICY, categoryOf, deliveryMode, digestDay, digestDue, groupDigests, mailId, nextAttemptDelay, readMailPolicy,
  redactPay, reminderStages, templateOf,
} from '../../src/domain/mail';
import { renderMail } from '../../src/platform/mail/render-mail';

/** Worked examples of the mail rules (src/domain/mail.ts) and of a mail's text (src/platform/mail/render-mail.ts). */
const policy = readMailPolicy({
  remindBeforeMinutes: 60, escalateAfterMinutes: 30, digestAfterTasksPerDay: 5, digestHourUtc: 7,
  alwaysSent: ['task.escalated', 'bonus.letter'], payFiguresIn: [], attempts: 3, firstBackoffMs: 2000,
});

describe('readMailPolicy: the stored policy body, with the default for what is missing or wrong', () => {
  it('keeps what is well formed', () => {
    expect(policy).toEqual({
      remindBeforeMinutes: 60, escalateAfterMinutes: 30, digestAfterTasksPerDay: 5, digestHourUtc: 7,
      alwaysSent: ['task.escalated', 'bonus.letter'], payFiguresIn: [], attempts: 3, firstBackoffMs: 2000,
    });
  });

  it('no policy at all is the default', () => {
    expect(readMailPolicy(undefined)).toEqual(DEFAULT_MAIL_POLICY);
    expect(readMailPolicy('mail')).toEqual(DEFAULT_MAIL_POLICY);
  });

  it('a number below its least, text for a number, or a list with a non-text entry falls back field by field', () => {
    const read = readMailPolicy({ remindBeforeMinutes: -5, digestAfterTasksPerDay: 0, attempts: '3', alwaysSent: ['bonus.letter', 7], digestHourUtc: 30 });
    expect(read.remindBeforeMinutes).toBe(1440);
    expect(read.digestAfterTasksPerDay).toBe(5);
    expect(read.attempts).toBe(3);
    expect(read.alwaysSent).toEqual(DEFAULT_MAIL_POLICY.alwaysSent);
    // An hour past 23 is read as 23: the last hour of the day.
    expect(read.digestHourUtc).toBe(23);
  });
});

describe('categoryOf: which preference a kind of mail follows', () => {
  it.each([
    ['task.offered', 'tasks'], ['task.assigned', 'tasks'],
    ['task.due-soon', 'reminders'], ['task.due', 'reminders'], ['task.escalated', 'reminders'], ['review.check-in-reminder.2', 'reminders'],
    ['review.published', 'results'], ['appeal.upheld', 'results'], ['bonus.letter', 'results'], ['clawback.applied', 'results'],
  ])('%s → %s', (kind, category) => {
    expect(categoryOf(kind)).toBe(category);
  });
});

describe('deliveryMode: at once, in the digest, or not at all', () => {
  it('follows the person\'s choice for the kind\'s category, at once when they chose nothing', () => {
    expect(deliveryMode('review.published', {}, policy)).toBe('immediate');
    expect(deliveryMode('review.published', { results: 'digest' }, policy)).toBe('digest');
    expect(deliveryMode('review.published', { results: 'off', tasks: 'immediate' }, policy)).toBe('off');
    expect(deliveryMode('task.due', { tasks: 'off' }, policy)).toBe('immediate');
  });

  it('sends what the policy requires whatever was chosen: an award letter reaches someone who chose none', () => {
    expect(deliveryMode('bonus.letter', { results: 'off' }, policy)).toBe('immediate');
    expect(deliveryMode('task.escalated', { reminders: 'digest' }, policy)).toBe('immediate');
  });

  it('the sixth task offer of the day (five allowed) goes to the digest; results do not count', () => {
    expect(deliveryMode('task.offered', {}, policy, 4)).toBe('immediate');
    expect(deliveryMode('task.offered', {}, policy, 5)).toBe('digest');
    expect(deliveryMode('task.assigned', { tasks: 'off' }, policy, 9)).toBe('off');
    expect(deliveryMode('review.published', {}, policy, 9)).toBe('immediate');
  });
});

describe('redactPay: a mail carries no pay figures unless the policy lets its kind', () => {
  const letter = { awardId: 'A-1', amountMinor: 1234567, currency: 'CNY', cycle: '2026-H1' };

  it('drops amounts and currency, keeps the award\'s id and the cycle', () => {
    expect(redactPay('bonus.letter', letter, policy)).toEqual({ awardId: 'A-1', cycle: '2026-H1' });
    expect(redactPay('clawback.applied', { cancelledMinor: 500, claimedMinor: 0, reason: 'x', decision: 'malus' }, policy)).toEqual({ reason: 'x', decision: 'malus' });
  });

  it('keeps them for a kind the policy lists', () => {
    expect(redactPay('bonus.letter', letter, { payFiguresIn: ['bonus.letter'] })).toEqual(letter);
  });
});

describe('reminderStages: before the due time, at it, and the escalation after it', () => {
  // Due at 12:00; remind 60 minutes before; escalate 30 minutes after.
  const due = new Date('2026-03-02T12:00:00Z');
  const at = (time: string) => reminderStages(due, new Date(`2026-03-02T${time}:00Z`), policy);

  it.each([
    ['10:59', []],
    ['11:00', ['due-soon']],
    ['11:59', ['due-soon']],
    ['12:00', ['due']],
    ['12:29', ['due']],
    ['12:30', ['due', 'escalated']],
  ])('at %s: %j', (time, stages) => {
    expect(at(time)).toEqual(stages);
  });
});

describe('templateOf: a kind\'s own template, else its family\'s, else the generic one', () => {
  const known = ['task', 'digest', 'bonus.letter', 'generic'];
  it.each([['task.due-soon', 'task'], ['bonus.letter', 'bonus.letter'], ['bonus.rerun', 'generic'], ['review.published', 'generic'], ['digest', 'digest']])('%s → %s', (kind, template) => {
    expect(templateOf(kind, known)).toBe(template);
  });
});

describe('digestDay and digestDue: one digest a day at the policy\'s hour', () => {
  it('a mail waiting before 07:00 goes with that morning\'s digest, one after it with the next', () => {
    expect(digestDay(new Date('2026-03-02T06:59:00Z'), 7)).toBe('2026-03-02');
    expect(digestDay(new Date('2026-03-02T07:00:00Z'), 7)).toBe('2026-03-03');
    expect(digestDay(new Date('2026-12-31T23:00:00Z'), 7)).toBe('2027-01-01');
  });

  it('a day\'s digest is due from its hour on', () => {
    expect(digestDue('2026-03-03', new Date('2026-03-03T06:59:59Z'), 7)).toBe(false);
    expect(digestDue('2026-03-03', new Date('2026-03-03T07:00:00Z'), 7)).toBe(true);
  });

  it('groups the due entries per person and day, oldest first, and leaves tomorrow\'s waiting', () => {
    const now = new Date('2026-03-03T07:05:00Z');
    const groups = groupDigests([
      { id: 'm1', recipientId: 'p1', day: '2026-03-03', kind: 'task.offered' },
      { id: 'm2', recipientId: 'p2', day: '2026-03-03', kind: 'task.due' },
      { id: 'm3', recipientId: 'p1', day: '2026-03-03', kind: 'review.published' },
      { id: 'm4', recipientId: 'p1', day: '2026-03-04', kind: 'task.offered' },
    ], now, 7);
    expect(groups.map((g) => [g.recipientId, g.day, g.entries.map((e) => e.id)])).toEqual([
      ['p1', '2026-03-03', ['m1', 'm3']],
      ['p2', '2026-03-03', ['m2']],
    ]);
  });
});

describe('mailId and nextAttemptDelay: once per event and reader; retried, then given up', () => {
  it('names the event and the reader, so the same event noticed twice is one mail', () => {
    expect(mailId(['task', 't-9', 'due', 'E1001'])).toBe('task:t-9:due:E1001');
    expect(mailId(['task', 't-9', 'due', 'E1001'])).toBe(mailId(['task', 't-9', 'due', 'E1001']));
  });

  it('waits 2 s, then 4 s, then gives up after the third failure', () => {
    expect(nextAttemptDelay(1, policy)).toBe(2000);
    expect(nextAttemptDelay(2, policy)).toBe(4000);
    expect(nextAttemptDelay(3, policy)).toBeNull();
  });
});

describe('renderMail: the text in the reader\'s language with a link into the app', () => {
  it('a task offer in Chinese names the task and its due time and links to it', () => {
    const mail = renderMail({ kind: 'task.offered', params: { taskName: '复核', due: '2026-03-02 12:00 UTC' }, link: 'https://mf.example/tasks/t-9', readerName: '王芳', locale: 'zh-CN' });
    expect(mail.subject).toBe('您所在的组有一项待办任务：复核');
    expect(mail.text).toContain('王芳');
    expect(mail.text).toContain('2026-03-02 12:00 UTC');
    expect(mail.text).toContain('https://mf.example/tasks/t-9');
  });

  it('a shipped step is named in the reader\'s language, whatever language its diagram names it in; an owner\'s own step keeps its diagram name', () => {
    const triage = { taskName: 'Triage the appeal', stepKey: 'hrTriage' };
    expect(renderMail({ kind: 'task.offered', params: triage, link: 'https://mf.example/tasks/t-1', readerName: '王芳', locale: 'zh-CN' }).subject).toBe('您所在的组有一项待办任务：申诉受理审查');
    expect(renderMail({ kind: 'task.offered', params: triage, link: 'https://mf.example/tasks/t-1', readerName: 'Fang Wang', locale: 'en' }).subject).not.toContain('申诉');
    const owners = { taskName: '晋升提名复核', stepKey: 'ownerStep7' };
    expect(renderMail({ kind: 'task.assigned', params: owners, link: 'https://mf.example/tasks/t-2', readerName: 'Fang Wang', locale: 'en' }).subject).toBe('A task is assigned to you: 晋升提名复核');
  });

  it('an award letter shows its amount only when the parameters still hold it (the policy allowed it)', () => {
    const redacted = renderMail({ kind: 'bonus.letter', params: redactPay('bonus.letter', { awardId: 'A-1', amountMinor: 1234567, currency: 'CNY' }, policy), link: 'https://mf.example/me', readerName: 'Fang Wang', locale: 'en' });
    expect(redacted.subject).toBe('Your award letter is issued');
    expect(redacted.text).not.toMatch(/12,345|CN¥|CNY/);
    const allowed = renderMail({ kind: 'bonus.letter', params: { awardId: 'A-1', amountMinor: 1234567, currency: 'CNY' }, link: 'https://mf.example/me', readerName: 'Fang Wang', locale: 'en' });
    expect(allowed.text).toContain('Amount: CN¥12,345.67');
  });

  it('a digest lists each entry by its own subject with its link', () => {
    const digest = renderMail({
      kind: 'digest', params: {}, link: 'https://mf.example/inbox', readerName: 'Fang Wang', locale: 'en',
      entries: [
        { kind: 'task.offered', params: { taskName: 'Review' }, link: 'https://mf.example/tasks/t-1' },
        { kind: 'review.published', params: { rating: '3' }, link: 'https://mf.example/me' },
      ],
    });
    expect(digest.subject).toBe('Your meritflow digest (2)');
    expect(digest.text).toContain('- A task waits for your group: Review\n  https://mf.example/tasks/t-1');
    expect(digest.text).toContain('- meritflow: your review result is published\n  https://mf.example/me');
  });
});
