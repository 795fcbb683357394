// Added to FerretDB v1.24.2's SQLite backend by meritflow (scripts/lib/ferretdb.mjs).
//
// Upstream pushes only a lone `_id` equality down to SQLite; every other find, count, update and
// delete reads the whole table and decodes each document in Go before filtering. This turns each
// top-level equality or `$in` on plain strings into SQL, so SQLite skips non-matching rows itself and uses
// the collection's index when one starts with that field. The handler still applies the whole
// filter afterwards, so the SQL only has to keep a superset of the matches:
//   - a field can hold an array that contains the value, so any array is kept too (JSON arrays
//     are the texts from '[' up to, not including, '\');
//   - only strings whose JSON text is the same however they are encoded (printable ASCII without
//     quotes, backslashes or HTML characters) are pushed, so the stored text and the argument
//     cannot differ for equal values.

package sqlite

import (
	"regexp"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

var (
	meritflowPlainField  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	meritflowPlainString = regexp.MustCompile(`^[ !#-%'-;=?-\[\]-~]*$`)
)

// meritflowWhereClause returns a WHERE clause (or "") and its arguments for filter.
func meritflowWhereClause(filter *types.Document) (string, []any) {
	if filter == nil {
		return "", nil
	}

	var conditions []string
	var args []any

	for _, key := range filter.Keys() {
		if !meritflowPlainField.MatchString(key) {
			continue
		}

		values := meritflowPlainValues(must.NotFail(filter.Get(key)))
		if len(values) == 0 {
			continue
		}

		column := metadata.DefaultColumn + "->'" + key + "'"
		if key == "_id" {
			column = metadata.IDColumn
		}

		matches := column + " = ?"
		if len(values) > 1 {
			matches = column + " IN (?" + strings.Repeat(", ?", len(values)-1) + ")"
		}

		for _, v := range values {
			args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
		}

		if key == "_id" {
			// _id is never an array.
			conditions = append(conditions, matches)

			continue
		}

		conditions = append(conditions, "("+matches+" OR ("+column+" >= '[' AND "+column+" < '\\'))")
	}

	if len(conditions) == 0 {
		return "", nil
	}

	return " WHERE " + strings.Join(conditions, " AND "), args
}

// meritflowPlainValues returns the values an equality or a `$in` of plain strings (or ObjectIDs)
// asks for, or nothing when the condition is anything else.
func meritflowPlainValues(condition any) []any {
	if operators, ok := condition.(*types.Document); ok {
		if operators.Len() != 1 || operators.Keys()[0] != "$in" {
			return nil
		}

		in, ok := must.NotFail(operators.Get("$in")).(*types.Array)
		if !ok || in.Len() == 0 || in.Len() > 500 {
			return nil
		}

		values := make([]any, 0, in.Len())

		for i := 0; i < in.Len(); i++ {
			v := must.NotFail(in.Get(i))
			if !meritflowPlainValue(v) {
				return nil
			}

			values = append(values, v)
		}

		return values
	}

	if !meritflowPlainValue(condition) {
		return nil
	}

	return []any{condition}
}

func meritflowPlainValue(v any) bool {
	switch v := v.(type) {
	case types.ObjectID:
		return true
	case string:
		return meritflowPlainString.MatchString(v)
	default:
		return false
	}
}
