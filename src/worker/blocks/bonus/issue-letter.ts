import type { Award } from '../../../db/models/award';
import { LETTER_TEMPLATE, renderBonusLetter } from '../../../platform/bonus-letter';
import type { Clock, LettersPort, NotifyPort, OrgPort } from '../ports';

export interface LetterPorts {
  org: Pick<OrgPort, 'person' | 'unit'>;
  letters: LettersPort;
  notify: NotifyPort;
  clock: Clock;
}

/** Renders the award's letter in the person's language, stores it under the award's id and tells the person. */
export async function issueLetter(ports: LetterPorts, award: Award, pack: { key: string; version: number }, notificationKind: string, notificationCaseId: string): Promise<void> {
  const [person, unit] = await Promise.all([ports.org.person(award.personId), ports.org.unit(award.unitId)]);
  if (!person) throw new Error(`employee ${award.personId} of award ${award._id} is not on the org chart`);
  const locale = person.locale ?? 'zh-CN';
  const title = await ports.letters.policyTitle(pack.key, locale);
  const text = renderBonusLetter({ award, name: person.name[locale], unitName: unit?.name[locale] ?? award.unitId, pack: { ...pack, title } }, locale);
  await ports.letters.save({
    _id: award._id, personId: award.personId, caseId: award.caseId, locale, text, amountMinor: award.amountMinor, template: LETTER_TEMPLATE, renderedAt: ports.clock.now(),
  });
  await ports.notify(award.personId, notificationCaseId, notificationKind, { awardId: award._id, amountMinor: award.amountMinor, currency: award.currency });
}
