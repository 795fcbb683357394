// The JSON bodies meritflow's API answers with, declared once: the route (or the library function
// it calls) declares that it returns one, and the browser page that reads it (src/web) imports the
// same type, so a field renamed on one side fails `npm run typecheck` on the other.
//
// Types only, importing nothing but src/domain: the server and the browser bundle may both import
// it without either reaching into the other. Shapes are written as the server builds them (a Date
// is a Date); a page reads them through Json<…>, which is what JSON.stringify leaves of them.
import type { FieldChange } from './policy-validation';
import type { ProcessDiff } from './process-diff';

/** What `JSON.stringify` then `JSON.parse` make of a value: a Date becomes its ISO string. */
export type Json<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer Item>
    ? Json<Item>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** One reason a request or a saved document was refused, naming the field (or element) at fault. */
export interface FieldProblem {
  field: string;
  code: string;
  /** The reason in English: the API's stable wording (logs, integrations). */
  message: string;
  /** The same reason in the reader's language where the server words it (a refused task submission): what a page shows. */
  text?: string;
}

/** Every 4xx and 5xx the API answers itself (server/app.ts's error handler, the access checks). */
export interface ErrorBody {
  /** The reason in English: the API's stable wording. */
  error: string;
  /** The same reason in the reader's language, where the server has words for it: what a page shows. */
  text?: string;
  problems?: FieldProblem[];
}

/** Where a stored version of a flow, form or decision table came from. */
export type VersionOrigin = 'shipped' | 'owner';

// ---- Launches: /api/flows/:key/launches, /api/cycles/:cycle/launches, /api/launches/:launchId
// (server/launcher/flow-launches.ts, server/hr/cycle-launches.ts) ----

/** A person or unit by id with its name in both languages; null when the store has none. */
export interface NamedSubject {
  id: string;
  name: { en: string; 'zh-CN': string } | null;
}

/** How a case's manager was found: the person's manager, or the head of their (or a parent) unit. */
export type ApproverRule = 'manager' | 'unit-head' | 'parent-unit-head';

/** POST …/launches/dry-run: what a launch would do, nothing written. */
export interface LaunchDryRun {
  cycle: string;
  flow: { key: string; name: string | null; subjectType: 'person' | 'unit' };
  process: { key: string; version: number; definitionId: string };
  /** The units in scope; null for the whole bank. */
  unitIds: string[] | null;
  /** Cases it would start. */
  cases: number;
  /** Subjects with a case of this flow in this cycle already. */
  skipped: number;
  notStarted: Array<{ subject: NamedSubject; code: string; message: string }>;
  firstCases: Array<{ subject: NamedSubject; unitId: string; manager: NamedSubject; rule: ApproverRule }>;
  /** A person flow: those nobody could approve (as the review launch always answered). */
  withoutApprover: NamedSubject[];
  firstApprovers: Array<{ person: NamedSubject; unitId: string; approver: NamedSubject; rule: ApproverRule }>;
}

/** POST …/launches and POST /api/launches/:launchId/resume (202): the launch runs on in the background. */
export interface LaunchAccepted {
  launchId: string;
  total: number;
  skipped: number;
  /** The stopped launch a resume goes on from. */
  resumes?: string;
}

/** GET /api/launches/:launchId: where a launch stands; "interrupted" when its loop stopped writing. */
export interface LaunchProgress {
  launchId: string;
  cycle: string;
  unitIds: string[] | null;
  subjectIds: string[] | null;
  subjectType: 'person' | 'unit';
  process: { key: string; version: number; definitionId: string };
  processName: string | null;
  total: number;
  started: number;
  skipped: number;
  failed: Array<{ subjectId: string; reason: string }>;
  withoutApprover: string[];
  notStarted: Array<{ subjectId: string; code: string; message: string }>;
  /** The names of the subjects above (failed, not started, without approver) by id: a page names them, the audit log keeps the ids. */
  subjectNames?: Record<string, { en: string; 'zh-CN': string }>;
  done: number;
  percent: number;
  status: 'running' | 'finished' | 'interrupted';
  resumes: string | null;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
}

// ---- Policies: /api/policies (server/policies/policy-versions.ts) ----

/** POST /api/policies/:key/versions (201): the new version, when it takes effect, and what it changes. */
export interface PolicyVersionSaved {
  version: number;
  effectiveFrom: string;
  changes: FieldChange[];
}

// ---- Bulk approval: /api/tasks/bulk-approval (server/tasks/bulk-approval.ts) ----

/** One task's outcome in a bulk approval. */
export interface BulkResult {
  taskId: string;
  approved: boolean;
  /** Why not, in a sentence. */
  error?: string;
  /** The same in the reader's language, where the server has words for it. */
  text?: string;
  problems?: FieldProblem[];
}

/** POST /api/tasks/bulk-approval: 200 when any task was approved, else 422 with `error` as well. */
export interface BulkApproval {
  error?: string;
  approved: number;
  failed: number;
  results: BulkResult[];
}

// ---- Incidents: /api/incidents (server/routes/incidents.ts, server/incidents/open-incidents.ts) ----

