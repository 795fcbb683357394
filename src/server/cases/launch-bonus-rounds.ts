// Moved to the platform (src/platform/cases/launch-bonus-rounds.ts); kept while routes import it from here.
export * from '../../platform/cases/launch-bonus-rounds';
