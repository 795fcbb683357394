// Moved to the platform (src/platform/launcher/flow-launches.ts); kept while routes import it from here.
export * from '../../platform/launcher/flow-launches';
