package refi

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Difference is one way in which two projects (or codebooks) differ.
type Difference struct {
	// Path locates the value, e.g.
	// "Sources[2](TextSource).Selections[5].Codings[1].Code".
	Path string
	// A and B are the two values, rendered as text ("" when absent).
	A, B string
}

// String returns the difference on one line.
func (d Difference) String() string {
	return fmt.Sprintf("%s: %q ≠ %q", d.Path, d.A, d.B)
}

// Diff compares two projects field by field and returns every difference,
// in document order, then what the fields alone do not show: a GUID that b
// gives to more objects than a does, and a reference (CodeRef, NoteRef,
// SourceRef, VariableRef, ...) that leads to another object in b than in
// a, or to none. It compares meaning, not bytes:
//
//   - GUIDs are compared as written, ignoring surrounding white space (a
//     round trip keeps their case and braces; use [GUID.Same] to compare
//     identities).
//   - Colours are compared as colours (#F00 equals #FF0000 and
//     rgb(255,0,0)).
//   - Times are compared as instants in the same UTC offset.
//   - Everything else, Extensions included, must be equal; slices must have
//     the same length and order.
//
// Two nil projects are equal; a nil and a non-nil one differ at the root.
func Diff(a, b *Project) []Difference {
	var d differ
	d.value("Project", reflect.ValueOf(a), reflect.ValueOf(b))
	if len(d.out) < maxDifferences {
		d.out = append(d.out, identityDiffs(a, b)...)
	}
	return d.out
}

// Equal reports whether Diff finds no difference.
func Equal(a, b *Project) bool { return len(Diff(a, b)) == 0 }

type differ struct {
	out []Difference
}

const maxDifferences = 10000

var (
	guidType   = reflect.TypeOf(GUID(""))
	timeType   = reflect.TypeOf(time.Time{})
	sourceType = reflect.TypeOf((*Source)(nil)).Elem()
)

func (d *differ) add(path, a, b string) {
	if len(d.out) < maxDifferences {
		d.out = append(d.out, Difference{Path: path, A: a, B: b})
	}
}

func (d *differ) value(path string, a, b reflect.Value) {
	if len(d.out) >= maxDifferences {
		return
	}
	switch {
	case a.Type() == guidType:
		x, y := strings.TrimSpace(a.String()), strings.TrimSpace(b.String())
		if x != y {
			d.add(path, x, y)
		}
		return
	case a.Type() == timeType:
		x, y := a.Interface().(time.Time), b.Interface().(time.Time)
		_, ox := x.Zone()
		_, oy := y.Zone()
		if !x.Equal(y) || ox != oy || x.IsZero() != y.IsZero() || hasTimeZone(x) != hasTimeZone(y) {
			d.add(path, timeString(x), timeString(y))
		}
		return
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() && !(a.Type() == reflect.TypeOf((*Extensions)(nil)) && extEmpty(a) && extEmpty(b)) {
				d.add(path, presence(a), presence(b))
			}
			return
		}
		d.value(path, a.Elem(), b.Elem())
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				d.add(path, presence(a), presence(b))
			}
			return
		}
		if a.Elem().Type() != b.Elem().Type() {
			d.add(path, a.Elem().Type().Elem().Name(), b.Elem().Type().Elem().Name())
			return
		}
		d.value(path, a.Elem(), b.Elem())
	case reflect.Struct:
		t := a.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			p := path + "." + f.Name
			if f.Anonymous {
				p = path
			}
			if f.Name == "Color" && f.Type.Kind() == reflect.String {
				if !sameColor(a.Field(i).String(), b.Field(i).String()) {
					d.add(p, a.Field(i).String(), b.Field(i).String())
				}
				continue
			}
			d.value(p, a.Field(i), b.Field(i))
		}
	case reflect.Slice:
		n := min(a.Len(), b.Len())
		for i := 0; i < n; i++ {
			p := path + "[" + strconv.Itoa(i+1) + "]"
			if a.Type().Elem() == sourceType {
				p += "(" + a.Index(i).Elem().Type().Elem().Name() + ")"
			}
			d.value(p, a.Index(i), b.Index(i))
		}
		if a.Len() != b.Len() {
			d.add(path+".len", strconv.Itoa(a.Len()), strconv.Itoa(b.Len()))
		}
	default:
		if !a.Equal(b) {
			d.add(path, fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
		}
	}
}

func extEmpty(v reflect.Value) bool {
	return v.IsNil() || v.Interface().(*Extensions).empty()
}

func presence(v reflect.Value) string {
	if v.IsNil() {
		return ""
	}
	if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Int64 {
		return strconv.FormatInt(v.Elem().Int(), 10)
	}
	return "(present)"
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatDateTime(t)
}

func sameColor(a, b string) bool {
	if a == b {
		return true
	}
	ca, aa, ok1 := ParseColor(a)
	cb, ab, ok2 := ParseColor(b)
	if !ok1 || !ok2 {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return ca == cb && aa == ab
}
