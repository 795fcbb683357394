import { BULK_MAX } from './tasks/bulk-approval';
import { COMMENT_MAX } from './tasks/task-actions';
import type { FieldSpec } from './request-body';

/**
 * The bodies routes read with readBody (request-body.ts), by name: each route passes one of these
 * very objects, and the API's description (openapi/) turns the same object into the body's schema,
 * so what is checked and what is described cannot part. Two more live beside their code:
 * ADJUSTMENT_EVENT_BODY (award-adjustments/file-event.ts) and FLOW_LAUNCH_BODY (platform/launcher).
 */
type Spec = Readonly<Record<string, FieldSpec>>;

/** A body with no fields: {} or nothing at all. */
export const NO_BODY = {} as const satisfies Spec;

export const CREDENTIALS = {
  username: { type: 'string', required: true, maxLength: 100 },
  password: { type: 'string', required: true, maxLength: 200 },
} as const satisfies Spec;
/** The login page's form (urlencoded): the credentials, where to go next and the form token. */
export const LOGIN_FORM = { ...CREDENTIALS, next: { type: 'string', maxLength: 2000 }, _csrf: { type: 'string' } } as const satisfies Spec;
export const PASSWORD_CHANGE = {
  currentPassword: { type: 'string', required: true, maxLength: 200 },
  newPassword: { type: 'string', required: true, maxLength: 200 },
} as const satisfies Spec;

export const TASK_SUBMISSION = { data: { type: 'object', required: true } } as const satisfies Spec;
export const BULK_APPROVAL = { taskIds: { type: 'string[]', required: true, maxLength: BULK_MAX } } as const satisfies Spec;
export const TASK_DELEGATION = { personId: { type: 'string', required: true, maxLength: 64 }, reason: { type: 'string', maxLength: COMMENT_MAX } } as const satisfies Spec;
export const TASK_COMMENT = { text: { type: 'string', required: true, maxLength: COMMENT_MAX } } as const satisfies Spec;

export const REVIEW_LAUNCH = { employeeIds: { type: 'string[]', maxLength: 10_000 }, checkInReminder: { type: 'string', maxLength: 40 } } as const satisfies Spec;
export const CYCLE_LAUNCH = { unitIds: { type: 'string[]', maxLength: 1000 }, processVersion: { type: 'string', maxLength: 10 } } as const satisfies Spec;
export const CALIBRATION_LAUNCH = { unitIds: { type: 'string[]', required: true, maxLength: 1000 } } as const satisfies Spec;
export const BONUS_ROUND_LAUNCH = {
  unitIds: { type: 'string[]', required: true, maxLength: 200 },
  deferralPack: { type: 'string', maxLength: 60 },
  awardDate: { type: 'string', maxLength: 10 },
} as const satisfies Spec;
export const APPEAL_FILING = { data: { type: 'object', required: true } } as const satisfies Spec;

export const ROLE_CHANGE = { roles: { type: 'string[]', required: true, maxLength: 20 } } as const satisfies Spec;

export const NEW_PROCESS = {
  key: { type: 'string', maxLength: 60 }, name: { type: 'string', maxLength: 200 }, copyOf: { type: 'string', maxLength: 60 },
  xml: { type: 'string', maxLength: 200_000 }, note: { type: 'string', maxLength: 500 },
} as const satisfies Spec;
/** A draft of a flow or a decision table. */
export const XML_DRAFT = { xml: { type: 'string', required: true, maxLength: 200_000 }, note: { type: 'string', maxLength: 500 } } as const satisfies Spec;
export const NEW_FORM = { key: { type: 'string', required: true, maxLength: 60 }, schema: { type: 'object', required: true } } as const satisfies Spec;
export const FORM_VERSION = { schema: { type: 'object', required: true } } as const satisfies Spec;
