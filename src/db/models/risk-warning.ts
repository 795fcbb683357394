import { Schema, model } from 'mongoose';
import type { WarningEvidence } from '../../domain/early-warning';

export type RiskWarningStatus = 'open' | 'confirmed' | 'dismissed';

/**
 * An early warning raised by a rule of policies/early-warning.json over a person's imported figures
 * (domain/early-warning.ts): the quarter, the figures that raised it, and how the risk officer
 * closed it. Its id is the rule, the person and the quarter, so detecting again never adds a second
 * one, and a closed warning stays closed.
 */
export interface RiskWarning {
  _id: string; // riskWarningId(rule, personId, period)
  rule: string;
  policyVersion: number;
  personId: string;
  /** The person's unit when it was raised: who manages it and which calibration shows it. */
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
  personId: { type: String, required: true },
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

export const RiskWarningModel = model<RiskWarning>('RiskWarning', riskWarningSchema, 'riskWarnings');