/** An external task whose worker failed on every attempt, as an operator sees it. */
export interface OperatorIncident {
  id: string;
  /** The process definition's key. */
  process: string;
  /** The step's element id. */
  step: string;
  /** The step's name in the diagram, when the engine's history has it. */
  stepLabel: string | null;
  /** The flow's name in the reader's language (a shipped flow's translation, else the diagram's name, else its key). */
  processName: string;
  /** The step in the reader's language: a shipped step's translation, else its building block's name, else the diagram's name. */
  stepName: string;
  businessKey: string | null;
  message: string;
  /** The worker's error details, cut at a few thousand characters. */
  details: string;
  time: string | null;
  externalTaskId: string | null;
}

/** GET /api/incidents; also the incidents page's starting list. */
export interface IncidentList {
  incidents: OperatorIncident[];
  /** Mails that could not be sent after every attempt (src/worker/mail), newest first. */
  mails: FailedMail[];
}

export interface FailedMail {
  id: string;
  recipient: string;
  kind: string;
  attempts: number;
  error: string;
  time: string;
}

/** POST /api/incidents/:incidentId/retry */
export interface IncidentRetried {
  retried: true;
  externalTaskId: string;
}

/** POST /api/incidents/mails/:mailId/retry: false when the mail was waiting to go already (a second press). */
export interface MailRetried {
  retried: boolean;
}

// ---- Flows: /api/processes (server/routes/modeler.ts, server/modeler/process-library.ts) ----

export interface ProcessListRow {
  key: string;
  latestVersion: number;
  runningVersion: number | null;
  engineVersion: number | null;
}

/** GET /api/processes */
export interface ProcessList {
  processes: ProcessListRow[];
}

export interface ProcessVersionRow {
  version: number;
  origin: VersionOrigin;
  note: string;
  createdAt: Date;
  createdBy: string;
}

export interface ProcessDeploymentRow {
  definitionId: string;
  engineVersion: number;
  /** The store version it was deployed from; null when the engine has a definition the store does not know. */
  version: number | null;
  kind: 'shipped' | 'deploy' | 'rollback' | null;
  deployedAt: Date | null;
  deployedBy: string | null;
  /** Cases running on this definition: each keeps the version it started with. */
  runningCases: number;
}

/** GET /api/processes/:key/versions, newest first; also the modeler page's starting history. */
export interface ProcessHistory {
  key: string;
  versions: ProcessVersionRow[];
  deployments: ProcessDeploymentRow[];
  runningVersion: number | null;
}

/** GET /api/processes/:key/versions/:version/xml and the same for /api/decisions. */
export interface VersionXml {
  key: string;
  version: number;
  xml: string;
}

/** What a version changes against the running flow (the deployed table), or against nothing. */
export interface DiffAgainstRunning {
  against: number | null;
  engineVersion: number | null;
  diff: ProcessDiff;
}

/** GET /api/processes/:key/versions/:version/diff and the same for /api/decisions. */
export interface VersionDiff extends DiffAgainstRunning {
  key: string;
  version: number;
}

/** POST /api/forms, POST /api/forms/:key/versions: `created` is false when the schema was the latest already. */
export interface SavedVersion {
  key: string;
  version: number;
  created: boolean;
}

/** POST /api/processes, POST /api/processes/:key/drafts and POST /api/decisions/:key/drafts: saved after the lint. */
export interface SavedDraft extends SavedVersion, DiffAgainstRunning {
  /** What the lint found that does not stop a save. */
  warnings: FieldProblem[];
}

/** POST /api/processes/:key/deployments */
export interface ProcessDeployed {
  key: string;
  version: number;
  /** A roll back deploys a version older than the running one. */
  kind: 'deploy' | 'rollback';
  engineVersion: number;
  definitionId: string;
  deployedAt: Date;
}

// ---- Forms: /api/forms (server/modeler/form-library.ts) ----

export interface FormListRow {
  key: string;
  latestVersion: number;
  /** In the reader's language when the schema has it. */
  title: string;
}

/** GET /api/forms */
export interface FormList {
  forms: FormListRow[];
}

export interface FormVersionRow {
  version: number;
  createdAt: Date;
  createdBy: string;
  origin: VersionOrigin;
  /** Running cases that pinned this version. */
  runningCases: number;
}

/** GET /api/forms/:key/versions, newest first. */
export interface FormHistory {
  key: string;
  versions: FormVersionRow[];
}

/** GET /api/forms/:key/versions/:version */
export interface FormVersionSchema {
  key: string;
  version: number;
  schema: Record<string, unknown>;
}

// ---- Decision tables: /api/decisions (server/routes/decisions.ts, server/modeler/decision-library.ts) ----

export interface DecisionListRow {
  key: string;
  name: string;
  latestVersion: number;
  deployedVersion: number | null;
  engineVersion: number | null;
}

/** GET /api/decisions */
export interface DecisionList {
  decisions: DecisionListRow[];
}

export interface DecisionVersionRow {
  version: number;
  createdAt: Date;
  createdBy: string;
  origin: VersionOrigin;
  note: string;
  deployed: boolean;
}

