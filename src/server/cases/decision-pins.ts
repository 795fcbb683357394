// Moved to the platform (src/platform/cases/decision-pins.ts); kept while routes import it from here.
export * from '../../platform/cases/decision-pins';
