package refi

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// conversion carries a project over to a profile while it is written:
// positions are converted text by text (each text is read when its element
// is written, so one text is in memory at a time), source files are renamed
// and rewritten, and what the target cannot hold is reported.
type conversion struct {
	prof    *Profile
	from    Positions
	sources fs.FS
	cur     *textConverter
	failed  int            // positions that could not be converted
	split   int            // positions moved out of a CR LF written as one character
	changed int            // positions whose number changed
	zoned   int            // dates and times without a zone written as UTC
	noText  map[string]int // texts not available: positions kept as they were
	renamed map[string]string
	texts   map[string]bool   // internal names of plain-text files to rewrite
	buf     []byte            // for reading texts in pieces
	extra   map[string][]byte // plain-text files the conversion adds, by internal name
	maxText int64             // largest text read (Writer.Limits.MaxTextSize)
	// check means there is no profile: positions are only checked against
	// their texts, never changed, and files are written as they are.
	check bool
	// ahead reads and converts the texts of an archive about to be
	// written, on another goroutine (nil: each is read when it is begun)
	ahead *ahead[convertedText]
	// kept are the texts converted as their element was encoded, packed
	// as the archive holds them, by the name they are written under (lower
	// case): the copier writes them without reading them again. Texts are
	// kept in the order they are begun until one does not fit in keepMax
	// bytes; then keptFull is set and no more are packed.
	kept     map[string]keptText
	keptSize int
	keepMax  int // keepMax, or less in tests
	keptFull atomic.Bool
	def      *deflater // packs the texts kept, from any goroutine
}

// keepMax bounds the packed texts a conversion keeps for the copier.
const keepMax = 32 << 20

// keptText is a converted text packed as a Deflate entry, or noted as
// unchanged by the conversion, and the archive entry it was read from.
type keptText struct {
	file      *zip.File
	unchanged bool // the entry is copied as it is
	packed    []byte
	crc       uint32
	size      int
}

// convertedText is a text file read and converted for the profile, or why
// it could not be; for the encoder, when it is an archive entry and texts
// are still kept, with the converted text packed, or noted as unchanged.
type convertedText struct {
	tc   *textConverter
	same bool // the converted bytes are the file's
	kept keptText
	err  error
}

// convertFile reads the text file name, opened by open, and converts it.
// A file larger than the text size limit is not converted: a truncated
// text is never written, nor its positions converted.
func (c *conversion) convertFile(name string, open func() (io.ReadCloser, error)) convertedText {
	rc, err := open()
	if err != nil {
		return convertedText{err: err}
	}
	b, over, err := readAllLimited(rc, c.maxText)
	rc.Close()
	if err != nil {
		return convertedText{err: fmt.Errorf("refi: reading %s: %w", name, err)}
	}
	if over {
		return convertedText{err: fmt.Errorf("%w: %s is larger than the text size limit (%d bytes) and cannot be converted", ErrLimit, name, c.maxText)}
	}
	tc := newTextConverter(b, c.from, c.prof, true)
	return convertedText{tc: tc, same: tc.sameBytes(b)}
}

// read reads the text file pth as its element is encoded, converts it,
// and packs it for the copier (see kept).
func (c *conversion) read(pth string) convertedText {
	a := sourcesArchive(c.sources)
	if a == nil {
		return convertedText{err: fmt.Errorf("%w: %s", ErrNotFound, pth)}
	}
	r := c.convertFile(pth, func() (io.ReadCloser, error) {
		rc, _, err := a.open(pth)
		return rc, err
	})
	f := archiveEntry(c.sources, pth)
	switch {
	case r.err != nil || f == nil || c.keptFull.Load():
	case r.same:
		r.kept = keptText{file: f, unchanged: true}
	default:
		var buf bytes.Buffer
		w, _ := c.def.compressor(&buf)
		if _, err := w.Write(r.tc.out); err == nil && w.Close() == nil {
			r.kept = keptText{file: f, packed: buf.Bytes(), crc: crc32.ChecksumIEEE(r.tc.out), size: len(r.tc.out)}
		}
	}
	return r
}

