import type { Role } from '../../db/models/person';
import type { CurrentUser } from '../current-user';

/** Who launches a cycle's reviews (POST /api/cycles/:cycle/reviews and …/launches). */
export const LAUNCH_ROLES: readonly Role[] = ['hr', 'process-owner', 'admin'];
/** Who reads every launch's progress: those who launch, and auditors. */
const LAUNCH_READERS: readonly Role[] = [...LAUNCH_ROLES, 'auditor'];

export const mayLaunchReviews = (user: CurrentUser) => user.roles.some((role) => LAUNCH_ROLES.includes(role));

export const mayReadEveryLaunch = (user: CurrentUser) => user.roles.some((role) => LAUNCH_READERS.includes(role));

/** Those who read every launch, and whoever started this one (a flow's diagram let them). */
export const mayReadLaunch = (user: CurrentUser, launch: { startedBy: string } | null) => mayReadEveryLaunch(user) || launch?.startedBy === user.id;
