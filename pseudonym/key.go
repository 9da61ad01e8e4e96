package pseudonym

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Options are the options of a [Key], set when it is read.
type Options struct {
	// CaseSensitive matches originals with their case as written in the
	// key; by default "anna" matches "Anna" and "ANNA".
	CaseSensitive bool
	// Unmarked writes replacements as they are; by default they are
	// written in brackets, "[P1]".
	Unmarked bool
}

// Entry is a line of a key: Original is replaced with Replacement.
type Entry struct {
	Original, Replacement, Category string
	Line                            int // line of the key file, from 1
}

// Key is a list of originals and their replacements with the options
// they are applied with.
type Key struct {
	Entries []Entry // in the order of the file
	Options Options
	m       *matcher
}

// maxKey is the largest key file read, in bytes.
const maxKey = 16 << 20

// ReadKeyFile reads the key in the file at path as [ReadKey] does.
func ReadKeyFile(path string, opt Options) (*Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("pseudonym: %w", err)
	}
	defer f.Close()
	return ReadKey(f, path, opt)
}

// ReadKey reads a key from r, in UTF-8 (with or without a byte-order
// mark), one entry a line: original,replacement[,category], separated by
// commas or, when the first line has a semicolon and no comma, by
// semicolons, quoted as CSV quotes. A first line whose first two fields
// are "original" and "replacement" is a header and is skipped, as are
// empty lines. name names r in errors. It fails, with an error naming the
// line, when the file is not valid CSV or UTF-8, when a line has an empty
// original or replacement, or fewer than two or more than four fields (a fourth, the count
// [WriteTemplate] writes, is ignored), when
// an original is given twice (compared case-insensitively unless
// opt.CaseSensitive), or when a replacement contains an original, as it
// would then make a new occurrence of it. All such lines are reported
// together (errors.Join).
func ReadKey(r io.Reader, name string, opt Options) (*Key, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxKey+1))
	if err != nil {
		return nil, fmt.Errorf("pseudonym: %s: %w", name, err)
	}
	if len(b) > maxKey {
		return nil, fmt.Errorf("pseudonym: %s: the key is larger than %d bytes", name, maxKey)
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("pseudonym: %s: the key is not UTF-8: save it as UTF-8", name)
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.Comma = separator(b)
	k := &Key{Options: opt}
	var errs []error
	for first := true; ; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("pseudonym: %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if first && len(rec) >= 2 && strings.EqualFold(strings.TrimSpace(rec[0]), "original") && strings.EqualFold(strings.TrimSpace(rec[1]), "replacement") {
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		e, err := entry(rec, line)
		if err != nil {
			errs = append(errs, fmt.Errorf("pseudonym: %s:%d: %w", name, line, err))
			continue
		}
		k.Entries = append(k.Entries, e)
	}
	errs = append(errs, k.check(name)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return k, nil
}

// separator is ';' when the first line of b has a semicolon and no comma.
func separator(b []byte) rune {
	first, _, _ := bytes.Cut(b, []byte("\n"))
	if bytes.IndexByte(first, ';') >= 0 && bytes.IndexByte(first, ',') < 0 {
		return ';'
	}
	return ','
}

func entry(rec []string, line int) (Entry, error) {
	if len(rec) < 2 || len(rec) > 4 {
		return Entry{}, fmt.Errorf("%d fields: want original,replacement[,category[,count]]", len(rec))
	}
	e := Entry{Original: strings.TrimSpace(rec[0]), Replacement: strings.TrimSpace(rec[1]), Line: line}
	if len(rec) >= 3 {
		e.Category = strings.TrimSpace(rec[2])
	}
	switch {
	case e.Original == "":
		return e, errors.New("the original is empty")
	case e.Replacement == "":
		return e, fmt.Errorf("%q has no replacement", e.Original)
	}
	return e, nil
}

// check builds the matcher and reports duplicate originals and
// replacements that contain an original.
func (k *Key) check(name string) []error {
	var errs []error
	seen := map[string]int{}
	for _, e := range k.Entries {
		id := e.Original
		if !k.Options.CaseSensitive {
			id = foldString(id)
		}
		if l, ok := seen[id]; ok {
			errs = append(errs, fmt.Errorf("pseudonym: %s:%d: %q is given twice (first on line %d)", name, e.Line, e.Original, l))
			continue
		}
		seen[id] = e.Line
	}
	k.m = newMatcher(k.Entries, k.Options.CaseSensitive)
	for _, e := range k.Entries {
		if ms := k.m.find(k.mark(e.Replacement)); len(ms) > 0 {
			o := k.Entries[ms[0].entry]
			errs = append(errs, fmt.Errorf("pseudonym: %s:%d: the replacement %q of %q contains the original %q (line %d), so would make a new occurrence of it", name, e.Line, e.Replacement, e.Original, o.Original, o.Line))
		}
	}
	return errs
}

// mark is r as written in place of an original.
func (k *Key) mark(r string) string {
	if k.Options.Unmarked {
		return r
	}
	return "[" + r + "]"
}

// WriteTemplate writes a key to fill in to w: a header and a line
// original,,category,count for each suggestion (see [Suggest]). It fails
// when w does.
func WriteTemplate(w io.Writer, sug []Suggestion) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	cw.Write([]string{"original", "replacement", "category", "count"})
	for _, s := range sug {
		cw.Write([]string{s.Original, "", s.Category, fmt.Sprint(s.Count)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("pseudonym: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("pseudonym: %w", err)
	}
	return nil
}
