import { talentView } from '../../talent/talent-view';
import type { ContextReader, SourceResult } from './context-reader';

/**
 * The case's person on the talent view (policies/talent.json): rating and 9-box cell cycle by cycle,
 * the flags with their reasons, earlier nominations. What HR, the HRBP and the committee weigh a
 * nomination on; shown to whoever the talent view shows the person to.
 */
export async function talentSource({ reviewCase, user, locale }: ContextReader): Promise<SourceResult> {
  if (reviewCase.subjectType === 'unit') return 'nothing-yet';
  const view = await talentView(user, locale, reviewCase.subjectId);
  if (!view) return 'not-shown';
  const person = view.people.find((p) => p.id === reviewCase.subjectId);
  if (!person) return view.people.length === 0 && view.cycles.length > 0 ? 'nothing-yet' : 'not-shown';
  return { partial: 'context-talent', data: { person, cycles: view.cycles } };
}
