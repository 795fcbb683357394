// Form validation is the platform's (src/platform/forms/validate-submission.ts): the imports check
// their rows with it too. The server's modules keep importing it from here.
export * from '../../platform/forms/validate-submission';
