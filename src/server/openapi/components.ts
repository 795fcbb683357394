import { MAIL_CATEGORIES, MAIL_MODES } from '../../domain/mail';
import { FEEDBACK_KINDS, FEEDBACK_VISIBILITIES } from '../../domain/feedback';
import { anyObject, arr, bool, int, nullable, obj, oneOfValues, ref, str, type JsonSchema } from './schema';

/**
 * The shapes answers share, by name (#/components/schemas/<name>). Each is the TypeScript type of
 * the same name in domain/api-types.ts (or the file named), written out by hand: the types are
 * compile-time only. test/integration/openapi.test.ts holds real answers to these schemas.
 */
const id = str();
const day = str('YYYY-MM-DD', { pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const time = str('an ISO 8601 instant', { format: 'date-time' });
const names = obj({ en: str(), 'zh-CN': str() });
const namedSubject = obj({ id, name: nullable(names) });
const diffSchema = anyObject('what changed, element by element (domain/process-diff.ts ProcessDiff)');
const versionOrigin = oneOfValues(['shipped', 'owner']);
const feedbackNote = obj({
  id, kind: oneOfValues(FEEDBACK_KINDS), kindText: str(), from: str(), to: str(), about: str(), aboutLabel: str(), aboutTitle: str(),
  text: str(), visibility: oneOfValues(FEEDBACK_VISIBILITIES), visibilityText: str(), day: str(), mine: bool(),
});

export const SCHEMAS: Record<string, JsonSchema> = {
  FieldProblem: obj({ field: str('the field (or element) at fault; "" for the body as a whole'), code: str('required, type, maxLength, unknown, enum, pattern …'), message: str('the reason in English'), text: str('the reason in the reader\'s language, where the server words it') }, ['text']),
  Error: obj({ error: str('what went wrong, in a sentence (English: the stable wording)'), text: str('the same in the reader\'s language, where the server has words for it (templates/i18n/<locale>/errors.json)'), problems: arr(ref('FieldProblem')) }, ['text', 'problems'], 'every 4xx and 5xx the API answers itself (ErrorBody)'),
  ValidationError: obj({ error: str(), text: str('the error in the reader\'s language'), problems: arr(ref('FieldProblem')) }, ['text'], 'a 400: every field that is not right'),
  CurrentUser: obj({ id, username: str(), name: names, roles: arr(str()), groups: arr(str()), locale: oneOfValues(['en', 'zh-CN']) }),
  NamedSubject: namedSubject,
  MailPreferences: obj({
    preferences: obj(Object.fromEntries(MAIL_CATEGORIES.map((c) => [c, oneOfValues(MAIL_MODES)]))),
    alwaysSent: arr(str(), 'kinds of mail the policy sends whatever is chosen'),
  }, [], 'mail/mail-admin.ts MailPreferencesView'),
  MailPreferencesChange: obj({
    preferences: obj(Object.fromEntries(MAIL_CATEGORIES.map((c) => [c, oneOfValues(MAIL_MODES)]))), alwaysSent: arr(str()),
    changed: bool('false when the choices were these already: nothing written, nothing audited'),
  }),
  FeedbackNote: feedbackNote,
  MyFeedback: obj({ received: arr(feedbackNote), given: arr(feedbackNote), shared: arr(feedbackNote) }),
  ImportAnswer: obj({ batchId: str(), kind: str(), received: int(), created: int(), updated: int(), unchanged: int() }, [], 'an import that was written whole; a refused one is a ValidationError naming rows and columns'),
  LaunchDryRun: obj({
    cycle: str(), flow: anyObject('key, name, subjectType'), process: obj({ key: str(), version: int(), definitionId: str() }),
    unitIds: nullable(arr(str())), cases: int(), skipped: int(), notStarted: arr(anyObject('subject, code, message')),
    firstCases: arr(anyObject('subject, unitId, manager, rule')), withoutApprover: arr(namedSubject), firstApprovers: arr(anyObject('person, unitId, approver, rule')),
  }),
  LaunchAccepted: obj({ launchId: str(), total: int(), skipped: int(), resumes: str() }, ['resumes']),
  LaunchProgress: obj({
    launchId: str(), cycle: str(), unitIds: nullable(arr(str())), subjectIds: nullable(arr(str())), subjectType: oneOfValues(['person', 'unit']),
    process: obj({ key: str(), version: int(), definitionId: str() }), processName: nullable(str()), total: int(), started: int(), skipped: int(),
    failed: arr(obj({ subjectId: str(), reason: str() })), withoutApprover: arr(str()), notStarted: arr(obj({ subjectId: str(), code: str(), message: str() })),
    subjectNames: { type: 'object', additionalProperties: obj({ en: str(), 'zh-CN': str() }), description: 'the names of the failed, not started and approver-less subjects by id' },
    done: int(), percent: { type: 'number' }, status: oneOfValues(['running', 'finished', 'interrupted']), resumes: nullable(str()), startedBy: str(), startedAt: time, finishedAt: nullable(time),
  }, ['subjectNames']),
  FlowList: arr(obj({ key: str(), name: str(), version: int(), subjectType: oneOfValues(['person', 'unit']) }), 'the flows the reader may start, as their diagrams say'),
  PolicyVersionSaved: obj({ version: int(), effectiveFrom: day, changes: arr(anyObject('a field that changed: path, before, after')) }),
  BulkApproval: obj({ error: str(), approved: int(), failed: int(), results: arr(obj({ taskId: str(), approved: bool(), error: str(), text: str('the error in the reader\'s language'), problems: arr(ref('FieldProblem')) }, ['error', 'text', 'problems'])) }, ['error']),
  IncidentList: obj({
    incidents: arr(obj({
      id, process: str(), step: str(), stepLabel: nullable(str()), processName: str(), stepName: str(), businessKey: nullable(str()),
      message: str(), details: str(), time: nullable(str()), externalTaskId: nullable(str()),
    })),
    mails: arr(obj({ id, recipient: str(), kind: str(), attempts: int(), error: str(), time: str() })),
  }),
  IncidentRetried: obj({ retried: { const: true }, externalTaskId: str() }),
  MailRetried: obj({ retried: bool('false when the mail was waiting to go already') }),
  Outbox: obj({
    received: arr(obj({ id, to: str(), subject: str(), text: str(), receivedAt: time })),
    undelivered: arr(obj({ id, recipient: str(), kind: str(), status: str(), attempts: int(), error: nullable(str()), createdAt: time })),
  }, [], 'mail/mail-admin.ts OutboxView'),
  ProcessList: obj({ processes: arr(obj({ key: str(), latestVersion: int(), runningVersion: nullable(int()), engineVersion: nullable(int()) })) }),
  ProcessHistory: obj({
    key: str(),
    versions: arr(obj({ version: int(), origin: versionOrigin, note: str(), createdAt: time, createdBy: str() })),
    deployments: arr(obj({ definitionId: str(), engineVersion: int(), version: nullable(int()), kind: nullable(oneOfValues(['shipped', 'deploy', 'rollback'])), deployedAt: nullable(time), deployedBy: nullable(str()), runningCases: int() })),
    runningVersion: nullable(int()),
  }),
  VersionXml: obj({ key: str(), version: int(), xml: str() }),
  VersionDiff: obj({ key: str(), version: int(), against: nullable(int()), engineVersion: nullable(int()), diff: diffSchema }),
  SavedVersion: obj({ key: str(), version: int(), created: bool() }),
  SavedDraft: obj({ key: str(), version: int(), created: bool(), against: nullable(int()), engineVersion: nullable(int()), diff: diffSchema, warnings: arr(ref('FieldProblem')) }),
  ProcessDeployed: obj({ key: str(), version: int(), kind: oneOfValues(['deploy', 'rollback']), engineVersion: int(), definitionId: str(), deployedAt: time }),
  FormList: obj({ forms: arr(obj({ key: str(), latestVersion: int(), title: str() })) }),
  FormHistory: obj({ key: str(), versions: arr(obj({ version: int(), createdAt: time, createdBy: str(), origin: versionOrigin, runningCases: int() })) }),
  FormVersionSchema: obj({ key: str(), version: int(), schema: anyObject('the Form.io schema') }),
  DecisionList: obj({ decisions: arr(obj({ key: str(), name: str(), latestVersion: int(), deployedVersion: nullable(int()), engineVersion: nullable(int()) })) }),
  DecisionHistory: obj({
    key: str(), deployedVersion: nullable(int()),
    versions: arr(obj({ version: int(), createdAt: time, createdBy: str(), origin: versionOrigin, note: str(), deployed: bool() })),
    deployments: arr(obj({ decisionDefinitionId: str(), engineVersion: int(), version: nullable(int()), kind: nullable(oneOfValues(['shipped', 'deploy', 'rollback'])), deployedAt: nullable(time), deployedBy: nullable(str()) })),
  }),
  DecisionDeployed: obj({ key: str(), version: int(), kind: oneOfValues(['deploy', 'rollback']), engineVersion: int(), decisionDefinitionId: str(), deployedAt: time }),
  Talent: obj({
    cycles: arr(str()), latestCycle: nullable(str()), policyVersion: int(),
    people: arr(obj({
      id, name: str(), unit: str(), active: bool(), cycles: arr(obj({ cycle: str(), rating: nullable(str()), box: nullable(str()) })), consecutiveHigh: int(),
      flags: arr(obj({ flag: str(), label: str(), reason: str() })),
      nominations: arr(obj({ caseId: str(), cycle: str(), stage: str(), stageText: str(), track: nullable(str()), trackText: nullable(str()), comment: nullable(str()) })),
      nominable: bool(),
    })),
  }),
  AuditPage: obj({
    entries: arr(obj({
      seq: int(), at: time, actor: str(), action: str(), subject: obj({ type: str(), id: str() }),
      beforeDigest: nullable(str()), afterDigest: nullable(str()), details: anyObject('what the action records'), prevHash: str(), hash: str(),
    })),
    order: oneOfValues(['ascending', 'descending']),
    next: nullable({ type: 'object', description: '{ from } or { before }: where the next page starts' }),
  }, [], 'platform/audit/read-audit-log.ts AuditPage (entries: domain/audit-chain.ts AuditLink)'),
  ChainVerdict: obj({ ok: bool(), checked: int(), firstBroken: obj({ seq: int(), reason: str() }) }, ['firstBroken'], 'domain/audit-chain.ts ChainVerdict, with when it was walked'),
  PolicyDetail: obj({
    key: str(), title: nullable(anyObject('en and zh-CN')), kind: str('the editor the policy gets'),
    versions: arr(obj({ version: int(), effectiveFrom: day, createdAt: time, createdBy: str(), createdByName: nullable(anyObject('en and zh-CN')), source: str(), inForce: bool(), pending: bool() })),
    latest: obj({ version: int(), effectiveFrom: day, body: anyObject('the policy\'s body (policies/<key>.json)') }),
    today: day,
  }, [], 'server/policies/policy-versions.ts policyDetail'),
  PersonGoals: obj({
    cycle: str(), person: obj({ _id: str(), name: names, unitId: str() }),
    goals: arr(anyObject('a goal as stored (db/models/person-goal.ts) with cascade: the unit goals and strategy theme above it')),
  }, [], 'server/goals/goal-views.ts personGoalsView'),
  UnitGoals: obj({
    cycle: str(), unit: obj({ _id: str(), name: names, parentId: nullable(str()) }, ['parentId']),
    goals: arr(anyObject('a unit goal with parents, unitGoals below it and the personGoals the reader may see')),
  }, [], 'server/goals/goal-views.ts unitGoalsView'),
  GoalHistory: obj({
    cycle: str(), person: obj({ _id: str(), name: names }),
    inForce: nullable(obj({ version: int(), agreedOn: str() })),
    versions: arr(obj({
      version: int(), agreedOn: str(), agreedAt: str(), inForce: bool(), proposedBy: anyObject('id and name'), approvedBy: anyObject('id and name'),
      reason: str(), comment: nullable(str()), changeCaseId: nullable(str()), goals: arr(anyObject('a goal with its unit goal\'s label')),
      changes: obj({ added: int(), dropped: int(), changed: int() }),
    }, ['changeCaseId', 'reason', 'agreedAt'])),
    openChange: nullable(str()), window: obj({ open: bool(), code: str() }, ['code']), canPropose: bool(),
  }, [], 'server/goal-changes/goal-history.ts goalHistory'),
  Inbox: obj({
    items: arr(anyObject('a task waiting for the reader: id, name, flow, subject, due date, links (server/tasks/inbox.ts)')),
    total: int(), counts: anyObject('how many tasks by flow, step and due'), filter: anyObject('the filter applied (the query parameters as read)'),
  }),
  RiskWarnings: obj({ warnings: arr(anyObject('a warning with the figures that raised it, in the reader\'s words (server/risk-warnings/warning-view.ts)')) }),
  DevelopmentUnits: obj({ units: arr(anyObject('a unit: people with a plan, items and the share done (server/development/unit-shares.ts)')) }),
};
