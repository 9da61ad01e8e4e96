package refi

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// textJob is one text whose selections detection measures: a text source,
// a PDF representation, a picture's text description or a note.
type textJob struct {
	owner string // element path, for warnings
	t     *TextSource
}

// textMeasure is what detection learned from one text, measured on its own
// (in any goroutine) and merged in document order.
type textMeasure struct {
	warns  []Warning
	ok     bool // the text was read: n and checks are set
	n      [nCandidates]int64
	checks []spanCheck
}

// spanCheck is one sampled selection on which the conventions disagree:
// bit j of ok is set when the selection is a valid range in candidate j,
// of aligned when it also starts and ends at word boundaries.
type spanCheck struct{ ok, aligned uint8 }

// sourceJobs appends the texts of source s, the i-th, that have
// selections.
func sourceJobs(jobs []textJob, i int, s Source) []textJob {
	add := func(owner string, t *TextSource) {
		if len(t.Selections) > 0 {
			jobs = append(jobs, textJob{owner, t})
		}
	}
	switch s := s.(type) {
	case *TextSource:
		add(fmt.Sprintf("/Project/Sources/%s[%d]", s.Element(), i+1), s)
	case *PDFSource:
		if s.Representation != nil {
			add(fmt.Sprintf("/Project/Sources/%s[%d]/Representation", s.Element(), i+1), s.Representation)
		}
	case *PictureSource:
		if s.TextDescription != nil {
			add(fmt.Sprintf("/Project/Sources/%s[%d]/TextDescription", s.Element(), i+1), s.TextDescription)
		}
	}
	return jobs
}

// noteJobs appends the notes of p that have selections.
func noteJobs(jobs []textJob, p *Project) []textJob {
	for i, n := range p.Notes {
		if len(n.Selections) > 0 {
			jobs = append(jobs, textJob{fmt.Sprintf("/Project/Notes/Note[%d]", i+1), n})
		}
	}
	return jobs
}

// measuring measures texts in goroutines of its own, as the decoder hands
// them over, while the decoder and the checks go on; results returns the
// measures in document order. Only the plain text, its path and the
// selections' ranges are read, which the decoder does not change once a
// source is read; GUIDs (which it may still change) are added to the
// warnings when the measures are merged.
type measuring struct {
	a       *archive
	file    string
	workers int

	mu      sync.Mutex
	more    sync.Cond
	jobs    []*measureJob // in document order
	next    int           // the next job to hand out
	closed  bool          // no more jobs come
	started int           // goroutines started
	checks  int           // sampled selections of the jobs done
	wg      sync.WaitGroup
}

type measureJob struct {
	textJob
	res textMeasure
}

// newMeasuring returns a measuring of the texts of the document file
// whose files a holds, on at most GOMAXPROCS goroutines.
func newMeasuring(a *archive, file string) *measuring {
	m := &measuring{a: a, file: file, workers: runtime.GOMAXPROCS(0)}
	m.more.L = &m.mu
	return m
}

// add queues texts, starting a goroutine when there are more texts
// waiting than goroutines.
func (m *measuring) add(jobs []textJob) {
	if len(jobs) == 0 {
		return
	}
	m.mu.Lock()
	for _, j := range jobs {
		m.jobs = append(m.jobs, &measureJob{textJob: j})
	}
	if m.started < m.workers && len(m.jobs)-m.next > 0 {
		m.started++
		m.wg.Add(1)
		go m.work()
	}
	m.mu.Unlock()
	m.more.Signal()
}

// close says no more texts come.
func (m *measuring) close() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	m.more.Broadcast()
}

// stop drops the texts not yet measured and waits for the goroutines.
func (m *measuring) stop() {
	m.mu.Lock()
	m.closed = true
	m.next = len(m.jobs)
	m.mu.Unlock()
	m.more.Broadcast()
	m.wg.Wait()
}

func (m *measuring) work() {
	defer m.wg.Done()
	var tm textMeasurer
	for {
		m.mu.Lock()
		for m.next >= len(m.jobs) && !m.closed {
			m.more.Wait()
		}
		if m.next >= len(m.jobs) {
			m.mu.Unlock()
			return
		}
		j := m.jobs[m.next]
		m.next++
		// the jobs done all come before this one: when their samples
		// fill the budget, this one's would never be used
		sample := m.checks < detectBudget
		m.mu.Unlock()
		j.res = tm.measure(m.a, m.file, j.textJob, sample)
		m.mu.Lock()
		m.checks += len(j.res.checks)
		m.mu.Unlock()
	}
}

