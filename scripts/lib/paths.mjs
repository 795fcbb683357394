import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const root = fileURLToPath(new URL('../..', import.meta.url));
/** Built tools (FerretDB); git-ignored, reused by every later start. */
export const toolsDir = process.env.MERITFLOW_TOOLS_DIR ?? join(root, '.tools');
/** Engine H2 files, FerretDB SQLite files, session secret. Survives restarts. */
export const defaultDataDir = process.env.MERITFLOW_DATA_DIR ?? join(root, 'data');
