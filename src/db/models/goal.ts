import { Schema, model } from 'mongoose';
import type { Dimension } from '../../domain/scoring';
import { retryOnBusy } from '../retry-on-busy';
import { readByIds } from '../read-by-ids';

/**
 * Goals cascade from strategy to unit to person (目标分解). A unit goal belongs to an org unit in a
 * cycle; its parent is the goal it serves one level up (a bank's strategic goals are the top unit's,
 * with no parent). A person's goal links to one unit goal. Ids say what they are, so the cascade is
 * traced up by `_id` reads alone.
 */
export type GoalKind = 'KPI' | 'OKR';

export interface UnitGoal {
  _id: string; // unitGoalId(cycle, unitId, code)
  cycle: string;
  unitId: string;
  code: string;
  title: { en: string; 'zh-CN': string };
  kind: GoalKind;
  dimension: Dimension;
  target: string;
  /** The goal one level up (for EXEC's goals: none, they are the strategy). */
  parentId?: string;
}

const unitGoalSchema = new Schema<UnitGoal>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  unitId: { type: String, required: true },
  code: { type: String, required: true },
  title: { en: { type: String, required: true }, 'zh-CN': { type: String, required: true } },
  kind: { type: String, enum: ['KPI', 'OKR'], required: true },
  dimension: { type: String, required: true },
  target: { type: String, required: true },
  parentId: String,
}, { versionKey: false });

export function unitGoalId(cycle: string, unitId: string, code: string): string {
  return `${cycle}:${unitId}:${code}`;
}

export const UnitGoalModel = model<UnitGoal>('UnitGoal', unitGoalSchema, 'unitGoals');

/**
 * Which unit goals a cycle has, by unit: one document per cycle, so a unit's goals are found by `_id`
 * reads. A filter on `{cycle, unitId}` reads every unit goal of every cycle on FerretDB, and the
 * goal-setting form asks for it on every view and submission: 4,427 documents each in a bench with
 * 233 cycles, where scans took most of the store's CPU.
 */
export interface UnitGoalIndex {
  _id: string; // the cycle
  goalIdsByUnit: Record<string, string[]>;
}

const unitGoalIndexSchema = new Schema<UnitGoalIndex>({
  _id: { type: String, required: true },
  goalIdsByUnit: { type: Schema.Types.Mixed, required: true },
}, { versionKey: false, minimize: false });

export const UnitGoalIndexModel = model<UnitGoalIndex>('UnitGoalIndex', unitGoalIndexSchema, 'unitGoalIndexes');

/**
 * Writes a cycle's unit goals and their place in the cycle's index, by id (repeating it changes
 * nothing). The goals given for a unit are all of that unit's goals in the cycle.
 */
export async function recordUnitGoals(cycle: string, goals: UnitGoal[]): Promise<void> {
  await retryOnBusy(() => UnitGoalModel.bulkWrite(goals.map(({ _id, ...fields }) => ({ updateOne: { filter: { _id }, update: { $set: fields }, upsert: true } }))));
  const byUnit = new Map<string, string[]>();
  for (const goal of goals) byUnit.set(goal.unitId, [...(byUnit.get(goal.unitId) ?? []), goal._id]);
  const units = Object.fromEntries([...byUnit].map(([unitId, ids]) => [`goalIdsByUnit.${unitId}`, ids]));
  await retryOnBusy(() => UnitGoalIndexModel.updateOne({ _id: cycle }, { $set: units }, { upsert: true }));
}

async function unitGoalsById(ids: string[]): Promise<UnitGoal[]> {
  return [...(await readByIds<UnitGoal>(UnitGoalModel, ids)).values()];
}

/** A unit's own goals in a cycle, by code. */
export async function unitGoalsOf(cycle: string, unitId: string): Promise<UnitGoal[]> {
  const index = await UnitGoalIndexModel.findById(cycle).lean();
  return (await unitGoalsById(index?.goalIdsByUnit[unitId] ?? [])).sort((a, b) => a.code.localeCompare(b.code));
}

/** Every unit goal of a cycle, by id (unit, then code): where to look for the goals serving one of them. */
export async function unitGoalsOfCycle(cycle: string): Promise<UnitGoal[]> {
  const index = await UnitGoalIndexModel.findById(cycle).lean();
  return (await unitGoalsById(Object.values(index?.goalIdsByUnit ?? {}).flat())).sort((a, b) => a._id.localeCompare(b._id));
}

const MAX_CASCADE_DEPTH = 10;

/** A unit goal and the goals above it, up to the strategy: the cascade traced up, by id reads. */
export async function unitGoalCascade(unitGoalId: string): Promise<UnitGoal[]> {
  const chain: UnitGoal[] = [];
  let id: string | undefined = unitGoalId;
  while (id && chain.length < MAX_CASCADE_DEPTH) {
    const goal: UnitGoal | null = await UnitGoalModel.findById(id).lean();
    if (!goal) break;
    chain.push(goal);
    id = goal.parentId;
  }
  return chain;
}

/** One approved goal of a person, as the manager approved it; a later approval of the same case rewrites it. */
export interface PersonGoal {
  _id: string; // personGoalId(cycle, personId, index)
  cycle: string;
  personId: string;
  caseId: string;
  index: number;
  title: string;
  kind: GoalKind;
  dimension: Dimension;
  /** Per cent; the person's goals total 100. */
  weight: number;
  target: string;
  unitGoalId: string;
  /** The goal-setting submission (task id) the goal comes from, and the approval that accepted it. */
  sourceSubmissionTaskId: string;
  approvalSubmissionTaskId: string;
  approvedBy: string;
  recordedAt: Date;
}

const personGoalSchema = new Schema<PersonGoal>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  personId: { type: String, required: true },
  caseId: { type: String, required: true },
  index: { type: Number, required: true },
  title: { type: String, required: true },
  kind: { type: String, enum: ['KPI', 'OKR'], required: true },
  dimension: { type: String, required: true },
  weight: { type: Number, required: true },
  target: { type: String, required: true },
  unitGoalId: { type: String, required: true },
  sourceSubmissionTaskId: { type: String, required: true },
  approvalSubmissionTaskId: { type: String, required: true },
  approvedBy: { type: String, required: true },
  recordedAt: { type: Date, required: true },
}, { versionKey: false });
// Cascade down: the person goals serving a unit goal (GET /api/unit-goals/...).
personGoalSchema.index({ unitGoalId: 1 });

/** Goal n (1-based, in the order the person listed them) of a person in a cycle. */
export function personGoalId(cycle: string, personId: string, index: number): string {
  return `${cycle}:${personId}:goal-${index}`;
}

export const PersonGoalModel = model<PersonGoal>('PersonGoal', personGoalSchema, 'personGoals');

/** At most this many goals per person (forms/goal-setting.json allows ten); reads go by id up to it. */
export const MAX_PERSON_GOALS = 10;

/** A person's goals in a cycle, by id reads (FerretDB answers only `_id` equality from its index). */
export async function personGoals(cycle: string, personId: string): Promise<PersonGoal[]> {
  const found: PersonGoal[] = [];
  for (let index = 1; index <= MAX_PERSON_GOALS; index++) {
    const goal = await PersonGoalModel.findById(personGoalId(cycle, personId, index)).lean();
    if (!goal) break;
    found.push(goal);
  }
  return found;
}
