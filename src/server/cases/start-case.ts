// Moved to the platform (src/platform/cases/start-case.ts); kept while routes import it from here.
export * from '../../platform/cases/start-case';
