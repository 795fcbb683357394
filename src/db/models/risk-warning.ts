import { Schema, model } from 'mongoose';
import type { WarningEvidence, WarningScope } from '../../domain/early-warning';

export type RiskWarningStatus = 'open' | 'confirmed' | 'dismissed';

/**
 * An early warning raised by a rule of policies/early-warning.json over a person's or a unit's
 * imported figures (domain/early-warning.ts): the quarter, the figures that raised it, and how the
 * risk officer closed it. Its id is the rule, the person (or unit) and the quarter, so detecting again
 * never adds a second one, and a closed warning stays closed.
 */
export interface RiskWarning {
  _id: string; // riskWarningId(rule, personId, period) or unitRiskWarningId(rule, unitId, period)
  rule: string;
  policyVersion: number;
  /** Whose figures raised it; absent on warnings raised before unit rules existed, which are all a person's. */
  scope?: WarningScope;
  /** The person, for a person's warning; absent on a unit's. */
  personId?: string;
  /** The person's unit when it was raised (who manages it and which calibration shows it), or the unit warned. */
  unitId: string;
  period: string;
  previousPeriod: string;
  evidence: WarningEvidence[];
  raisedAt: Date;
  status: RiskWarningStatus;
  outcome?: {
    decision: 'confirmed' | 'dismissed';
    note: string;
    by: string;
    at: Date;
    /** The compliance event a confirmed warning became (it feeds the veto, the cap and malus). */
    complianceEventId?: string;
  };
}

const riskWarningSchema = new Schema<RiskWarning>({
  _id: { type: String, required: true },
  rule: { type: String, required: true },
  policyVersion: { type: Number, required: true },
  scope: String,
  personId: String,
  unitId: { type: String, required: true },
  period: { type: String, required: true },
  previousPeriod: { type: String, required: true },
  evidence: { type: Schema.Types.Mixed, required: true },
  raisedAt: { type: Date, required: true },
  status: { type: String, required: true },
  outcome: Schema.Types.Mixed,
}, { versionKey: false, minimize: false });

export function riskWarningId(rule: string, personId: string, period: string): string {
  return `${rule}:${personId}:${period}`;
}

/** A unit's warning: the rule, the unit and the quarter (`unit` between them, so no person's id can meet it). */
export function unitRiskWarningId(rule: string, unitId: string, period: string): string {
  return `${rule}:unit:${unitId}:${period}`;
}

/** Whether a warning is about a unit as a whole (rather than one person). */
export const isUnitWarning = (warning: Pick<RiskWarning, 'scope'>): boolean => warning.scope === 'unit';

export const RiskWarningModel = model<RiskWarning>('RiskWarning', riskWarningSchema, 'riskWarnings');
