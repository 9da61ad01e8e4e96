package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// transcript is what the text of one interview is generated from. The text
// depends on nothing else, so that it can be generated again, identically,
// whenever its file is opened.
type transcript struct {
	seed        int64
	index       int
	label       string // the participant's speaker label, "P012"
	patient     bool   // patient or member of staff (chooses the vocabulary)
	role        string
	practice    string
	interviewer string // initials of the interviewer
	date        time.Time
	wave        int // 1 for the first interview, 2... for follow-ups
	length      int // target length in bytes
	crlf        bool
}

// sentence is a sentence of a transcript: the bytes [start, end) of the
// text, from its capital letter to its final punctuation.
type sentence struct {
	start, end int32
}

// turn is what one speaker says: the speaker label starts at byte start;
// its sentences are layout.sentences[first:last].
type turn struct {
	start       int32
	first, last int32
	participant bool
}

// layout records where the sentences and turns of a text are, for choosing
// the passages to code.
type layout struct {
	sentences []sentence
	turns     []turn
}

// text generates the transcript (without byte-order mark), recording its
// layout in lay when lay is not nil.
func (t *transcript) text(lay *layout) []byte {
	g := textGen{r: newRand(t.seed, streamText|uint64(t.index)), t: t, lay: lay, nl: "\n"}
	if t.crlf {
		g.nl = "\r\n"
	}
	g.b = make([]byte, 0, t.length+t.length/16+256)
	g.header()
	for q := 0; q == 0 || len(g.b) < t.length; q++ {
		g.turn(false, 1+g.r.IntN(2))
		g.turn(true, 2+g.r.IntN(7))
	}
	// the last turn ends with one line break, not a blank line
	return g.b[:len(g.b)-len(g.nl)]
}

type textGen struct {
	r        *rand.Rand
	t        *transcript
	lay      *layout
	b        []byte
	nl       string
	answered bool // the participant has spoken
	asked    bool // the interviewer has spoken
}

func (g *textGen) header() {
	t := g.t
	g.b = append(g.b, "Interview "...)
	g.b = append(g.b, t.label...)
	g.b = append(g.b, " – "...)
	g.b = append(g.b, strings.ToLower(t.role)...)
	if t.wave > 1 {
		g.b = append(g.b, " (follow-up "...)
		g.b = strconv.AppendInt(g.b, int64(t.wave-1), 10)
		g.b = append(g.b, ')')
	}
	g.b = append(g.b, g.nl...)
	g.b = append(g.b, t.practice...)
	g.b = append(g.b, ", "...)
	g.b = t.date.AppendFormat(g.b, "2 January 2006")
	g.b = append(g.b, g.nl...)
	g.b = append(g.b, "Interviewed by: "...)
	g.b = append(g.b, t.interviewer...)
	g.b = append(g.b, ". Transcribed verbatim; names of third parties removed."...)
	g.b = append(g.b, g.nl...)
	g.b = append(g.b, g.nl...)
}

// turn appends a turn of n sentences by the participant or the interviewer,
// followed by a blank line.
func (g *textGen) turn(participant bool, n int) {
	tn := turn{start: int32(len(g.b)), participant: participant}
	if participant {
		g.b = append(g.b, g.t.label...)
	} else {
		g.b = append(g.b, "Interviewer"...)
	}
	g.b = append(g.b, ": "...)
	if g.lay != nil {
		tn.first = int32(len(g.lay.sentences))
	}
	first := participant && !g.answered
	for i := range n {
		if i > 0 {
			g.b = append(g.b, ' ')
			g.between(first && i == 1)
		}
		start := len(g.b)
		switch {
		case participant:
			g.answer()
		case !g.asked && i == 0 && n > 1:
			g.b = append(g.b, "Thank you for seeing me today."...)
		case !g.asked && i == n-1:
			g.b = append(g.b, "How did you first hear about social prescribing?"...)
		default:
			g.question(i == n-1)
		}
		if g.lay != nil {
			g.lay.sentences = append(g.lay.sentences, sentence{int32(start), int32(len(g.b))})
		}
	}
	if participant {
		g.answered = true
	} else {
		g.asked = true
	}
	if g.lay != nil {
		tn.last = int32(len(g.lay.sentences))
		g.lay.turns = append(g.lay.turns, tn)
	}
	g.b = append(g.b, g.nl...)
	g.b = append(g.b, g.nl...)
}