// keep keeps the packed text of pth for the copier, unless the texts kept
// are full.
func (c *conversion) keep(pth string, r convertedText) {
	if r.kept.file == nil || c.keptFull.Load() {
		return
	}
	key := strings.ToLower(strings.TrimPrefix(c.path(pth), "internal://"))
	if _, done := c.kept[key]; done {
		return
	}
	if c.keptSize+len(r.kept.packed) > c.keepMax {
		c.keptFull.Store(true)
		return
	}
	c.kept[key] = r.kept
	c.keptSize += len(r.kept.packed)
}

// keptFor returns the packed text written as name (sources/...), read
// from the archive entry f.
func (c *conversion) keptFor(name string, f *zip.File) (keptText, bool) {
	if c == nil {
		return keptText{}, false
	}
	k, ok := c.kept[strings.ToLower(strings.TrimPrefix(name, "sources/"))]
	return k, ok && k.file == f
}

// archiveEntry returns the archive entry a text file of sources is read
// from, or nil when it is read from elsewhere (a folder, a file outside
// the archive, a text added in Go).
func archiveEntry(sources fs.FS, pth string) *zip.File {
	a := sourcesArchive(sources)
	if a == nil {
		return nil
	}
	res := a.resolve(pth)
	if res.why != "" || res.external != "" || res.internal == "" {
		return nil
	}
	if _, added := a.added[res.internal]; added {
		return nil
	}
	return res.file
}

// startAhead starts reading the texts of p, as written, in the order they
// are begun (a few ahead), when they come from an archive or its folder;
// stopAhead stops it.
func (c *conversion) startAhead(p *Project) {
	if _, ok := c.sources.(*Document); c.check || !ok {
		return
	}
	var keys []string
	// as begin is called: for a text with selections, a transcript with
	// sync points, read from a file the conversion does not add
	add := func(pth string, marked bool) {
		if marked && pth != "" && addedFile(c.extra, pth) == nil {
			keys = append(keys, pth)
		}
	}
	text := func(t *TextSource) {
		if t != nil {
			add(t.PlainTextPath, len(t.Selections) > 0)
		}
	}
	for _, s := range p.Sources {
		switch s := s.(type) {
		case *TextSource:
			text(s)
		case *PictureSource:
			text(s.TextDescription)
		case *PDFSource:
			for i := range s.Selections {
				text(s.Selections[i].Representation)
			}
			text(s.Representation)
		case *AudioSource:
			for _, t := range s.Transcripts {
				add(t.PlainTextPath, len(t.SyncPoints) > 0)
			}
		case *VideoSource:
			for _, t := range s.Transcripts {
				add(t.PlainTextPath, len(t.SyncPoints) > 0)
			}
		}
	}
	for _, n := range p.Notes {
		text(n)
	}
	if len(keys) > 1 {
		c.ahead = startAhead(keys, 2, c.read)
	}
}

func (c *conversion) stopAhead() {
	if c != nil && c.ahead != nil {
		c.ahead.close()
		c.ahead = nil
	}
}

// newCheck returns the conversion of a write without a profile: it reads
// the texts that have selections only to find positions outside them.
func newCheck(p *Project, sources fs.FS, maxText int64) *conversion {
	prof := &Profile{Tool: "any tool", Positions: p.Positions}
	return &conversion{prof: prof, from: p.Positions, sources: sources, noText: map[string]int{},
		renamed: map[string]string{}, texts: map[string]bool{}, maxText: maxText, check: true}
}

func newConversion(p *Project, prof *Profile, sources fs.FS, maxText int64) *conversion {
	c := &conversion{prof: prof, from: p.Positions, sources: sources, noText: map[string]int{},
		renamed: map[string]string{}, texts: map[string]bool{}, maxText: maxText,
		kept: map[string]keptText{}, keepMax: keepMax, def: newDeflater(true)}
	// file names: <GUID>.<ext>, in sources/; texts keep a name derived from
	// their old one so that a file shared by two elements stays one file
	a := &archive{}
	eachTextPath(p, func(_ string, g GUID, attr, pth string) {
		if pth == "" {
			return
		}
		res := a.resolve(pth)
		if res.internal == "" || res.why != "" {
			return
		}
		old := res.internal
		key := strings.ToLower(old)
		if _, done := c.renamed[key]; done {
			return
		}
		base := path.Base(old)
		ext := strings.ToLower(path.Ext(base))
		stem := strings.TrimSuffix(base, path.Ext(base))
		name := old
		if !GUID(stem).Valid() || strings.Contains(old, "/") {
			name = string(guidFor("file:"+old)) + ext
		} else if ext != path.Ext(base) {
			name = stem + ext
		}
		c.renamed[key] = name
		if attr == "plainTextPath" {
			c.texts[strings.ToLower(name)] = true
		}
	})
	return c
}

