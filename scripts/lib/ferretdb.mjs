import { existsSync, mkdirSync, cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolsDir } from './paths.mjs';
import { run, startService, waitFor } from './processes.mjs';
import { portAccepts } from './ports.mjs';

export const FERRETDB_VERSION = 'v1.24.2';
// Our patches on top (below); a new suffix makes every machine build again.
const PATCH_LEVEL = 'pushdown2-pgid-drain-pgin-untracked';
const patchesDir = join(dirname(fileURLToPath(import.meta.url)), 'ferretdb-patches');
const binary = join(toolsDir, 'bin', `ferretdb-${FERRETDB_VERSION}-${PATCH_LEVEL}`);

/**
 * One line of FerretDB 1.24's SQLite backend, changed. Its primary-key lookups ask for
 * `_ferretdb_sjson->'$._id'`, but the unique `_id` index it creates is on `_ferretdb_sjson->"_id"`;
 * SQLite uses an expression index only for the same expression, so every lookup, update and delete
 * by `_id` read the whole table (`EXPLAIN QUERY PLAN` says SCAN). `->'_id'` is the same value and
 * is the index's expression (SEARCH … USING INDEX). The same bug on PostgreSQL: FerretDB#4646.
 */
const SQLITE_ID_COLUMN = {
  file: join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go'),
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: `IDColumn = DefaultColumn + "->'_id'"`,
};

/**
 * Upstream's Query pushes down only a lone `_id`, so every other filter decodes the whole table in
 * Go (at N = 10,000 most of FerretDB's CPU). ferretdb-patches/meritflow_pushdown.go pushes each
 * top-level equality or `$in` on plain strings down as SQL that keeps a superset of the matches
 * (its comment says why that is safe); the handler still filters exactly.
 */
const SQLITE_QUERY_PUSHDOWN = {
  file: join('internal', 'backends', 'sqlite', 'collection.go'),
  from: `	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}

	q += whereClause
	q += prepareOrderByClause(params.Sort)`,
  to: `	whereClause, args = meritflowWhereClause(params.Filter)

	q += whereClause
	q += prepareOrderByClause(params.Sort)`,
  add: join('internal', 'backends', 'sqlite', 'meritflow_pushdown.go'),
};

/**
 * FerretDB#4646 on the PostgreSQL backend (the cluster's store): a filter `{_id: <string>}` becomes
 * `_jsonb->'_id' @> '"…"'`, but the unique `_id` index is a B-tree on `_jsonb->'_id'`, which serves
 * `=` and never `@>` (jsonb containment): `EXPLAIN` says Seq Scan, so every read by `_id` (a person
 * card, an audit entry, a lock) read the whole table. Its updates and deletes by `_id` already say
 * `_jsonb->'_id' = …` (Index Scan). An `_id` is never an array, so for it `@>` and `=` match the same
 * documents; the handler still filters exactly.
 */
const POSTGRESQL_ID_EQUALITY = {
  file: join('internal', 'backends', 'postgresql', 'query.go'),
  from: `	// Select if value under the key is equal to provided value.
	sql := \`%[1]s%[2]s%[3]s @> %[4]s\``,
  to: `	if f, a, ok := meritflowEqual(p, k, v, operator); ok {
		return f, a
	}

	if k == "_id" && operator == "->" {
		switch v.(type) {
		case string, types.ObjectID:
			return metadata.IDColumn + " = " + p.Next(), []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}

	// Select if value under the key is equal to provided value.
	sql := \`%[1]s%[2]s%[3]s @> %[4]s\``,
};

/**
 * update and findAndModify wrote while their query still held its PostgreSQL connection, so enough
 * of them at once (or one bulkWrite of 50 matching statements) took the whole pool and waited for
 * good; ferretdb-patches/meritflow_drain.go says how. They read their matches and close the query
 * first, as delete already does.
 */
const HANDLER_UPDATE_DRAIN = {
  file: join('internal', 'handler', 'msg_update.go'),
  from: `		if !u.Multi {
			iter = common.LimitIterator(iter, closer, 1)
		}

		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)`,
  to: `		if !u.Multi {
			iter = common.LimitIterator(iter, closer, 1)
		}

		if iter, err = meritflowDrain(iter, closer); err != nil {
			return 0, 0, nil, lazyerrors.Error(err)
		}

		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)`,
  add: join('internal', 'handler', 'meritflow_drain.go'),
};
const HANDLER_FIND_AND_MODIFY_DRAIN = {
  file: join('internal', 'handler', 'msg_findandmodify.go'),
  from: `	// findAndModify modifies a single document
	iter = common.LimitIterator(iter, closer, 1)
`,
  to: `	// findAndModify modifies a single document
	iter = common.LimitIterator(iter, closer, 1)

	if iter, err = meritflowDrain(iter, closer); err != nil {
		return nil, lazyerrors.Error(err)
	}
`,
};

/**
 * On PostgreSQL a string equality became jsonb containment (`@>`), which no B-tree index serves, and
 * `$in` was not pushed down at all: FerretDB read and decoded the whole collection in Go (on the
 * cluster, most of its CPU). ferretdb-patches/meritflow_pg_pushdown.go pushes both down as SQL an
 * index on the field serves, keeping a superset of the matches (its comment says why); the handler
 * still filters exactly. The equality goes in first in filterEqual (above), `$in` here.
 */