// between sometimes puts an interjection or an emoji between two sentences
// (always a non-BMP emoji when force is set and the dice agree, so that most
// transcripts have one early on, before coded passages).
func (g *textGen) between(force bool) {
	r := g.r
	switch {
	case force && chance(r, 0.75):
		g.b = append(g.b, pick(r, nonBMPEmoji)...)
	case chance(r, 0.02):
		g.b = append(g.b, pick(r, emoji)...)
	case chance(r, 0.04):
		g.b = append(g.b, pick(r, interjections)...)
	default:
		return
	}
	g.b = append(g.b, ' ')
}

// capitalize makes the letter at byte i upper case, if it is an ASCII
// lower-case letter.
func (g *textGen) capitalize(i int) {
	if c := g.b[i]; 'a' <= c && c <= 'z' {
		g.b[i] = c - 'a' + 'A'
	}
}

// end finishes a sentence with punctuation, sometimes after an emoji.
func (g *textGen) end(punct byte) {
	if chance(g.r, 0.012) {
		g.b = append(g.b, ' ')
		g.b = append(g.b, pick(g.r, emoji)...)
	}
	g.b = append(g.b, punct)
}

func (g *textGen) answer() {
	r := g.r
	subjects, preds, ipreds, tails, said := patientSubjects, patientPredicates, patientIPredicates, patientTails, patientSaid
	if !g.t.patient {
		subjects, preds, ipreds, tails, said = staffSubjects, staffPredicates, staffIPredicates, staffTails, staffSaid
	}
	start := len(g.b)
	punct := byte('.')
	if chance(r, 0.04) {
		punct = '!'
	}
	switch k := r.IntN(20); {
	case k < 6:
		g.b = append(g.b, pick(r, openers)...)
		g.b = append(g.b, pick(r, subjects)...)
		g.b = append(g.b, ' ')
		g.b = append(g.b, pick(r, preds)...)
		g.b = append(g.b, pick(r, tails)...)
	case k < 10:
		g.b = append(g.b, pick(r, openers)...)
		g.b = append(g.b, "I "...)
		g.b = append(g.b, pick(r, ipreds)...)
		g.b = append(g.b, pick(r, tails)...)
	case k < 12:
		g.b = append(g.b, pick(r, subjects)...)
		g.b = append(g.b, ' ')
		g.b = append(g.b, pick(r, preds)...)
		g.b = append(g.b, pick(r, connectors)...)
		g.b = append(g.b, pick(r, subjects)...)
		g.b = append(g.b, ' ')
		g.b = append(g.b, pick(r, preds)...)
	case k < 15:
		g.b = append(g.b, pick(r, shortSentences)...)
		g.capitalize(start)
		return
	case k < 17:
		g.b = append(g.b, "I "...)
		g.b = append(g.b, pick(r, ipreds)...)
		g.b = append(g.b, pick(r, connectors)...)
		g.b = append(g.b, pick(r, subjects)...)
		g.b = append(g.b, ' ')
		g.b = append(g.b, pick(r, preds)...)
	default:
		g.b = append(g.b, pick(r, openers)...)
		g.b = append(g.b, pick(r, subjects)...)
		g.b = append(g.b, " said "...)
		g.b = append(g.b, pick(r, said)...)
	}
	g.capitalize(start)
	g.end(punct)
}

// question appends a sentence of the interviewer: a question when last is
// set (a turn ends with a question), otherwise sometimes a remark.
func (g *textGen) question(last bool) {
	r := g.r
	start := len(g.b)
	switch {
	case !last && chance(r, 0.6):
		g.b = append(g.b, pick(r, interviewerStatements)...)
		return
	case chance(r, 0.4):
		g.b = append(g.b, pick(r, questions)...)
		return
	}
	q := questionFrames[r.IntN(len(questionFrames))]
	g.b = append(g.b, q.start...)
	g.b = append(g.b, pick(r, topics)...)
	g.b = append(g.b, q.end...)
	g.capitalize(start)
	g.end('?')
}

// noteText generates the text of note i: a few memo sentences in one or
// two paragraphs.
func noteText(seed int64, i int, nl string) string {
	r := newRand(seed, streamNote|uint64(i))
	var b strings.Builder
	n := 2 + r.IntN(4)
	for j := range n {
		if j > 0 {
			if j == n/2+1 {
				b.WriteString(nl)
				b.WriteString(nl)
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(pick(r, memoSentences))
	}
	return b.String()
}
