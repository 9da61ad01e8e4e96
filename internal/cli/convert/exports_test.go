package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/refi"
)

// The fixtures: an interview, ATLAS.ti's quotation and codebook exports
// of it, Taguette's highlights export and QualCoder's coding report.
const (
	interview = "Interviewer: How did you hear of the link worker?\r\n" +
		"Patient: My GP mentioned the walking group. I was lonely.\r\n" +
		"Patient: The walking group helped, and I was lonely less.\r\n"
	atlasQuotations = "\ufeffNumber;Reference;Name;Text Content;Document;Codes;Number of Codes;Comment;Initial Position;Final Position;Creation Date;Modification Date\n" +
		"1:1;¶ 2;;My GP mentioned the walking group.;Patient 1;Referral: GP;1;;2;2;3/25/25;3/25/25\n" +
		"1:2;¶ 3;;I was lonely less.;Patient 1;Outcomes: Loneliness, Outcomes: Activity;2;;3;3;3/25/25;3/25/25\n" +
		"1:3;¶ 3;;The walking group helped;Patient 1;Outcomes: Activity;1;a comment;3;3;3/25/25;3/25/25\n"
	atlasCodebook = "Code;Comment;Code Group 1;Code Group 2\n" +
		"Referral: GP;Referred by a GP;Referral;\n" +
		"Outcomes: Loneliness;;Outcomes;\n" +
		"Outcomes: Activity;;Outcomes;\n"
	taguetteHighlights = "id,document,tag,content\n" +
		"1,Patient 1,referral,My GP mentioned the walking group.\n" +
		"2,Patient 1,outcomes,The walking group helped\n" +
		"2,Patient 1,activity,The walking group helped\n"
	qualcoderReport = "\ufeff\"File\",\"Coder\",\"Coded\",\"Id\",\"Codename\",\"Coded_Memo\",\"Category\"\n" +
		"\"Patient 1.docx\",\"ana\",\"I was lonely.\",\"ctid:1\",\"Loneliness\",\"\",\"Outcomes\"\n"
)

func TestConvertToolExports(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		args     []string
		sources  bool
		wantCode int
		codings  int
		passages []string
		stderr   []string
	}{
		{
			name:  "ATLAS.ti quotations and codebook, with the transcript",
			files: map[string]string{"quotations.csv": atlasQuotations, "codebook.csv": atlasCodebook}, sources: true,
			codings:  4,
			passages: []string{"I was lonely less.", "My GP mentioned the walking group.", "The walking group helped"},
			stderr:   []string{"(ATLAS.ti quotation export and codebook export)", "(ATLAS.ti codebook export)", "lost:      nothing"},
		},
		{
			name:  "Taguette highlights with --passages",
			files: map[string]string{"highlights.csv": taguetteHighlights}, args: []string{"--passages", "--name", "SP"},
			codings:  3,
			passages: []string{"My GP mentioned the walking group.", "The walking group helped"},
			stderr:   []string{"(Taguette highlights export)", "placed on texts made of the passages"},
		},
		{
			name:   "QualCoder coding report without its documents",
			files:  map[string]string{"report.csv": qualcoderReport},
			stderr: []string{"(QualCoder coding report)", "1 codings dropped", "give the transcripts with --sources DIR, or --passages"},
		},
		{
			name:     "two tools' exports",
			files:    map[string]string{"report.csv": qualcoderReport, "highlights.csv": taguetteHighlights},
			wantCode: 2, stderr: []string{"give the exports of one tool at a time"},
		},
		{
			name:     "an NVivo-only flag",
			files:    map[string]string{"highlights.csv": taguetteHighlights},
			args:     []string{"--keep-not-applicable"},
			wantCode: 2, stderr: []string{"--keep-not-applicable applies to NVivo exports only"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var args []string
			names := make([]string, 0, len(tt.files))
			for name := range tt.files {
				names = append(names, name)
			}
			sort.Sort(sort.Reverse(sort.StringSlice(names))) // quotations before codebook
			for _, name := range names {
				p := filepath.Join(dir, name)
				require.NoError(t, os.WriteFile(p, []byte(tt.files[name]), 0o644))
				args = append(args, p)
			}
			if tt.sources {
				docs := filepath.Join(dir, "docs")
				require.NoError(t, os.Mkdir(docs, 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(docs, "Patient 1.txt"), []byte(interview), 0o644))
				args = append(args, "--sources", docs)
			}
			out := filepath.Join(t.TempDir(), "out.qdpx")
			var stdout, stderr bytes.Buffer
			code := execute(append(append(args, "-o", out), tt.args...), &stdout, &stderr)
			require.Equal(t, tt.wantCode, code, stderr.String())
			for _, s := range tt.stderr {
				assert.Contains(t, stderr.String(), s)
			}
			if code != 0 {
				assert.NoFileExists(t, out)
				return
			}
			schematest.RequireValidQDPX(t, out)
			doc, err := refi.Open(out)
			require.NoError(t, err)
			defer doc.Close()
			assert.Equal(t, tt.codings, doc.Project.Counts().Codings)
			var texts []string
			for e, err := range doc.Excerpts(refi.ExcerptOptions{Separate: true}) {
				require.NoError(t, err)
				texts = append(texts, e.Text)
			}
			sort.Strings(texts)
			assert.Equal(t, tt.passages, texts)
		})
	}
}
