// Added to FerretDB v1.24.2's handler by meritflow (scripts/lib/ferretdb.mjs).
//
// update and findAndModify read the matching documents through the backend's query and write each
// while that query is still open; update keeps every statement's query open until the whole
// command ends. On the PostgreSQL backend an open query holds a pool connection and each write
// takes another, so one bulkWrite of 50 matching updateOne statements (the pool's size), or 25
// updates at once, held every connection and waited for one more for good: the store stopped
// answering (seen as `npm run bench -- --cluster` hanging in the seed's bulkWrite, every pool
// connection idle after `SELECT … WHERE _jsonb->'_id' = $1`). Delete already closes its query
// before it writes ("close read transaction before starting write transaction"); this does the
// same for update and findAndModify: the matches (at most one unless multi) are read, the query is
// closed, and the writes go on from memory.

package handler

import (
	"errors"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
)

// meritflowDrain reads every document iter yields, closes iter (and the query under it), and
// returns an iterator over those documents. That iterator is added to closer, which the command
// closes when it ends: FerretDB tracks every iterator and panics on one collected unclosed.
func meritflowDrain(iter types.DocumentsIterator, closer *iterator.MultiCloser) (types.DocumentsIterator, error) {
	defer iter.Close()

	var docs []*types.Document

	for {
		_, doc, err := iter.Next()
		if errors.Is(err, iterator.ErrIteratorDone) {
			drained := iterator.Values(iterator.ForSlice(docs))
			closer.Add(drained)

			return drained, nil
		}

		if err != nil {
			return nil, err
		}

		docs = append(docs, doc)
	}
}
