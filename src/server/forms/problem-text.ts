// The wording of a refused submission's reasons is the platform's (src/platform/forms/problem-text.ts).
export * from '../../platform/forms/problem-text';