// path maps a source path to the name written for the profile.
func (c *conversion) path(p string) string {
	if p == "" {
		return p
	}
	res := (&archive{}).resolve(p)
	if res.internal == "" || res.why != "" {
		return p
	}
	if n, ok := c.renamed[strings.ToLower(res.internal)]; ok {
		return "internal://" + n
	}
	return p
}

// begin prepares the converter for a text about to be written: its file or
// inline content. It returns the previous converter, to restore with end.
func (c *conversion) begin(pth, content string) *textConverter {
	prev := c.cur
	c.cur = nil
	if pth == "" {
		if c.check {
			c.cur = &textConverter{length: textLength([]byte(content), c.from)}
			return prev
		}
		c.cur = newTextConverter([]byte(content), c.from, c.prof, false)
		return prev
	}
	var err error
	b := addedFile(c.extra, pth)
	switch {
	case b != nil:
	case c.check:
		// only the length: counted as the file streams by
		var n int64
		if n, err = c.sourceLength(pth); err == nil {
			c.cur = &textConverter{length: n}
			return prev
		}
	default:
		r, ok := c.ahead.take(pth)
		if !ok {
			r = c.read(pth)
		}
		if r.err != nil {
			c.noText[pth]++
			return prev
		}
		c.cur = r.tc
		c.keep(pth, r)
		return prev
	}
	if err != nil {
		c.noText[pth]++
		return prev
	}
	if c.check {
		c.cur = &textConverter{length: textLength(b, c.from)}
		return prev
	}
	c.cur = newTextConverter(b, c.from, c.prof, true)
	return prev
}

// sourceLength returns the length of the text file pth names, in the
// project's convention, reading it in pieces.
func (c *conversion) sourceLength(pth string) (int64, error) {
	a := sourcesArchive(c.sources)
	if a == nil {
		return 0, fmt.Errorf("%w: %s", ErrNotFound, pth)
	}
	if n, ok := a.measuredLength(pth, c.from); ok {
		return n, nil
	}
	rc, _, err := a.open(pth)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	if c.buf == nil {
		c.buf = make([]byte, 64<<10)
	}
	return streamLength(rc, c.from, c.buf)
}

// streamLength is textLength over a stream, read into buf.
func streamLength(r io.Reader, p Positions, buf []byte) (int64, error) {
	var n int64
	carry := 0      // bytes of an incomplete character at the start of buf
	prevCR := false // the last byte counted was a CR
	first := true
	for {
		m, err := io.ReadAtLeast(r, buf[carry:], min(4, len(buf)-carry))
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return 0, err
		}
		data := buf[:carry+m]
		if first {
			data = bytes.TrimPrefix(data, []byte("\uFEFF"))
			first = false
		}
		// keep an incomplete character for the next piece
		keep := 0
		if !eof {
			for j := len(data) - 1; j >= 0 && j >= len(data)-3; j-- {
				if !utf8.RuneStart(data[j]) {
					continue
				}
				if !utf8.FullRune(data[j:]) {
					keep = len(data) - j
				}
				break
			}
		}
		part := data[:len(data)-keep]
		n += countText(part, Positions{Unit: p.Unit})
		if p.CRLFAsOne {
			n -= int64(bytes.Count(part, []byte("\r\n")))
			if prevCR && len(part) > 0 && part[0] == '\n' {
				n--
			}
		}
		if len(part) > 0 {
			prevCR = part[len(part)-1] == '\r'
		}
		if eof {
			return n, nil
		}
		carry = copy(buf, data[len(data)-keep:])
	}
}

// textLength returns the length of text b in convention p, as
// [Text.Len] counts it, without indexing the text.
func textLength(b []byte, p Positions) int64 {
	return countText(bytes.TrimPrefix(b, []byte("\uFEFF")), p)
}