export interface DecisionDeploymentRow {
  decisionDefinitionId: string;
  engineVersion: number;
  version: number | null;
  kind: 'shipped' | 'deploy' | 'rollback' | null;
  deployedAt: Date | null;
  deployedBy: string | null;
}

/** GET /api/decisions/:key/versions, newest first. */
export interface DecisionHistory {
  key: string;
  deployedVersion: number | null;
  versions: DecisionVersionRow[];
  deployments: DecisionDeploymentRow[];
}

/** POST /api/decisions/:key/deployments */
export interface DecisionDeployed {
  key: string;
  version: number;
  kind: 'deploy' | 'rollback';
  engineVersion: number;
  decisionDefinitionId: string;
  deployedAt: Date;
}

// ---- Page data: the JSON a page's route writes into the page for its script (clientData) ----

/** The languages a page is written in. */
export type PageLocale = 'en' | 'zh-CN';

/** A Camunda 7 element template (bpmn-js-element-templates' schema), one per worker topic. */
export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  version: number;
  description: string;
  appliesTo: string[];
  properties: Array<{ label: string; type: string; value: string; binding: { type: string; name: string } }>;
}

/** /modeler: the flows and forms a new flow or form may copy. */
export interface ModelerIndexPageData {
  locale: PageLocale;
  strings: Record<string, string>;
  flows: Array<{ key: string; name: string }>;
  forms: Array<{ key: string; title: string }>;
}

/** /modeler/:key */
export interface ModelerPageData {
  key: string;
  history: ProcessHistory;
  forms: FormListRow[];
  templates: ElementTemplate[];
  locale: PageLocale;
  strings: Record<string, string>;
  /** Names of the people the history names, by person id. */
  people: Record<string, string>;
}

/** /decisions/:key: an existing table, or a new one (blank with a name, or a copy of `from`). */
export interface DecisionPageData {
  key: string;
  locale: PageLocale;
  strings: Record<string, string>;
  isNew: boolean;
  name: string;
  from: string | null;
  people: Record<string, string>;
}

/** /forms-builder/:key: the form's latest version (a new form's starting schema when it has none). */
export interface FormsBuilderPageData {
  key: string;
  version: number | null;
  schema: Record<string, unknown>;
  locale: PageLocale;
  strings: Record<string, string>;
  people: Record<string, string>;
}

/** POST /api/metrics, /api/compliance-events, /api/compensation: what an import wrote (import/import-batch.ts's ImportResult). */
export interface ImportAnswer {
  batchId: string;
  kind: string;
  received: number;
  created: number;
  updated: number;
  unchanged: number;
}

/** One note of feedback or recognition as a page shows it (server/feedback/feedback-view.ts). */
export interface FeedbackNoteView {
  id: string;
  kind: 'feedback' | 'recognition';
  kindText: string;
  from: string;
  to: string;
  /** "Goal: …" or "Value: …" in the reader's language; its two parts apart (a goal's title is what its owner typed). */
  about: string;
  aboutLabel: string;
  aboutTitle: string;
  text: string;
  visibility: 'private' | 'unit';
  visibilityText: string;
  day: string;
  /** Given to the reader: they choose its visibility. */
  mine: boolean;
}

/** GET /api/feedback: what the reader received and gave, and what colleagues of their unit shared with it. */
export interface MyFeedbackAnswer {
  received: FeedbackNoteView[];
  given: FeedbackNoteView[];
  shared: FeedbackNoteView[];
}

/** GET /api/feedback/people/:personId/topics: what a note to this colleague may be about. */
export interface FeedbackTopicsAnswer {
  goals: Array<{ id: string; title: string }>;
  values: Array<{ key: string; title: string }>;
}

/** POST /api/feedback: the note as stored; `replayed` when the same note was already given today. */
export interface GiveFeedbackAnswer {
  note: FeedbackNoteView;
  replayed: boolean;
}

/** One nomination of a person (the talent-nomination flow) and where it stands. */
export interface TalentNominationView {
  caseId: string;
  cycle: string;
  stage: 'being-nominated' | 'at-hrbp' | 'at-committee' | 'declined-by-hrbp' | 'approved' | 'rejected';
  stageText: string;
  track: string | null;
  trackText: string | null;
  /** The last reviewer's comment (the committee's, else the HRBP's). */
  comment: string | null;
}

/** One person on the talent view: cycle by cycle, the flags with their reasons in words, the nominations. */
export interface TalentPersonView {
  id: string;
  name: string;
  unit: string;
  active: boolean;
  cycles: Array<{ cycle: string; rating: string | null; box: string | null }>;
  consecutiveHigh: number;
  flags: Array<{ flag: string; label: string; reason: string }>;
  nominations: TalentNominationView[];
  /** Flagged, still employed, and not yet nominated in the latest cycle shown. */
  nominable: boolean;
}

/** GET /api/talent (server/talent/talent-view.ts). */
export interface TalentAnswer {
  cycles: string[];
  latestCycle: string | null;
  policyVersion: number;
  people: TalentPersonView[];
}
