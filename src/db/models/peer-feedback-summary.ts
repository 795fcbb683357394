import { Schema, model } from 'mongoose';
import type { PeerFeedbackAggregate } from '../../domain/feedback-360';

/**
 * The 360 feedback of a review, aggregated: mean per dimension with how many peers rated it. Only
 * the aggregate is kept here; what each peer answered stays in their own submission, which no route
 * shows to the employee. The manager sees this beside the manager assessment.
 */
export interface PeerFeedbackSummary {
  _id: string; // peerFeedbackSummaryId(cycle, subjectId)
  cycle: string;
  subjectId: string;
  caseId: string;
  aggregate: PeerFeedbackAggregate;
  /** The peers' comments, sorted by text: not in the order they answered, never with who wrote them. */
  comments?: string[];
  /** The peers' task ids (= their submissions), for audit; not who answered what. */
  sourceSubmissionTaskIds: string[];
  computedAt: Date;
}

const summarySchema = new Schema<PeerFeedbackSummary>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  subjectId: { type: String, required: true },
  caseId: { type: String, required: true },
  aggregate: { type: Schema.Types.Mixed, required: true },
  comments: { type: [String], default: undefined },
  sourceSubmissionTaskIds: { type: [String], required: true },
  computedAt: { type: Date, required: true },
}, { versionKey: false, minimize: false });

export function peerFeedbackSummaryId(cycle: string, subjectId: string): string {
  return `${cycle}:${subjectId}:360`;
}

export const PeerFeedbackSummaryModel = model<PeerFeedbackSummary>('PeerFeedbackSummary', summarySchema, 'peerFeedbackSummaries');
