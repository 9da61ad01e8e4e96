package refi

// accounts keeps the ledger of one write: the input counted before
// writing, the items the conversion dropped, renamed, moved or knows to be
// invisible (marked by the object the encoder meets), the objects it
// added (not input items), and the column of every item the encoder
// writes.
type accounts struct {
	l     *Ledger
	marks map[any]LedgerItem // by object: the column and why of an item written
	added map[any]bool       // objects the conversion added
	// extensions is the column of extensions written in processing
	// instructions (Converted; Invisible for a tool), and extWhy why.
	extensions Column
	extWhy     string
	// out counts the items of each kind in the output (added ones
	// included), for checking the ledger against the file written.
	out [nItemKinds]int
}

func newAccounts(l *Ledger) *accounts {
	return &accounts{l: l, marks: map[any]LedgerItem{}, added: map[any]bool{}, extensions: Converted}
}

// mark says that the object key, when written, goes in column c (unless
// the writer finds a later column). it gives the name, GUID and why for a
// listed item; its Column is set to c.
func (a *accounts) mark(key any, c Column, it LedgerItem) {
	if old, ok := a.marks[key]; ok && old.Column > c {
		return
	}
	it.Column = c
	a.marks[key] = it
}

// add records an object the conversion added: it is written but is no
// item of the input.
func (a *accounts) add(key any) { a.added[key] = true }

// rekey moves what is known of the object old to new, its copy (a value
// copied into another slice).
func (a *accounts) rekey(old, new any) {
	if m, ok := a.marks[old]; ok {
		delete(a.marks, old)
		a.marks[new] = m
	}
	if a.added[old] {
		delete(a.added, old)
		a.added[new] = true
	}
}

// drop counts every item walk gives as dropped, for why.
func (a *accounts) drop(why string, walk func(*itemWalker)) {
	walk(&itemWalker{fn: func(it item) { a.l.put(it, Dropped, why, "") }})
}

// written counts an item the encoder wrote, in column c (found while
// writing it) or a later column marked by the conversion.
func (a *accounts) written(it item, c Column, why string) {
	a.out[kindIndex(it.kind)]++
	if len(a.added) == 0 && len(a.marks) == 0 {
		a.l.put(it, c, why, "")
		return
	}
	key := it.keyOf()
	if a.added[key] {
		return
	}
	newName := ""
	if m, ok := a.marks[key]; ok && m.Column >= c {
		c, why, newName = m.Column, m.Why, m.NewName
		if m.Name != "" || m.NewName != "" {
			it.name = m.Name
		}
	}
	a.l.put(it, c, why, newName)
}

// writeFrame is an element being written, with its column so far when it is an
// item of the ledger.
type writeFrame struct {
	it   item
	item bool
	col  Column
	why  string
}

// item makes the element just started an item of kind k: key is the
// object written, name its name.
func (o *xmlOut) item(k ItemKind, key any, name string) {
	if o.acct == nil {
		return
	}
	f := &o.frames[len(o.frames)-1]
	f.item = true
	f.it = item{kind: k, element: o.elem[len(o.elem)-1], name: name, guid: o.guids[len(o.guids)-1], key: key}
}

// flag raises the column of the innermost item being written to c, for
// why.
func (o *xmlOut) flag(c Column, why string) {
	for i := len(o.frames) - 1; i >= 0; i-- {
		f := &o.frames[i]
		if !f.item {
			continue
		}
		if c > f.col {
			f.col, f.why = c, why
		}
		return
	}
}

// innermost returns the element name of the innermost item being written.
func (o *xmlOut) innermost() string {
	for i := len(o.frames) - 1; i >= 0; i-- {
		if o.frames[i].item {
			return o.frames[i].it.element
		}
	}
	return ""
}

// countExtensions counts the extensions of an element as written: inline
// (kept), or in a processing instruction.
func (o *xmlOut) countExtensions(e *Extensions) {
	if o.acct == nil || e.empty() {
		return
	}
	col, why := o.acct.extensions, o.acct.extWhy
	if o.inline {
		col, why = Kept, ""
	}
	el, g := "", GUID("")
	if n := len(o.elem); n > 0 {
		el, g = o.elem[n-1], o.guids[n-1]
	}
	(&itemWalker{fn: func(it item) { o.acct.written(it, col, why) }}).ext(e, el, g)
}

// columnOf is the column of the item a change was made to.
func columnOf(code ChangeCode, element string) Column {
	switch code {
	case ChangeValueDropped:
		if element == "VariableValue" {
			return Dropped
		}
		return Repaired
	case ChangeGUID, ChangeColor, ChangeColorDropped, ChangeTransparency, ChangeValueConverted,
		ChangeEnumDropped, ChangeUnsafePath, ChangeEmptyGUID:
		return Repaired
	}
	return Kept
}
