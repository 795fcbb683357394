// The engine client is the platform's (src/platform/engine-client.ts); the server's many modules
// keep importing it from here.
export * from '../platform/engine-client';
