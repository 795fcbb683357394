import { loadConfig } from '../../src/server/config';
import { pushdownProbes } from '../support/pushdown-probes';

// The embedded store: FerretDB on SQLite (test/support/pushdown-probes.ts says what is checked).
pushdownProbes(() => loadConfig().mongodbUri);
