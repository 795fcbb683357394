import type { ReviewCase } from '../../../db/models/review-case';
import type { CurrentUser } from '../../current-user';
import type { EngineTask } from '../../engine-client';
import type { Locale } from '../../i18n';

/** Who reads a task's form, in which language, and the task and case it belongs to. */
export interface ContextReader {
  user: CurrentUser;
  locale: Locale;
  task: EngineTask;
  reviewCase: ReviewCase;
}

/**
 * What a source gives for one reader: a partial (templates/partials/<partial>.hbs) and its data;
 * `not-shown` when the reader may not see it (the same rule as the API that serves it), or
 * `nothing-yet` when the case has no such record (a step placed before the one that writes it).
 */
export type SourceResult = { partial: string; data: Record<string, unknown> } | 'not-shown' | 'nothing-yet';
