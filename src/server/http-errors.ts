// HTTP errors are the platform's (src/platform/http-errors.ts): launching and the imports raise them
// too. The server's modules keep importing them from here.
export * from '../platform/http-errors';
