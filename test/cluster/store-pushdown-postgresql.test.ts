import { loadToolConfig } from '../../src/platform/config';
import { pushdownProbes } from '../support/pushdown-probes';

// The cluster's store: FerretDB on PostgreSQL (test/support/pushdown-probes.ts says what is checked).
pushdownProbes(() => loadToolConfig().mongodbUri);
