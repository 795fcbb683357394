import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { Award } from '../db/models/award';
import type { DeferralSchedule } from '../domain/deferral';
import type { ComplianceResult } from '../domain/compliance';
import { formatMoney } from '../lib/format-money';
import { translate, type Locale } from './i18n';

export const LETTER_TEMPLATE = 'letters/bonus-letter.hbs';
const templatePath = join(__dirname, '..', '..', 'templates', LETTER_TEMPLATE);

let compiled: Handlebars.TemplateDelegate | undefined;

export interface LetterInput {
  award: Pick<Award, 'cycle' | 'rating' | 'amountMinor' | 'currency' | 'explanation'>;
  name: string;
  unitName: string;
  pack: { key: string; version: number; title: string };
}

/** The award letter as text in the person's language (templates/letters/bonus-letter.hbs). */
export function renderBonusLetter(input: LetterInput, locale: Locale): string {
  if (!compiled || process.env.NODE_ENV === 'development') compiled = Handlebars.compile(readFileSync(templatePath, 'utf8'), { noEscape: true, strict: false });
  const schedule = input.award.explanation.deferral as DeferralSchedule;
  const compliance = input.award.explanation.compliance as ComplianceResult;
  return compiled({
    name: input.name, cycle: input.award.cycle, unitName: input.unitName,
    rating: input.award.rating, ratingCapped: compliance.capped, proposedRating: compliance.proposedRating,
    complianceFired: compliance.firedRules.length > 0,
    amountMinor: input.award.amountMinor, upfront: schedule.upfront, tranches: schedule.tranches, deferredMinor: schedule.deferredMinor,
    packKey: input.pack.key, packVersion: input.pack.version, packTitle: input.pack.title, packReference: schedule.reference,
    // What the fund-manager pack (AMAC 2022) asks the person to invest in the company's funds out of this award.
    coInvestment: schedule.coInvestment ?? null,
  }, {
    helpers: {
      t: (key: string) => translate(locale, key),
      tKey: (prefix: string, key: string) => translate(locale, `${prefix}${key}`),
      tPercent: (key: string, percent: number) => translate(locale, key).replace('%percent', String(percent)),
      money: (minor: number) => formatMoney(minor, input.award.currency, locale),
    },
  });
}
