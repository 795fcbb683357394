import { Schema, model } from 'mongoose';
import type { DistributionAnalysis } from '../../domain/calibration';
import type { FinalRating, RoundProblem } from '../../domain/calibration-meeting';

/**
 * One org unit's calibration in one cycle: who is calibrated with which proposed rating, the
 * distribution against the pinned curve, every meeting round with its problems and the HRBP's
 * decision on it, and the final ratings applied to the reviews. Written by one step of the
 * calibration flow at a time (gather, check, decision, apply, notify), never concurrently.
 */
export type CalibrationStatus = 'meeting' | 'approval' | 'approved' | 'applied' | 'calibrated';

export interface CalibrationPerson {
  personId: string;
  /** The final review score, kept beside the rating it gave. */
  score: number;
  proposedRating: string;
}

export interface HrbpDecision {
  decision: 'approve' | 'return';
  comment: string;
  by: string;
  at: Date;
  /** The approval task, whose submission holds the decision. */
  taskId: string;
}

export interface CalibrationRound {
  round: number;
  /** The meeting task whose submission this round judged. */
  taskId: string;
  submittedBy: string;
  changes: Array<{ personId: string; toRating: string; reason: string }>;
  meetingNotes: string;
  accepted: boolean;
  curveAdvisory: boolean;
  problems: RoundProblem[];
  after: DistributionAnalysis;
  finalRatings: FinalRating[];
  judgedAt: Date;
  hrbpDecision?: HrbpDecision;
}

export interface CalibrationFinal extends FinalRating {
  score: number;
  decidedBy: string;
}

export interface Calibration {
  _id: string; // calibrationId(cycle, unitId)
  cycle: string;
  unitId: string;
  caseId: string;
  policy: { key: string; version: number };
  people: CalibrationPerson[];
  /** The proposed ratings against the curve. */
  analysis: DistributionAnalysis;
  rounds: CalibrationRound[];
  final: CalibrationFinal[];
  status: CalibrationStatus;
  createdAt: Date;
  updatedAt: Date;
}

const calibrationSchema = new Schema<Calibration>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  unitId: { type: String, required: true },
  caseId: { type: String, required: true },
  policy: { type: Schema.Types.Mixed, required: true },
  people: { type: Schema.Types.Mixed, required: true },
  analysis: { type: Schema.Types.Mixed, required: true },
  rounds: { type: Schema.Types.Mixed, default: [] },
  final: { type: Schema.Types.Mixed, default: [] },
  status: { type: String, enum: ['meeting', 'approval', 'approved', 'applied', 'calibrated'], required: true },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
}, { versionKey: false, minimize: false });

/** `<cycle>:<unit>`: read and written by id only. */
export function calibrationId(cycle: string, unitId: string): string {
  return `${cycle}:${unitId}`;
}

export const CalibrationModel = model<Calibration>('Calibration', calibrationSchema, 'calibrations');

/** A calibration by id, with its lists present even where the store left an empty one out. */
export async function readCalibration(id: string): Promise<Calibration | null> {
  const found = await CalibrationModel.findById(id).lean();
  return found ? { ...found, rounds: found.rounds ?? [], final: found.final ?? [], people: found.people ?? [] } : null;
}
