/**
 * The bpmnlint rules a flow must pass before it is saved and deployed: bpmnlint's recommended set,
 * with the warnings that the shipped flows carry on purpose (a loop back into a step joins without a
 * gateway) kept as warnings. The browser bundles the same list (src/web/modeler/lint-config.ts).
 */
export const LINT_RULES: Record<string, 'error' | 'warn' | 'off'> = {
  'conditional-flows': 'error',
  'end-event-required': 'error',
  'event-sub-process-typed-start-event': 'error',
  'fake-join': 'warn',
  'label-required': 'error',
  'no-complex-gateway': 'error',
  'no-disconnected': 'error',
  'no-duplicate-sequence-flows': 'error',
  'no-gateway-join-fork': 'error',
  'no-implicit-split': 'error',
  'no-implicit-end': 'error',
  'no-implicit-start': 'error',
  'no-inclusive-gateway': 'warn',
  'no-overlapping-elements': 'warn',
  'single-blank-start-event': 'error',
  'single-event-definition': 'error',
  'start-event-required': 'error',
  'sub-process-blank-start-event': 'error',
  'superfluous-gateway': 'warn',
};
