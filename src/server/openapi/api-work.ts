import { FEEDBACK_KINDS, FEEDBACK_VISIBILITIES } from '../../domain/feedback';
import { PLAN_ITEM_STATUSES } from '../../domain/development-plan';
import { MAIL_CATEGORIES, MAIL_MODES } from '../../domain/mail';
import { MAX_NOTE } from '../development/mark-progress';
import {
  APPEAL_FILING, BULK_APPROVAL, CREDENTIALS, NO_BODY, PASSWORD_CHANGE, TASK_COMMENT, TASK_DELEGATION, TASK_SUBMISSION,
} from '../request-bodies';
import { error, forbidden, handBody, invalid, json, none, notFound, specBody, type Operation } from './operation';
import { anyObject, bool, obj, oneOfValues, ref, str } from './schema';

const signedIn = 'anyone signed in';

/** Sign-in, one's own things, the inbox and tasks, cases, goals, feedback and development plans. */
export const WORK_OPERATIONS: Operation[] = [
  {
    method: 'post', path: '/api/session', tag: 'session', access: 'anyone', summary: 'Sign in: the session cookie (meritflow.sid) comes with the answer',
    body: specBody('CREDENTIALS', CREDENTIALS),
    responses: {
      200: json('signed in', obj({ user: ref('CurrentUser') })),
      400: invalid(),
      401: error('the user name or password is not right'),
      429: error('too many failed sign-ins for this user name or address; Retry-After says when to try again'),
    },
  },
  { method: 'delete', path: '/api/session', tag: 'session', access: 'anyone', summary: 'Sign out', responses: { 204: none('signed out (also when nobody was signed in)') } },
  {
    method: 'get', path: '/api/me/overview/:cycle', tag: 'me', access: signedIn, summary: 'My performance in a cycle: scores with their explanation, calibration, appeal, award',
    responses: { 200: json('the overview', anyObject('server/me/my-overview.ts: the review, its explanation, the appeal window and the award')), 404: notFound('review of the reader in this cycle') },
  },
  {
    method: 'get', path: '/api/me/mail-preferences', tag: 'me', access: signedIn, summary: 'My mail settings: immediate, digest or off for each kind',
    responses: { 200: json('the settings', ref('MailPreferences')) },
  },
  {
    method: 'put', path: '/api/me/mail-preferences', tag: 'me', access: signedIn, summary: 'Change my mail settings (audited; the same choices again change nothing)',
    body: handBody('server/mail/mail-admin.ts saveMailPreferences, with MAIL_CATEGORIES and MAIL_MODES (domain/mail.ts)', {
      type: 'object', additionalProperties: false, properties: Object.fromEntries(MAIL_CATEGORIES.map((c) => [c, oneOfValues(MAIL_MODES)])),
    }),
    responses: { 200: json('the settings after, and whether they changed', ref('MailPreferencesChange')), 400: invalid(), 409: error('another save of the same settings is under way; try again') },
  },
  {
    method: 'post', path: '/api/me/password', tag: 'me', access: signedIn, summary: 'Change my password (other sessions of mine end)',
    body: specBody('PASSWORD_CHANGE', PASSWORD_CHANGE),
    responses: { 204: none('changed'), 400: invalid('a field is missing, or the new password breaks the password rules'), 403: forbidden('the current password is not right') },
  },
  {
    method: 'get', path: '/api/inbox', tag: 'tasks', access: signedIn, summary: 'The tasks waiting for me (assigned or offered to my groups), filtered and counted',
    responses: { 200: json('a page of the inbox', ref('Inbox')), 400: invalid('a filter value is not valid') },
  },
  {
    method: 'get', path: '/api/tasks/:taskId', tag: 'tasks', access: 'whoever may work the task (assignee, candidate group)', summary: 'A task: its form (pinned version), the case it decides, its context',
    responses: { 200: json('the task', anyObject('server/tasks/task-view.ts: task, form schema, context components')), 404: notFound('task') },
  },
  {
    method: 'post', path: '/api/tasks/:taskId/submission', tag: 'tasks', access: 'the task\'s assignee', summary: 'Submit a task\'s form: validated against the pinned form version, then the task completes',
    body: { ...specBody('TASK_SUBMISSION', TASK_SUBMISSION), checkedBy: 'readBody with TASK_SUBMISSION; `data` then by the task\'s pinned Form.io schema (server/forms/validate-submission.ts)' },
    responses: {
      201: json('submitted', obj({ taskId: str(), formKey: str(), formVersion: { type: 'integer' }, submittedAt: str(), completed: bool(), replayed: bool() })),
      200: json('the same submission again: answered from the store, nothing done twice', obj({ taskId: str(), formKey: str(), formVersion: { type: 'integer' }, submittedAt: str(), completed: bool(), replayed: bool() })),
      400: invalid('the submission is not valid: problems name each form field'), 404: notFound('task'), 409: error('the task was completed or claimed by someone else meanwhile'),
    },
  },
  {
    method: 'post', path: '/api/tasks/bulk-approval', tag: 'tasks', access: 'signed in; each task only if the reader may approve it', summary: 'Approve many approval tasks at once',
    body: specBody('BULK_APPROVAL', BULK_APPROVAL),
    responses: { 200: json('one result per task; some approved', ref('BulkApproval')), 400: invalid(), 422: json('none approved: each result says why', ref('BulkApproval')) },
  },
  {
    method: 'post', path: '/api/tasks/:taskId/claim', tag: 'tasks', access: 'a member of the task\'s candidate group', summary: 'Claim a group task',
    body: specBody('NO_BODY', NO_BODY),
    responses: { 200: json('claimed (or already mine)', obj({ taskId: str(), assignee: str(), claimed: bool() })), 400: invalid('the request takes no body'), 404: notFound('task'), 409: error('someone else claimed it') },
  },
  {
    method: 'post', path: '/api/tasks/:taskId/unclaim', tag: 'tasks', access: 'the task\'s assignee, for a group task', summary: 'Give a claimed task back to its group',
    body: specBody('NO_BODY', NO_BODY),
    responses: { 200: json('back with the group', obj({ taskId: str(), assignee: { type: 'null' } })), 400: invalid('the request takes no body'), 404: notFound('task'), 409: error('the task is not a group task or not claimed') },
  },
  {
    method: 'post', path: '/api/tasks/:taskId/delegate', tag: 'tasks', access: 'the task\'s assignee', summary: 'Hand a task to a delegate, with a reason (audited)',
    body: specBody('TASK_DELEGATION', TASK_DELEGATION),
    responses: { 200: json('delegated', obj({ taskId: str(), assignee: str() })), 400: invalid('a field is not valid, or the delegate may not take this task'), 404: notFound('task') },
  },
  {
    method: 'post', path: '/api/tasks/:taskId/comments', tag: 'tasks', access: 'whoever may work the task', summary: 'Comment on a task',
    body: specBody('TASK_COMMENT', TASK_COMMENT),
    responses: { 201: json('added', obj({ taskId: str(), added: bool() })), 200: json('the same comment again: not added twice', obj({ taskId: str(), added: bool() })), 400: invalid(), 404: notFound('task') },
  },
  {
    method: 'get', path: '/api/cases/:caseId', tag: 'cases', access: 'the person, their manager, HR and HRBPs in scope, auditors, admins', summary: 'A review case: the person it is about, its stage and scores',
    responses: { 200: json('the case', anyObject('server/cases/case-view.ts')), 404: notFound('case') },
  },
  {
    method: 'post', path: '/api/cycles/:cycle/appeals', tag: 'appeals', access: 'signed in: only one\'s own appeal, while the window is open', summary: 'File my appeal against my result in a cycle',
    body: { ...specBody('APPEAL_FILING', APPEAL_FILING), checkedBy: 'readBody with APPEAL_FILING; `data` then by the appeal form\'s schema' },
    responses: { 201: json('filed', obj({ appeal: anyObject('the appeal as stored'), replayed: bool() })), 200: json('the same appeal again', obj({ appeal: anyObject('the appeal'), replayed: bool() })), 400: invalid(), 404: notFound('review of the reader in this cycle'), 409: error('the appeal window is closed, or an appeal is filed already') },
  },
  {
    method: 'get', path: '/api/appeals/:cycle/:personId', tag: 'appeals', access: 'the person, HR, the committee, auditors, admins', summary: 'A person\'s appeal in a cycle and where it stands',
    responses: { 200: json('the appeal', anyObject('server/cases/appeal-view.ts')), 404: notFound('appeal') },
  },
  {
    method: 'get', path: '/api/goals/:cycle/:personId', tag: 'goals', access: 'whoever may read the person\'s case', summary: 'A person\'s approved goals, each with the unit goals and strategy above it',
    responses: { 200: json('the goals', ref('PersonGoals')), 404: notFound('goals') },
  },
  {
    method: 'post', path: '/api/goal-changes/:cycle', tag: 'goals', access: 'signed in: only for oneself', summary: 'Start a change of my goals mid-cycle (processes/goal-change.bpmn)',
    body: specBody('NO_BODY', NO_BODY),
    responses: { 201: json('started', anyObject('the goal-change case and its task')), 200: json('one is running already: the same answer', anyObject('the running goal-change case')), 400: invalid('the request takes no body'), 404: notFound('approved goals of the reader in this cycle') },
  },
  {
    method: 'get', path: '/api/goal-changes/:cycle/:personId', tag: 'goals', access: 'the person, their manager, HR in scope', summary: 'A person\'s goal-set versions in a cycle',
    responses: { 200: json('the versions', ref('GoalHistory')), 404: notFound('person') },
  },
  {
    method: 'get', path: '/api/unit-goals/:cycle/:unitId', tag: 'goals', access: signedIn, summary: 'A unit\'s goals in a cycle, with what the reader may see of the goals below each',
    responses: { 200: json('the unit goals', ref('UnitGoals')), 404: notFound('unit goals') },
  },
  {
    method: 'get', path: '/api/strategy/:cycle', tag: 'goals', access: signedIn, summary: 'The strategy map of a cycle: themes and their progress',
    responses: { 200: json('the map', anyObject('server/strategy/strategy-view.ts')), 404: notFound('strategy map') },
  },
  {
    method: 'get', path: '/api/strategy/:cycle/themes/:theme', tag: 'goals', access: signedIn, summary: 'One theme of the strategy map opened: indicators, units, unit goals',
    responses: { 200: json('the map with the theme opened', anyObject('server/strategy/strategy-view.ts')), 404: notFound('strategy map or theme') },
  },
  {
    method: 'get', path: '/api/strategy/:cycle/goals/:goalId', tag: 'goals', access: 'signed in; a person\'s goal as their case is read', summary: 'A person\'s goal in its place on the strategy map',
    responses: { 200: json('the map with the goal\'s theme opened', anyObject('server/strategy/strategy-view.ts')), 404: notFound('strategy map or goal') },
  },
  {
    method: 'get', path: '/api/feedback', tag: 'feedback', access: signedIn, summary: 'Feedback and recognition I received and gave, and what my unit shares',
    responses: { 200: json('the notes', ref('MyFeedback')) },
  },
  {
    method: 'post', path: '/api/feedback', tag: 'feedback', access: signedIn, summary: 'Give a colleague feedback or recognition, about one of their goals or one of the bank\'s values',
    body: handBody('domain/feedback.ts checkFeedbackDraft (FIELDS, FEEDBACK_KINDS; the text\'s length and the values are the recognition policy\'s)', {
      type: 'object', additionalProperties: false, required: ['to', 'kind', 'text'],
      properties: { to: str('the colleague\'s person id'), kind: oneOfValues(FEEDBACK_KINDS), goalId: str('one of their current goals (or value, not both)'), value: str('a value key of the recognition policy (or goalId, not both)'), text: str('plain text up to the policy\'s maxLength') },
    }),
    responses: { 201: json('given', obj({ note: ref('FeedbackNote'), replayed: bool() })), 200: json('the same note was given today: nothing written', obj({ note: ref('FeedbackNote'), replayed: bool() })), 400: invalid(), 429: error('over the day\'s limit of notes (the policy\'s dailyLimitPerGiver), or the rate limit') },
  },
  {
    method: 'put', path: '/api/feedback/:feedbackId/visibility', tag: 'feedback', access: 'the person the note was given to', summary: 'Share a note I received with my unit, or keep it private',
    body: handBody('server/feedback/share-feedback.ts setFeedbackVisibility (FEEDBACK_VISIBILITIES)', { type: 'object', additionalProperties: false, required: ['visibility'], properties: { visibility: oneOfValues(FEEDBACK_VISIBILITIES) } }),
    responses: { 200: json('the note after', obj({ note: ref('FeedbackNote'), changed: bool() })), 400: invalid(), 404: notFound('feedback') },
  },
  {
    method: 'get', path: '/api/feedback/people/:personId', tag: 'feedback', access: 'the person, their manager (all notes), colleagues (shared notes), HR and auditors', summary: 'The notes a person received that the reader may read',
    responses: { 200: json('the notes', obj({ notes: { type: 'array', items: ref('FeedbackNote') } })), 404: notFound('person') },
  },
  {
    method: 'get', path: '/api/feedback/people/:personId/topics', tag: 'feedback', access: 'signed in, about someone else', summary: 'What a note to a colleague may be about: their goals, the bank\'s values',
    responses: { 200: json('the topics', obj({ goals: { type: 'array', items: obj({ id: str(), title: str() }) }, values: { type: 'array', items: obj({ key: str(), title: str() }) } })), 404: notFound('person') },
  },
  {
    method: 'get', path: '/api/development/plans/:personId', tag: 'development', access: 'as the person\'s review case is read', summary: 'A person\'s development plans from feedback meetings',
    responses: { 200: json('the plans', obj({ personId: str(), name: anyObject('en and zh-CN'), plans: { type: 'array', items: anyObject('server/development/plan-view.ts') } })), 404: notFound('person') },
  },
  {
    method: 'post', path: '/api/development/items/:itemId/progress', tag: 'development', access: 'the plan\'s own person', summary: 'Mark how far an item of my plan has come',
    body: handBody(`server/development/mark-progress.ts readProgress (PLAN_ITEM_STATUSES; a note of at most MAX_NOTE = ${MAX_NOTE})`, {
      type: 'object', additionalProperties: false, required: ['status'], properties: { status: oneOfValues(PLAN_ITEM_STATUSES), note: str(undefined, { maxLength: MAX_NOTE }) },
    }),
    responses: { 201: json('recorded', obj({ item: obj({ id: str(), status: oneOfValues(PLAN_ITEM_STATUSES), progress: { type: 'array', items: anyObject('status, note, at') } }), replayed: bool() })), 200: json('the same change again: nothing written', obj({ item: anyObject('the item'), replayed: bool() })), 400: invalid(), 404: notFound('plan item') },
  },
  {
    method: 'get', path: '/api/development/units', tag: 'development', access: 'HR, auditors, admins; HRBPs their units', summary: 'Per unit: people with a plan, items, and the share done',
    responses: { 200: json('the units', ref('DevelopmentUnits')), 404: error('page not found: the reader has no such view') },
  },
  {
    method: 'get', path: '/api/talent', tag: 'talent', access: 'HR, the compensation committee, auditors, admins; HRBPs their units', summary: 'The talent view: ratings and 9-box cells cycle by cycle, flags, nominations',
    responses: { 200: json('the view', ref('Talent')), 404: error('page not found: the reader has no such view') },
  },
];