const POSTGRESQL_IN_PUSHDOWN = {
  file: join('internal', 'backends', 'postgresql', 'query.go'),
  from: `				default:
					// $gt and $lt
					// TODO https://github.com/FerretDB/FerretDB/issues/1875
					continue`,
  to: `				case "$in":
					if f, a, ok := meritflowIn(p, key, v, keyOperator); ok {
						filters = append(filters, f)
						args = append(args, a...)
					}

				default:
					// $gt and $lt
					// TODO https://github.com/FerretDB/FerretDB/issues/1875
					continue`,
  add: join('internal', 'backends', 'postgresql', 'meritflow_pg_pushdown.go'),
};

/**
 * FerretDB tracks every iterator, cursor and connection it opens in a pprof profile, to show them on
 * its debug page: each track takes a stack trace (runtime.Callers). On the full-cycle bench that was
 * a tenth of FerretDB's CPU (`go tool pprof` of its /debug/pprof/profile: resource.Track 8.7%,
 * Untrack 1.3%). The finalizer that panics on an object collected unclosed stays; only the profile
 * entries, which nothing of ours reads, go.
 */
const RESOURCE_TRACK_PROFILE = {
  file: join('internal', 'util', 'resource', 'resource.go'),
  from: `	p.Add(token, 1)
`,
  to: `	_ = p
`,
};
const RESOURCE_UNTRACK_PROFILE = {
  file: join('internal', 'util', 'resource', 'resource.go'),
  from: `	p := pprof.Lookup(profileName(obj))
	if p == nil {
		panic("object is not tracked")
	}

	p.Remove(token)
`,
  to: '',
};

function replaceOnce(src, { file, from, to }) {
  const path = join(src, file);
  const text = readFileSync(path, 'utf8');
  if (text.split(from).length !== 2) throw new Error(`FerretDB ${FERRETDB_VERSION}: ${file} is not as expected; cannot patch`);
  writeFileSync(path, text.replace(from, to));
}

function patchSource(src) {
  replaceOnce(src, SQLITE_ID_COLUMN);
  replaceOnce(src, SQLITE_QUERY_PUSHDOWN);
  replaceOnce(src, POSTGRESQL_ID_EQUALITY);
  replaceOnce(src, POSTGRESQL_IN_PUSHDOWN);
  replaceOnce(src, HANDLER_UPDATE_DRAIN);
  replaceOnce(src, HANDLER_FIND_AND_MODIFY_DRAIN);
  replaceOnce(src, RESOURCE_TRACK_PROFILE);
  replaceOnce(src, RESOURCE_UNTRACK_PROFILE);
  cpSync(join(patchesDir, 'meritflow_pushdown.go'), join(src, SQLITE_QUERY_PUSHDOWN.add));
  cpSync(join(patchesDir, 'meritflow_drain.go'), join(src, HANDLER_UPDATE_DRAIN.add));
  cpSync(join(patchesDir, 'meritflow_pg_pushdown.go'), join(src, POSTGRESQL_IN_PUSHDOWN.add));
}

/**
 * Builds FerretDB once into .tools/bin. `go install …@v1.24.2` does not work here: the module
 * proxy refuses the version list go install asks for, and the module zip lacks
 * build/version/version.txt (the binary panics without it). So: download that exact module
 * version, copy it, write version.txt, patch, build. Go's own caches make a rebuild take seconds.
 */
export async function ensureFerretdb(log = console.log) {
  if (existsSync(binary)) return binary;
  log(`building FerretDB ${FERRETDB_VERSION} with go (first start only)…`);
  const info = JSON.parse(await run('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { cwd: toolsDirReady() }));
  const src = join(toolsDir, 'src', `ferretdb-${FERRETDB_VERSION}`);
  rmSync(src, { recursive: true, force: true });
  cpSync(info.Dir, src, { recursive: true });
  // The module cache is read-only; the copy must be writable to add version.txt and to be removed later.
  await run('chmod', ['-R', 'u+w', src]);
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  patchSource(src);
  await run('go', ['build', '-o', binary, './cmd/ferretdb'], { cwd: src, env: { CGO_ENABLED: '0' } });
  return binary;
}

function toolsDirReady() {
  mkdirSync(join(toolsDir, 'bin'), { recursive: true });
  return toolsDir;
}

/**
 * Starts FerretDB on SQLite files under dataDir, or, given postgresUrl, on that PostgreSQL database
 * (the same binary, both backends patched); resolves with its mongodb:// URI.
 */
export async function startFerretdb({ dataDir, port, debugPort, logDir, postgresUrl, name = 'ferretdb' }) {
  const stateDir = join(dataDir, postgresUrl ? `${name}-state` : 'ferretdb');
  mkdirSync(stateDir, { recursive: true });
  const backend = postgresUrl ? ['--handler=postgresql', `--postgresql-url=${postgresUrl}`] : ['--handler=sqlite', `--sqlite-url=file:${stateDir}/`];
  const child = startService(name, binary, [
    ...backend,
    `--listen-addr=127.0.0.1:${port}`,
    `--debug-addr=127.0.0.1:${debugPort}`,
    `--state-dir=${stateDir}`,
    '--telemetry=disable',
    '--log-level=warn',
    // FerretDB allocates a document tree per document it reads or writes; its live heap is small, so
    // collecting when the heap has grown by 3× its live size instead of 1× runs the collector a
    // third as often, for a little memory.
  ], { logFile: join(logDir, `${name}.log`), env: { GOGC: '300' } });
  await waitFor('FerretDB', () => portAccepts(port), { child, timeoutMs: 60_000 });
  return { child, uri: `mongodb://127.0.0.1:${port}/meritflow` };
}