// countText counts the characters of b in convention p; a byte-order
// mark is counted as any other character (textLength leaves out the one
// that starts a text, and only that one).
func countText(b []byte, p Positions) int64 {
	var n int64
	switch p.Unit {
	case Bytes:
		n = int64(len(b))
	case UTF16:
		for i := 0; i < len(b); {
			r, size := utf8.DecodeRune(b[i:])
			n++
			if r >= 0x10000 {
				n++
			}
			i += size
		}
	default:
		n = int64(utf8.RuneCount(b))
	}
	if p.CRLFAsOne {
		n -= int64(bytes.Count(b, []byte("\r\n")))
	}
	return n
}

func (c *conversion) end(prev *textConverter) { c.cur = prev }

// posStatus says how a position was converted.
type posStatus uint8

const (
	posSame    posStatus = iota // the same number
	posChanged                  // converted to another number
	posNoText                   // the text is not available: kept as it was
	posFailed                   // not on a character of its text: kept as it was
)

// pos converts a position of the current text; when that cannot be done it
// keeps the number and counts it.
func (c *conversion) pos(n int64) (int64, posStatus) {
	if c.cur == nil {
		return n, posNoText
	}
	if c.check {
		// only whether it lies on the text; a position inside a character
		// (half a surrogate pair) is left to the reader's checks
		if n < 0 || n > c.cur.length {
			c.failed++
			return n, posFailed
		}
		return n, posSame
	}
	m, split, err := c.cur.position(n)
	if err != nil {
		c.failed++
		return n, posFailed
	}
	if split {
		c.split++
	}
	if m != n {
		c.changed++
		return m, posChanged
	}
	return m, posSame
}

// sourcesArchive returns what the source files of sources are looked up
// in: a Document's archive, or another fs.FS searched as an unpacked
// archive is (sources/, Sources/, the root); nil for none.
func sourcesArchive(sources fs.FS) *archive {
	if sources == nil {
		return nil
	}
	if doc, ok := sources.(*Document); ok {
		return doc.a
	}
	return &archive{dir: sources}
}

// addedFile returns the file pth names among the files a conversion adds
// to the archive, or nil.
func addedFile(files map[string][]byte, pth string) []byte {
	if len(files) == 0 {
		return nil
	}
	if res := (&archive{}).resolve(pth); res.internal != "" {
		return files[strings.ToLower(res.internal)]
	}
	return nil
}

// readSource reads a source file from sources: a Document's archive, or
// another fs.FS searched as an unpacked archive is (sources/, Sources/, the
// root). A file larger than limit is not read: positions are never
// converted on a truncated text.
func readSource(sources fs.FS, pth string, limit int64) ([]byte, error) {
	a := sourcesArchive(sources)
	if a == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, pth)
	}
	rc, _, err := a.open(pth)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, over, err := readAllLimited(rc, limit)
	if over {
		return nil, fmt.Errorf("%w: %s is larger than the text size limit (%d bytes)", ErrLimit, pth, limit)
	}
	return b, err
}

// report adds the conversion's summary to the writer's changes.
func (c *conversion) report(o *xmlOut) {
	o.elem, o.guids = nil, nil
	if c.changed > 0 {
		msg := fmt.Sprintf("positions converted from %s to %s, the convention of %s", c.from, c.prof.Positions, c.prof.Tool)
		if c.from == c.prof.Positions {
			// same convention: the positions moved with rewritten texts
			msg = fmt.Sprintf("positions recounted in %s (the convention of %s) for texts whose line endings were rewritten", c.from, c.prof.Tool)
		}
		o.changes = append(o.changes, Change{Code: ChangePositions, Count: c.changed, Message: msg})
	}
	if n := len(c.noText); n > 0 && !c.check {
		total := 0
		for _, k := range c.noText {
			total += k
		}
		o.changes = append(o.changes, Change{Code: ChangePositionsKept, Count: total,
			Message: fmt.Sprintf("the positions in %d texts were written as they were: the text files are not available to convert them", n)})
	}
	if c.failed > 0 {
		o.changes = append(o.changes, Change{Code: ChangePositionsKept, Count: c.failed,
			Message: "positions that do not fall on a character of their text (outside it, or inside a character) were written as they were: no tool can show those passages"})
	}
	if c.zoned > 0 {
		o.changes = append(o.changes, Change{Code: ChangeTimeZone, Count: c.zoned,
			Message: fmt.Sprintf("dates and times without a time zone written as UTC (Z), as %s writes them", c.prof.Tool)})
	}
	if c.split > 0 {
		o.changes = append(o.changes, Change{Code: ChangeLineBreakSplit, Count: c.split,
			Message: "positions between the CR and the LF of a line break moved before it: the rewritten text has one line-break character there, so those passages lose half a line break"})
	}
}

