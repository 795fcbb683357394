// Added to FerretDB v1.24.2's PostgreSQL backend by meritflow (scripts/lib/ferretdb.mjs).
//
// Upstream turns a top-level equality on a string into `_jsonb->$1 @> $2`: jsonb containment,
// which the collection's B-tree indexes (on `_jsonb->'field'`) never serve, so PostgreSQL reads
// the whole table; and it pushes no `$in` down at all, so FerretDB reads and decodes every
// document of the collection in Go (a worker's "was this task's mail queued?" read the whole mail
// collection on every task event: most of the cluster's store CPU). This pushes both down as SQL
// that an index on the field serves. The handler still applies the whole filter afterwards, so the
// SQL only has to keep a superset of the matches:
//   - a field can hold an array that contains the value, so every non-empty array is kept too:
//     jsonb sorts arrays after every boolean and before every object (an empty top-level array
//     sorts first, but it contains nothing);
//   - jsonb compares strings by their value, so the stored string and the argument are equal
//     whatever escapes either was written with;
//   - only plain field names (letters, digits, underscores) are written into the SQL, as literals,
//     so the planner matches them with the index's expression; anything else is left as upstream
//     has it.

package postgresql

import (
	"regexp"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

var meritflowPlainField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// meritflowStrings returns the values as JSON texts when every one is a string.
func meritflowStrings(values []any) ([]any, bool) {
	if len(values) == 0 {
		return nil, false
	}

	texts := make([]any, 0, len(values))

	for _, v := range values {
		s, ok := v.(string)
		if !ok {
			return nil, false
		}

		texts = append(texts, string(must.NotFail(sjson.MarshalSingleValue(s))))
	}

	return texts, true
}

// meritflowMatch returns SQL keeping every document whose top-level field k equals one of the
// strings (or is an array), and its arguments; ok is false when it does not apply.
func meritflowMatch(p *metadata.Placeholder, k any, values []any, operator string) (string, []any, bool) {
	key, isString := k.(string)
	if operator != "->" || !isString || !meritflowPlainField.MatchString(key) {
		return "", nil, false
	}

	args, ok := meritflowStrings(values)
	if !ok {
		return "", nil, false
	}

	column := metadata.DefaultColumn + "->'" + key + "'"

	placeholders := make([]string, len(args))
	for i := range args {
		placeholders[i] = p.Next()
	}

	matches := column + " = " + placeholders[0]
	if len(placeholders) > 1 {
		matches = column + " IN (" + strings.Join(placeholders, ", ") + ")"
	}

	if key == "_id" {
		// _id is never an array.
		return matches, args, true
	}

	return "(" + matches + " OR (" + column + " > 'true'::jsonb AND " + column + " < '{}'::jsonb))", args, true
}

// meritflowEqual is meritflowMatch for an equality.
func meritflowEqual(p *metadata.Placeholder, k any, v any, operator string) (string, []any, bool) {
	return meritflowMatch(p, k, []any{v}, operator)
}

// meritflowIn is meritflowMatch for `$in`.
func meritflowIn(p *metadata.Placeholder, k any, v any, operator string) (string, []any, bool) {
	arr, ok := v.(*types.Array)
	if !ok || arr.Len() == 0 {
		return "", nil, false
	}

	values := make([]any, 0, arr.Len())

	for i := 0; i < arr.Len(); i++ {
		values = append(values, must.NotFail(arr.Get(i)))
	}

	return meritflowMatch(p, k, values, operator)
}
