import { Schema, model } from 'mongoose';

/**
 * The award letter a person receives, rendered once in their language from
 * templates/letters/bonus-letter.hbs. Its id is the award's, so a redelivery or a re-run rewrites it.
 * Kept apart from the award so the award's owners (allocation, appeal re-run, malus) and the letter
 * never write one document at the same time.
 */
export interface BonusLetter {
  _id: string; // awardId(cycle, person)
  personId: string;
  caseId: string;
  locale: 'en' | 'zh-CN';
  text: string;
  /** Which award amount the letter states, so a reader sees whether a later change superseded it. */
  amountMinor: number;
  template: string;
  renderedAt: Date;
}

const bonusLetterSchema = new Schema<BonusLetter>({
  _id: { type: String, required: true },
  personId: { type: String, required: true },
  caseId: { type: String, required: true },
  locale: { type: String, required: true },
  text: { type: String, required: true },
  amountMinor: { type: Number, required: true },
  template: { type: String, required: true },
  renderedAt: { type: Date, required: true },
}, { versionKey: false });

export const BonusLetterModel = model<BonusLetter>('BonusLetter', bonusLetterSchema, 'bonusLetters');