// Changes a profile makes.
const (
	// ChangePositions: positions were converted to the profile's
	// convention (a conversion, reported once with the count).
	ChangePositions ChangeCode = "positions-converted"
	// ChangePositionsKept: positions that could not be converted.
	ChangePositionsKept ChangeCode = "positions-kept"
	// ChangeLineBreakSplit: positions that split a CR LF line break, which
	// a text rewritten with one-character line breaks cannot express; moved
	// before the break.
	ChangeLineBreakSplit ChangeCode = "line-break-split"
	// ChangeTextRewritten: plain-text files rewritten (line endings, BOM).
	ChangeTextRewritten ChangeCode = "text-rewritten"
	// ChangeRenamed: source files renamed to <GUID>.<ext>.
	ChangeRenamed ChangeCode = "file-renamed"
	// ChangeVariablesMoved: document variables moved between sources and
	// nameless cases.
	ChangeVariablesMoved ChangeCode = "variables-moved"
	// ChangeGroupsAdded: sets added for variable values (ATLAS.ti groups).
	ChangeGroupsAdded ChangeCode = "groups-added"
	// ChangeOrigin: the origin names the conversion.
	ChangeOrigin ChangeCode = "origin"
	// ChangeTimeZone: dates and times without a time zone written as UTC
	// for a tool that writes every one with a zone (Profile.ZonedTimes).
	ChangeTimeZone ChangeCode = "time-zone-added"
	// ChangeNotSupported: something the target tool does not import.
	ChangeNotSupported ChangeCode = "not-supported"
)

