// Moved to the platform (src/platform/cases/launch-calibrations.ts); kept while routes import it from here.
export * from '../../platform/cases/launch-calibrations';
