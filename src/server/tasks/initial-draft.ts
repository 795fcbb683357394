import { goalsInForce } from '../../db/models/goal-set';
import type { ReviewCase } from '../../db/models/review-case';

/**
 * What a form starts from before its first submission in a case, named by the schema
 * (`"context": {"draftFrom": "<source>"}`): a goal change starts from the goals in force, so the
 * employee edits them instead of typing them again. A source the server does not know starts empty.
 */
const SOURCES: Record<string, (reviewCase: ReviewCase) => Promise<Record<string, unknown> | null>> = {
  'goals-in-force': async (reviewCase) => {
    const inForce = await goalsInForce(reviewCase.cycle, reviewCase.subjectId);
    return inForce ? { goals: inForce.goals.map((g) => ({ ...g })) } : null;
  },
};

export async function initialDraft(schema: Record<string, unknown>, reviewCase: ReviewCase): Promise<Record<string, unknown> | null> {
  const source = (schema.context as { draftFrom?: unknown } | undefined)?.draftFrom;
  return typeof source === 'string' && SOURCES[source] ? SOURCES[source]!(reviewCase) : null;
}