// applyProfile restructures q for the profile, in place (q is the
// writer's own copy of the project), and returns the changes made; acct
// gets what it moved, added, renamed, dropped and knows to be invisible.
// sources holds the project's files (nil: none available).
func applyProfile(q *Project, prof *Profile, acct *accounts, sources fs.FS) ([]Change, map[string][]byte) {
	var changes []Change
	var files map[string][]byte
	q.Origin = profileOrigin(prof, q.Origin)
	changes = append(changes, Change{Code: ChangeOrigin, Count: 1,
		Message: fmt.Sprintf("origin written as %q so that readers know the conventions", q.Origin)})
	a := &adapter{q: q, prof: prof, acct: acct, sources: sources}
	a.embedExternal()
	if prof.adapt != nil {
		prof.adapt(a)
	}
	changes = append(changes, a.changes...)
	files = a.files
	x := NewIndex(q)
	if prof.CaseVariables {
		moved := 0
		for _, s := range q.Sources {
			b := s.Base()
			if len(b.Values) == 0 {
				continue
			}
			c := &Case{GUID: guidFor("docvars:" + string(b.GUID.Canonical())), SourceRefs: []GUID{b.GUID}, Values: b.Values}
			q.Cases = append(q.Cases, c)
			acct.add(c)
			for j := range c.Values {
				acct.mark(&c.Values[j], Moved, LedgerItem{Why: "in a nameless case with one source, where " + prof.Tool + " reads document variables"})
			}
			b.Values = nil
			moved += len(c.Values)
		}
		if moved > 0 {
			changes = append(changes, Change{Code: ChangeVariablesMoved, Count: moved,
				Message: fmt.Sprintf("document variable values moved from the sources to nameless cases with one source, where %s reads them", prof.Tool)})
		}
	} else {
		// nameless single-source cases become the source's own values
		moved := 0
		var cases []*Case
		values := map[GUID][]VariableValue{}
		for _, c := range q.Cases {
			if isDocumentVariableCase(c) && len(c.CodeRefs) == 0 && c.Description == "" && c.Extensions.empty() && x.Source(c.SourceRefs[0]) != nil {
				values[c.SourceRefs[0].Canonical()] = append(values[c.SourceRefs[0].Canonical()], c.Values...)
				moved += len(c.Values)
				acct.l.put(item{kind: ItemCases, element: "Case", guid: c.GUID, key: c}, Moved, "", "")
				continue
			}
			cases = append(cases, c)
		}
		if moved > 0 {
			q.Cases = cases
			for _, s := range q.Sources {
				b := s.Base()
				if vs := values[b.GUID.Canonical()]; len(vs) > 0 {
					own := len(b.Values)
					b.Values = append(b.Values, vs...)
					for j := own; j < len(b.Values); j++ {
						acct.mark(&b.Values[j], Moved, LedgerItem{Why: "from a nameless case with one source to the source, where the schema puts document variables"})
					}
				}
			}
			changes = append(changes, Change{Code: ChangeVariablesMoved, Count: moved,
				Message: "document variable values moved from nameless single-source cases (MAXQDA's form) to the sources, where the schema puts them"})
		}
	}
	if prof.GroupVariables {
		added := addVariableGroups(q, x, acct, prof.Tool)
		if added > 0 {
			changes = append(changes, Change{Code: ChangeGroupsAdded, Count: added,
				Message: fmt.Sprintf("sets named \"variable: value\" added for case and document variables, as %s shows attributes", prof.Tool)})
		}
	}
	var pdfText, pdfAreas int
	for _, s := range q.Sources {
		pdf, ok := s.(*PDFSource)
		if !ok {
			continue
		}
		pdfAreas += len(pdf.Selections)
		if pdf.Representation != nil {
			pdfText += len(pdf.Representation.Selections)
		}
		if prof.PDFTopLeft {
			for i := range pdf.Selections {
				acct.mark(selKey(&pdf.Selections[i].SelectionBase), Invisible, LedgerItem{Why: prof.Tool + " reads PDF coordinates from the top of the page, the standard from the bottom: the area is shown elsewhere on the page (page sizes are not known to convert it)"})
			}
		}
		if prof.NoPDFText && pdf.Representation != nil {
			for i := range pdf.Representation.Selections {
				acct.mark(selKey(&pdf.Representation.Selections[i].SelectionBase), Invisible, LedgerItem{Why: prof.Tool + " does not import coding of a PDF's text"})
			}
		}
	}
	if prof.NoPDFText && pdfText > 0 {
		changes = append(changes, Change{Code: ChangeNotSupported, Count: pdfText,
			Message: fmt.Sprintf("text selections in PDF representations: %s does not import coding of PDF text; written as they are", prof.Tool)})
	}
	if prof.PDFTopLeft && pdfAreas > 0 {
		changes = append(changes, Change{Code: ChangeNotSupported, Count: pdfAreas,
			Message: fmt.Sprintf("PDF area selections: %s reads coordinates from the top left of the page, the standard from the bottom left; written as the standard has them (page sizes are not known)", prof.Tool)})
	}
	q.Positions = prof.Positions
	return changes, files
}

// addVariableGroups adds a set "variable: value" for each variable value of
// cases and sources, holding the sources concerned; the values so shown
// are marked moved.
func addVariableGroups(q *Project, x *Index, acct *accounts, tool string) int {
	members := map[string][]GUID{}
	seen := map[string]map[GUID]bool{} // canonical GUIDs of each group's members
	var order []string
	add := func(v *VariableValue, src GUID) {
		if v.Type == "" {
			return
		}
		acct.mark(v, Moved, LedgerItem{Why: "also written as a set \"variable: value\" of its sources, as " + tool + " shows attributes"})
		key := variableName(x, v.Variable) + ": " + v.Value
		if seen[key] == nil {
			order = append(order, key)
			seen[key] = map[GUID]bool{}
		}
		if c := src.Canonical(); !seen[key][c] {
			seen[key][c] = true
			members[key] = append(members[key], src)
		}
	}
	for _, c := range q.Cases {
		for i := range c.Values {
			for _, s := range c.SourceRefs {
				add(&c.Values[i], s)
			}
		}
	}
	for _, s := range q.Sources {
		for i := range s.Base().Values {
			add(&s.Base().Values[i], s.Base().GUID)
		}
	}
	existing := map[string]bool{}
	for _, s := range q.Sets {
		existing[s.Name] = true
	}
	q.Sets = append([]*Set(nil), q.Sets...)
	n := 0
	for _, key := range order {
		if existing[key] {
			continue
		}
		set := &Set{GUID: guidFor("group:" + key), Name: key, MemberSources: members[key]}
		acct.add(set)
		q.Sets = append(q.Sets, set)
		n++
	}
	return n
}
