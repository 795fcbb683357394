// Versions are the platform's (src/platform/versions.ts): the server's libraries save them too. The
// server's modules keep importing them from here.
export { saveVersionIfChanged, latestVersions } from '../platform/versions';
export { versionId } from '../domain/ids';
