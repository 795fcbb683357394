/**
 * The shape every computed number carries so that "why?" has an answer: the inputs, each step as a
 * formula with the values put in and the result, and the policy version it was computed under.
 */
import type { PolicyRef } from './scoring';

export type { PolicyRef };

export type StepValue = number | string | boolean | null;

export interface ExplanationStep {
  /** A stable name for the step, e.g. "raroc" or "deferred amount"; the UI translates it. */
  step: string;
  formula: string;
  values: Record<string, StepValue>;
  result: StepValue;
  note?: string;
}

export interface Explanation<Inputs> {
  formula: string;
  inputs: Inputs;
  steps: ExplanationStep[];
  policy: PolicyRef;
}

export function assertPolicyRef(ref: PolicyRef, ErrorClass: new (message: string) => Error): void {
  if (!ref || typeof ref.key !== 'string' || ref.key === '' || !Number.isInteger(ref.version) || ref.version < 1) {
    throw new ErrorClass(`a policy reference needs a key and a version ≥ 1, got ${JSON.stringify(ref)}`);
  }
}
