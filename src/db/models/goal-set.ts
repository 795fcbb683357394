import { Schema, model } from 'mongoose';
import { goalSetVersionId, versionInForce, type GoalRow, type GoalSetVersion } from '../../domain/goal-versions';
import { isDuplicateKey } from '../duplicate-key';
import { retryOnBusy } from '../retry-on-busy';
import { personGoals } from './goal';

/**
 * The versions of a person's goal set in a cycle (src/domain/goal-versions.ts). Each version is its
 * own document, written once and never changed; `personGoals` (goal.ts) holds the goals of the version
 * in force, which every other reader (check-in, /me, unit goals, the strategy map) uses.
 */
const goalRowSchema = new Schema<GoalRow>({
  title: { type: String, required: true }, kind: { type: String, required: true }, dimension: { type: String, required: true },
  weight: { type: Number, required: true }, target: { type: String, required: true }, unitGoalId: { type: String, required: true },
}, { _id: false });

const goalSetVersionSchema = new Schema<GoalSetVersion>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  personId: { type: String, required: true },
  version: { type: Number, required: true },
  goals: { type: [goalRowSchema], required: true },
  agreedAt: { type: Date, required: true },
  proposedBy: { type: String, required: true },
  approvedBy: { type: String, required: true },
  reason: { type: String, default: null },
  changeCaseId: { type: String, default: null },
  comment: { type: String, default: null },
}, { versionKey: false });

export const GoalSetVersionModel = model<GoalSetVersion>('GoalSetVersion', goalSetVersionSchema, 'goalSetVersions');

/** More versions than a cycle ever has; reads go by `_id` up to the first gap. */
export const MAX_GOAL_SET_VERSIONS = 50;

/**
 * Which goal change of a person in a cycle is open, and how many were proposed (the next one's case
 * key). One document per person and cycle, written under the person's goal-change lock.
 */
export interface GoalChangeHead {
  _id: string; // `${cycle}:${personId}`
  proposals: number;
  openCaseId: string | null;
}

const goalChangeHeadSchema = new Schema<GoalChangeHead>({
  _id: { type: String, required: true },
  proposals: { type: Number, required: true },
  openCaseId: { type: String, default: null },
}, { versionKey: false });

export const GoalChangeHeadModel = model<GoalChangeHead>('GoalChangeHead', goalChangeHeadSchema, 'goalChangeHeads');

export function goalChangeHeadId(cycle: string, personId: string): string {
  return `${cycle}:${personId}`;
}

/** The stored versions, oldest first. */
export async function storedGoalSetVersions(cycle: string, personId: string): Promise<GoalSetVersion[]> {
  const found: GoalSetVersion[] = [];
  for (let version = 1; version <= MAX_GOAL_SET_VERSIONS; version++) {
    const stored = await GoalSetVersionModel.findById(goalSetVersionId(cycle, personId, version)).lean<GoalSetVersion>();
    if (!stored) break;
    found.push(stored);
  }
  return found;
}

/**
 * Version 1 as the goal-setting approval recorded it (goals.record), for a goal set that has not
 * changed yet: it is written as a version document when the first change is approved.
 */
export function firstVersionFromGoals(cycle: string, personId: string, goals: Awaited<ReturnType<typeof personGoals>>): GoalSetVersion | null {
  const first = goals[0];
  if (!first) return null;
  return {
    _id: goalSetVersionId(cycle, personId, 1), cycle, personId, version: 1,
    goals: goals.map(({ title, kind, dimension, weight, target, unitGoalId }) => ({ title, kind, dimension, weight, target, unitGoalId })),
    agreedAt: first.recordedAt, proposedBy: personId, approvedBy: first.approvedBy, reason: null, changeCaseId: null, comment: null,
  };
}

/** Every version of a person's goals in a cycle, oldest first: the stored ones, or version 1 alone while the goals never changed. */
export async function goalSetVersions(cycle: string, personId: string): Promise<GoalSetVersion[]> {
  const stored = await storedGoalSetVersions(cycle, personId);
  if (stored.length > 0) return stored;
  const first = firstVersionFromGoals(cycle, personId, await personGoals(cycle, personId));
  return first ? [first] : [];
}

/**
 * The goals in force for a person in a cycle, with their version: what scoring, the strategy map and
 * any other reader of "the agreed goals" should use. Null before the goals are agreed.
 */
export async function goalsInForce(cycle: string, personId: string): Promise<GoalSetVersion | null> {
  return versionInForce(await goalSetVersions(cycle, personId));
}

/** Writes a version once: `exists` when that version is already stored (a redelivery, or a concurrent writer). */
export async function saveGoalSetVersion(version: GoalSetVersion): Promise<'saved' | 'exists'> {
  try {
    await retryOnBusy(() => GoalSetVersionModel.create(version));
    return 'saved';
  } catch (error) {
    if (isDuplicateKey(error)) return 'exists';
    throw error;
  }
}

/** The open change is over (approved, rejected or too late): a new one may be proposed. */
export async function closeGoalChange(cycle: string, personId: string, caseId: string): Promise<void> {
  await retryOnBusy(() => GoalChangeHeadModel.updateOne({ _id: goalChangeHeadId(cycle, personId), openCaseId: caseId }, { $set: { openCaseId: null } }));
}