// results waits for every text queued and returns the jobs in order.
func (m *measuring) results() []*measureJob {
	m.close()
	m.wg.Wait()
	return m.jobs
}

// textMeasurer measures texts one after another, reusing one buffer and
// one index.
type textMeasurer struct {
	buf []byte
	txt Text
}

func (tm *textMeasurer) measure(a *archive, file string, job textJob, sample bool) textMeasure {
	var out textMeasure
	t, owner := job.t, job.owner
	warn := func(code WarningCode, msg string) {
		out.warns = append(out.warns, Warning{Code: code, File: file, Path: owner, Message: msg})
	}
	txt := &tm.txt
	txt.every = detectMarks
	if !sample {
		txt.every = 1 << 40 // only the lengths are needed: no marks between
	}
	if t.PlainTextPath == "" {
		if t.PlainTextContent == "" {
			// no text at all: one warning for the source, not one
			// "past the end" per selection
			var past int
			for _, s := range t.Selections {
				if s.End > 0 && s.Start >= 0 && s.Start <= s.End {
					past++
				}
			}
			if past > 0 {
				warn(WarnMissingSource, fmt.Sprintf("the text has neither plainTextPath nor PlainTextContent, so %d of its %d selections have no text", past, len(t.Selections)))
			}
			return out
		}
		txt.reset(t.PlainTextContent)
	} else {
		b, wasUTF16, err := a.readText(tm.buf, t.PlainTextPath)
		if err != nil {
			// missing and unsafe paths were reported by checkSources;
			// a file too large, corrupt or badly encoded is reported here
			if !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrInsecurePath) {
				warn(WarnMissingSource, fmt.Sprintf("the text cannot be read: %s", strings.TrimPrefix(err.Error(), "refi: ")))
			}
			return out
		}
		if !wasUTF16 {
			tm.buf = b
		}
		// the index refers to buf only until the next text is read
		txt.reset(unsafe.String(unsafe.SliceData(b), len(b)))
		txt.utf16 = wasUTF16
	}
	if !txt.ValidUTF8() {
		warn(WarnTextEncoding, fmt.Sprintf("text %s is not valid UTF-8; invalid bytes count as one character each", t.PlainTextPath))
	}
	if txt.utf16 {
		warn(WarnTextEncoding, fmt.Sprintf("text %s is UTF-16, not UTF-8 as the standard requires; read as UTF-16", t.PlainTextPath))
	}
	out.ok = true
	if sample {
		out.checks = sampleSpans(txt, t.Selections)
	}
	for i, c := range candidates {
		out.n[i] = txt.Len(c)
	}
	return out
}

// detectMarks is how often, in bytes, detection's texts are indexed: more
// often than other texts, since every sampled selection is looked up in
// each convention.
const detectMarks = 32

// detect decides the position convention and checks selection ranges, on
// the texts m measured.
func (r *Reader) detect(doc *Document, ws *warnings, m *measuring) Detection {
	det := newDetector()
	jobs := m.results()
	for _, j := range jobs {
		for _, w := range j.res.warns {
			w.GUID = j.t.GUID
			ws.add(w)
		}
		if j.res.ok {
			det.add(j.res.checks)
		}
	}
	result, msg := det.decide(doc.Project.Origin, r.Positions)
	if msg != "" {
		ws.add(Warning{Code: WarnPositionUnit, File: doc.File, Message: msg})
	}
	// a convention that is no candidate (forced) is checked as code points
	ci, _ := candidateIndex(result.Positions)
	for _, j := range jobs {
		if !j.res.ok {
			continue
		}
		if j.t.PlainTextPath != "" {
			// kept for writing, which checks selections against the length
			if doc.a.lengths == nil {
				doc.a.lengths = map[string][nCandidates]int64{}
			}
			doc.a.lengths[j.t.PlainTextPath] = j.res.n
		}
		n := j.res.n[ci]
		for i, s := range j.t.Selections {
			if s.End > n && s.Start <= s.End && s.Start >= 0 {
				ws.add(Warning{Code: WarnSelectionRange, File: doc.File, Path: fmt.Sprintf("%s/PlainTextSelection[%d]", j.owner, i+1), GUID: s.GUID,
					Message: fmt.Sprintf("selection ends at %d, past the end of its text (length %d in %s)", s.End, n, result.Positions)})
			}
		}
	}
	return result
}
