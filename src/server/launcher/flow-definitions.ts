// Moved to the platform (src/platform/launcher/flow-definitions.ts); kept while routes import it from here.
export * from '../../platform/launcher/flow-definitions';
