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
	d := differ{sameGUIDs: true, fields: map[reflect.Type][]diffField{}}
	d.path = append(d.path, pathStep{name: "Project"})
	d.value(reflect.ValueOf(a), reflect.ValueOf(b))
	if len(d.out) == 0 && d.sameGUIDs {
		// The same fields, and every GUID and reference the same byte for
		// byte: the same objects share GUIDs, and every reference leads
		// to the same object.
		return nil
	}
	if len(d.out) < maxDifferences {
		d.out = append(d.out, identityDiffs(a, b)...)
	}
	return d.out
}

// Equal reports whether Diff finds no difference.
func Equal(a, b *Project) bool { return len(Diff(a, b)) == 0 }

// differ walks two values of one type. It allocates only for the
// differences it finds: paths are rendered then, and each struct type's
// fields are listed once.
type differ struct {
	out []Difference
	// sameGUIDs is false once two GUIDs compared equal only when their
	// surrounding white space is ignored.
	sameGUIDs bool
	fields    map[reflect.Type][]diffField
	path      []pathStep // where the walk is, from the root
}

// diffField is a field the comparison walks.
type diffField struct {
	index     int
	name      string
	anonymous bool // its fields are named as the outer struct's
	color     bool // compared as a colour
}

// pathStep is one step of the walk's path: a field (name), or an element
// (index, 1-based, with its dynamic type when named in the path).
type pathStep struct {
	name  string
	index int
	elem  string
}

// pathString renders the walk's path for a difference.
func (d *differ) pathString() string {
	var b strings.Builder
	for i, st := range d.path {
		switch {
		case i == 0:
			b.WriteString(st.name)
		case st.name != "":
			b.WriteString(".")
			b.WriteString(st.name)
		default:
			b.WriteString("[")
			b.WriteString(strconv.Itoa(st.index))
			b.WriteString("]")
			if st.elem != "" {
				b.WriteString("(" + st.elem + ")")
			}
		}
	}
	return b.String()
}

const maxDifferences = 10000

var (
	guidType   = reflect.TypeOf(GUID(""))
	timeType   = reflect.TypeOf(time.Time{})
	sourceType = reflect.TypeOf((*Source)(nil)).Elem()
	extType    = reflect.TypeOf((*Extensions)(nil))
)

func (d *differ) add(a, b string) {
	if len(d.out) < maxDifferences {
		d.out = append(d.out, Difference{Path: d.pathString(), A: a, B: b})
	}
}

// structFields lists the exported fields of t, once per type.
func (d *differ) structFields(t reflect.Type) []diffField {
	if fs, ok := d.fields[t]; ok {
		return fs
	}
	var fs []diffField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fs = append(fs, diffField{index: i, name: f.Name, anonymous: f.Anonymous,
			color: f.Name == "Color" && f.Type.Kind() == reflect.String})
	}
	d.fields[t] = fs
	return fs
}

// timeOf returns the time in v without copying it to the heap.
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() {
		return *v.Addr().Interface().(*time.Time)
	}
	return v.Interface().(time.Time)
}

func (d *differ) value(a, b reflect.Value) {
	if len(d.out) >= maxDifferences {
		return
	}
	switch a.Type() {
	case guidType:
		x, y := a.String(), b.String()
		if x == y {
			return
		}
		d.sameGUIDs = false
		if x, y = strings.TrimSpace(x), strings.TrimSpace(y); x != y {
			d.add(x, y)
		}
		return
	case timeType:
		x, y := timeOf(a), timeOf(b)
		_, ox := x.Zone()
		_, oy := y.Zone()
		if !x.Equal(y) || ox != oy || x.IsZero() != y.IsZero() || hasTimeZone(x) != hasTimeZone(y) {
			d.add(timeString(x), timeString(y))
		}
		return
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() && !(a.Type() == extType && extEmpty(a) && extEmpty(b)) {
				d.add(presence(a), presence(b))
			}
			return
		}
		d.value(a.Elem(), b.Elem())
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				d.add(presence(a), presence(b))
			}
			return
		}
		if a.Elem().Type() != b.Elem().Type() {
			d.add(a.Elem().Type().Elem().Name(), b.Elem().Type().Elem().Name())
			return
		}
		d.value(a.Elem(), b.Elem())
	case reflect.Struct:
		for _, f := range d.structFields(a.Type()) {
			if !f.anonymous {
				d.path = append(d.path, pathStep{name: f.name})
			}
			x, y := a.Field(f.index), b.Field(f.index)
			if f.color {
				if !sameColor(x.String(), y.String()) {
					d.add(x.String(), y.String())
				}
			} else {
				d.value(x, y)
			}
			if !f.anonymous {
				d.path = d.path[:len(d.path)-1]
			}
		}
	case reflect.Slice:
		n := min(a.Len(), b.Len())
		sources := a.Type().Elem() == sourceType
		for i := 0; i < n; i++ {
			st := pathStep{index: i + 1}
			if sources && !a.Index(i).IsNil() {
				st.elem = a.Index(i).Elem().Type().Elem().Name()
			}
			d.path = append(d.path, st)
			d.value(a.Index(i), b.Index(i))
			d.path = d.path[:len(d.path)-1]
		}
		if a.Len() != b.Len() {
			d.path = append(d.path, pathStep{name: "len"})
			d.add(strconv.Itoa(a.Len()), strconv.Itoa(b.Len()))
			d.path = d.path[:len(d.path)-1]
		}
	default:
		if !a.Equal(b) {
			d.add(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
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
