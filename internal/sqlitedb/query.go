package sqlitedb

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Query selects Columns from Table, in the order given, with Tail (the
// rest of the statement: "WHERE status = ? ORDER BY id") and its Args.
// A column the table lacks reads as NULL; "rowid" is the row's id. At
// most MaxRows rows are read (DefaultMaxRows when zero); a value longer
// than MaxValueBytes bytes (DefaultMaxValueBytes when zero) is not
// loaded: Row.Oversize reports it.
type Query struct {
	Table         string
	Columns       []string
	Tail          string
	Args          []any
	MaxRows       int
	MaxValueBytes int64
}

// QueryError is an error reading a table: Row is the first selected
// column's value of the last row read (its id, when the query selects it
// first), or 0.
type QueryError struct {
	Table string
	Row   int64
	Err   error
}

func (e *QueryError) Error() string {
	if e.Row != 0 {
		return fmt.Sprintf("table %s, row %d: %v", e.Table, e.Row, e.Err)
	}
	return fmt.Sprintf("table %s: %v", e.Table, e.Err)
}

// Unwrap returns the cause.
func (e *QueryError) Unwrap() error { return e.Err }

// Query runs q and calls fn with each row, in order; fn's error stops the
// query and is returned as it is. Other errors are *QueryError wrapping
// ErrCorrupt, ErrLimit or the context's error.
func (d *DB) Query(q Query, fn func(*Row) error) (err error) {
	maxRows := q.MaxRows
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	maxValue := q.MaxValueBytes
	if maxValue <= 0 {
		maxValue = DefaultMaxValueBytes
	}
	if _, ok := d.columns[q.Table]; !ok {
		return &QueryError{Table: q.Table, Err: fmt.Errorf("%w: no such table", ErrCorrupt)}
	}
	have := map[string]bool{"rowid": true}
	for _, c := range d.columns[q.Table] {
		have[c] = true
	}
	sel := make([]string, 0, 2*len(q.Columns))
	for _, c := range q.Columns {
		if !have[c] {
			sel = append(sel, "NULL", "0")
			continue
		}
		n := quoteName(c)
		if c == "rowid" {
			n = "rowid"
		}
		// The size first, so that a value over the limit is not loaded.
		sel = append(sel, fmt.Sprintf("CASE WHEN octet_length(%[1]s) > %[2]d THEN NULL ELSE %[1]s END", n, maxValue),
			fmt.Sprintf("octet_length(%s)", n))
	}
	stmt := fmt.Sprintf("SELECT %s FROM %s %s LIMIT %d", strings.Join(sel, ", "), quoteName(q.Table), q.Tail, maxRows+1)
	var last int64
	defer func() { // the driver is pure Go; a bug in it must not take the caller down
		if p := recover(); p != nil {
			err = &QueryError{Table: q.Table, Row: last, Err: fmt.Errorf("%w: %v", ErrCorrupt, p)}
		}
	}()
	rows, err := d.db.QueryContext(d.ctx, stmt, q.Args...)
	if err != nil {
		return d.queryError(q.Table, 0, err)
	}
	defer rows.Close()
	r := &Row{names: q.Columns, max: maxValue, vals: make([]any, len(sel))}
	ptrs := make([]any, len(sel))
	for i := range r.vals {
		ptrs[i] = &r.vals[i]
	}
	n := 0
	for rows.Next() {
		n++
		if n > maxRows {
			return &QueryError{Table: q.Table, Row: last, Err: fmt.Errorf("%w: more than %d rows", ErrLimit, maxRows)}
		}
		clear(r.vals)
		if err := rows.Scan(ptrs...); err != nil {
			return d.queryError(q.Table, last, err)
		}
		if len(q.Columns) > 0 {
			last, _ = r.Int(q.Columns[0])
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return d.queryError(q.Table, last, err)
	}
	return nil
}

// Row is one row of a Query, valid only during the call of fn it is
// given to. Its accessors take a column's name as given in Query.Columns;
// ok is false for NULL, for a value of another kind, for an oversize
// value and for a column not selected.
type Row struct {
	names []string
	max   int64
	vals  []any // value, length, for each column
}

func (r *Row) index(col string) int {
	for i, n := range r.names {
		if n == col {
			return 2 * i
		}
	}
	return -1
}

func (r *Row) value(col string) any {
	if i := r.index(col); i >= 0 {
		return r.vals[i]
	}
	return nil
}

// Size returns the length of col's value in bytes (as text, for a number).
func (r *Row) Size(col string) int64 {
	if i := r.index(col); i >= 0 {
		n, _ := r.vals[i+1].(int64)
		return n
	}
	return 0
}

// Oversize reports whether col's value was longer than the query's
// MaxValueBytes and so not loaded.
func (r *Row) Oversize(col string) bool { return r.Size(col) > r.max }

// Null reports whether col is NULL (or oversize, or not selected).
func (r *Row) Null(col string) bool { return r.value(col) == nil }

// Text returns col's value as text: text and blobs as they are, numbers
// in their shortest decimal form.
func (r *Row) Text(col string) (string, bool) {
	switch v := r.value(col).(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	}
	return "", false
}

// Int returns col's value as an integer: an integer, a real without a
// fractional part, or text holding either.
func (r *Row) Int(col string) (int64, bool) {
	switch v := r.value(col).(type) {
	case int64:
		return v, true
	case float64:
		return floatInt(v)
	case string:
		return parseInt(v)
	case []byte:
		return parseInt(string(v))
	}
	return 0, false
}

// Float returns col's value as a number: a real, an integer, or text
// holding either.
func (r *Row) Float(col string) (float64, bool) {
	switch v := r.value(col).(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, !math.IsNaN(v)
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil && !math.IsNaN(f)
	case []byte:
		f, err := strconv.ParseFloat(strings.TrimSpace(string(v)), 64)
		return f, err == nil && !math.IsNaN(f)
	}
	return 0, false
}

func floatInt(f float64) (int64, bool) {
	if f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, false
	}
	return int64(f), true
}

func parseInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return floatInt(f)
	}
	return 0, false
}

// Place says where in a database something was met, for the readers'
// messages: " FILE: table T row N:" as far as file, table and row (when
// positive) are known; "" when none is.
func Place(file, table string, row int64) string {
	var b strings.Builder
	if file != "" {
		b.WriteString(" " + file + ":")
	}
	if table != "" {
		b.WriteString(" table " + table)
		if row > 0 {
			b.WriteString(" row " + strconv.FormatInt(row, 10))
		}
		b.WriteString(":")
	}
	return b.String()
}

// Message is the message of a reader's error about a place in a
// database: "PKG: FILE: table T row N: what", the cause's own "PKG: "
// prefix not repeated; "unknown error" for a nil cause.
func Message(pkg, file, table string, row int64, err error) string {
	what := "unknown error"
	if err != nil {
		what = strings.TrimPrefix(err.Error(), pkg+": ")
	}
	return pkg + ":" + Place(file, table, row) + " " + what
}
