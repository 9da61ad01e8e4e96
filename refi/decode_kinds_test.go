package refi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kindsProject has one source of each kind, each with a selection of its
// kind and the same faults: an unknown and a foreign attribute, an invalid
// date, a second Description, a Coding without CodeRef; its selections
// likewise, and one selection without a guid and one with a position that
// is not an integer.
const kindsProject = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:q="urn:example:q" name="kinds">
<Sources>
<TextSource guid="00000000-0000-0000-0000-000000000001" name="t" plainTextPath="internal://t.txt" foo="1" q:bar="2" creationDateTime="bad">
<Description>a</Description><Description>b</Description>
<PlainTextContent>hello world</PlainTextContent>
<PlainTextSelection guid="00000000-0000-0000-0000-000000000011" startPosition="0" endPosition="5" foo="1" q:bar="2"><Description>d</Description><Coding guid="00000000-0000-0000-0000-000000000012"/></PlainTextSelection>
<PlainTextSelection startPosition="0" endPosition="5"/>
<PlainTextSelection guid="00000000-0000-0000-0000-000000000013" startPosition="x" endPosition="5"/>
<Coding guid="00000000-0000-0000-0000-000000000014"/>
<NoteRef targetGUID="00000000-0000-0000-0000-000000000099" foo="1"/>
</TextSource>
<PictureSource guid="00000000-0000-0000-0000-000000000002" name="p" path="internal://p.png" foo="1" q:bar="2" creationDateTime="bad">
<Description>a</Description><Description>b</Description>
<PictureSelection guid="00000000-0000-0000-0000-000000000021" firstX="1" firstY="2" secondX="3" secondY="4" foo="1" q:bar="2"><Coding guid="00000000-0000-0000-0000-000000000022"/></PictureSelection>
<PictureSelection firstX="1" firstY="2" secondX="3" secondY="4"/>
<PictureSelection guid="00000000-0000-0000-0000-000000000023" firstX="1" firstY="2" secondX="3"/>
<TextDescription guid="00000000-0000-0000-0000-000000000024"/>
</PictureSource>
<PDFSource guid="00000000-0000-0000-0000-000000000003" name="d" path="internal://d.pdf" foo="1" q:bar="2" creationDateTime="bad">
<Description>a</Description><Description>b</Description>
<PDFSelection guid="00000000-0000-0000-0000-000000000031" page="1" firstX="1" firstY="2" secondX="3" secondY="4" foo="1" q:bar="2"><Representation guid="00000000-0000-0000-0000-000000000032"/><Representation guid="00000000-0000-0000-0000-000000000033"/></PDFSelection>
<PDFSelection page="1" firstX="1" firstY="2" secondX="3" secondY="4"/>
<PDFSelection guid="00000000-0000-0000-0000-000000000034" page="one" firstX="1" firstY="2" secondX="3" secondY="4"/>
</PDFSource>
<AudioSource guid="00000000-0000-0000-0000-000000000004" name="a" path="internal://a.mp3" foo="1" q:bar="2" creationDateTime="bad">
<Description>a</Description><Description>b</Description>
<Transcript guid="00000000-0000-0000-0000-000000000041" plainTextPath="internal://a.txt" foo="1"><PlainTextContent>x</PlainTextContent><SyncPoint guid="00000000-0000-0000-0000-000000000042" timeStamp="t"/><TranscriptSelection guid="00000000-0000-0000-0000-000000000043" fromSyncPoint="00000000-0000-0000-0000-000000000042" foo="1"/></Transcript>
<AudioSelection guid="00000000-0000-0000-0000-000000000044" begin="9" end="2" foo="1" q:bar="2"/>
<AudioSelection begin="1" end="2"/>
<VideoSelection guid="00000000-0000-0000-0000-000000000045" begin="1" end="2"/>
</AudioSource>
<VideoSource guid="00000000-0000-0000-0000-000000000005" name="v" path="internal://v.mp4" foo="1" q:bar="2" creationDateTime="bad">
<Description>a</Description><Description>b</Description>
<VideoSelection guid="00000000-0000-0000-0000-000000000051" begin="1" end="2" foo="1" q:bar="2"/>
<VideoSelection begin="1" end="2"/>
<VideoSelection guid="00000000-0000-0000-0000-000000000052" begin="1"/>
</VideoSource>
<PictureSource name="no guid"/>
</Sources>
</Project>
`

// TestSourceAndSelectionKinds checks that every source and selection kind
// treats the attributes and children they all have alike: the warnings
// each gives, in order, and what each keeps.
func TestSourceAndSelectionKinds(t *testing.T) {
	for _, std := range []bool{false, true} {
		doc, err := (&Reader{Name: "kinds.qde", MaxWarnings: 1000, useStd: std}).ReadQDE(strings.NewReader(kindsProject))
		require.NoError(t, err)
		var got []string
		for _, w := range doc.Warnings {
			got = append(got, string(w.Code)+" "+w.Path+" "+w.Attr+": "+w.Message)
		}
		assert.Equal(t, strings.Split(strings.TrimSpace(kindsWarnings), "\n"), got)

		p := doc.Project
		require.Len(t, p.Sources, 5)
		var sels []int
		for _, s := range p.Sources {
			b := s.Base()
			assert.Equal(t, "a", b.Description, b.Name)
			var kept []string
			for _, a := range b.Extensions.attrs {
				kept = append(kept, a.Name)
			}
			assert.Equal(t, []string{"foo", "bar", "creationDateTime"}, kept, b.Name)
			switch s := s.(type) {
			case *TextSource:
				sels = append(sels, len(s.Selections))
				assert.Equal(t, "hello world", s.PlainTextContent)
				assert.Equal(t, []GUID{"00000000-0000-0000-0000-000000000099"}, s.NoteRefs)
			case *PictureSource:
				sels = append(sels, len(s.Selections))
				assert.NotNil(t, s.TextDescription)
			case *PDFSource:
				sels = append(sels, len(s.Selections))
				assert.Equal(t, GUID("00000000-0000-0000-0000-000000000032"), s.Selections[0].Representation.GUID)
			case *AudioSource:
				sels = append(sels, len(s.Selections))
				require.Len(t, s.Transcripts, 1)
				assert.Len(t, s.Transcripts[0].Selections, 1)
				assert.Len(t, s.Transcripts[0].SyncPoints, 1)
			case *VideoSource:
				sels = append(sels, len(s.Selections))
			}
		}
		assert.Equal(t, []int{1, 1, 1, 1, 1}, sels, "one valid selection of each kind")
	}
}

// kindsWarnings lists the warnings of kindsProject as code, path, attribute
// and message, as the reader gave them before the kinds shared their code.
// (The content-and-path warning is given after the source's end tag, so its
// path is the parent's.)
const kindsWarnings = `
unknown-content /Project/Sources/TextSource[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/TextSource[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
invalid-value /Project/Sources/TextSource[1] creationDateTime: invalid date and time "bad"; kept as written in an extension
duplicate-element /Project/Sources/TextSource[1]/Description[2] : a second <Description>; kept as an extension
unknown-content /Project/Sources/TextSource[1]/PlainTextSelection[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/TextSource[1]/PlainTextSelection[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
missing-attribute /Project/Sources/TextSource[1]/PlainTextSelection[1] : <Coding> without a <CodeRef>; kept as an extension
missing-attribute /Project/Sources/TextSource[1]/PlainTextSelection[2] guid: <PlainTextSelection> without a guid; kept as an extension
invalid-value /Project/Sources/TextSource[1]/PlainTextSelection[3] startPosition: startPosition="x" is not an integer
missing-attribute /Project/Sources/TextSource[1]/PlainTextSelection[3] startPosition: <PlainTextSelection> without a valid startPosition; kept as an extension
missing-attribute /Project/Sources/TextSource[1] : <Coding> without a <CodeRef>; kept as an extension
unknown-content /Project/Sources/TextSource[1]/NoteRef[1] foo: attribute foo is not part of the schema; kept as an extension
content-and-path /Project/Sources : both PlainTextContent and plainTextPath; the file is used for positions
unknown-content /Project/Sources/PictureSource[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/PictureSource[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
invalid-value /Project/Sources/PictureSource[1] creationDateTime: invalid date and time "bad"; kept as written in an extension
duplicate-element /Project/Sources/PictureSource[1]/Description[2] : a second <Description>; kept as an extension
unknown-content /Project/Sources/PictureSource[1]/PictureSelection[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/PictureSource[1]/PictureSelection[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
missing-attribute /Project/Sources/PictureSource[1]/PictureSelection[1] : <Coding> without a <CodeRef>; kept as an extension
missing-attribute /Project/Sources/PictureSource[1]/PictureSelection[2] guid: <PictureSelection> without a guid; kept as an extension
missing-attribute /Project/Sources/PictureSource[1]/PictureSelection[3] secondY: <PictureSelection> without a valid secondY; kept as an extension
element-order /Project/Sources/PictureSource[1]/TextDescription : <TextDescription> after an element that the schema puts after it; written in schema order
unknown-content /Project/Sources/PDFSource[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/PDFSource[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
invalid-value /Project/Sources/PDFSource[1] creationDateTime: invalid date and time "bad"; kept as written in an extension
duplicate-element /Project/Sources/PDFSource[1]/Description[2] : a second <Description>; kept as an extension
unknown-content /Project/Sources/PDFSource[1]/PDFSelection[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/PDFSource[1]/PDFSelection[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
duplicate-element /Project/Sources/PDFSource[1]/PDFSelection[1]/Representation[2] : a second <Representation>; kept as an extension
missing-attribute /Project/Sources/PDFSource[1]/PDFSelection[2] guid: <PDFSelection> without a guid; kept as an extension
invalid-value /Project/Sources/PDFSource[1]/PDFSelection[3] page: page="one" is not an integer
missing-attribute /Project/Sources/PDFSource[1]/PDFSelection[3] page: <PDFSelection> without a valid page; kept as an extension
unknown-content /Project/Sources/AudioSource[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/AudioSource[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
invalid-value /Project/Sources/AudioSource[1] creationDateTime: invalid date and time "bad"; kept as written in an extension
duplicate-element /Project/Sources/AudioSource[1]/Description[2] : a second <Description>; kept as an extension
unknown-content /Project/Sources/AudioSource[1]/Transcript[1] foo: attribute foo is not part of the schema; kept as an extension
invalid-value /Project/Sources/AudioSource[1]/Transcript[1]/SyncPoint[1] timeStamp: invalid integer "t"; kept as written in an extension
unknown-content /Project/Sources/AudioSource[1]/Transcript[1]/TranscriptSelection[1] foo: attribute foo is not part of the schema; kept as an extension
content-and-path /Project/Sources/AudioSource[1] : both PlainTextContent and plainTextPath; the file is used for positions
unknown-content /Project/Sources/AudioSource[1]/AudioSelection[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/AudioSource[1]/AudioSelection[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
selection-range /Project/Sources/AudioSource[1]/AudioSelection[1] begin: begin 9 is after end 2
missing-attribute /Project/Sources/AudioSource[1]/AudioSelection[2] guid: <AudioSelection> without a guid; kept as an extension
unknown-content /Project/Sources/AudioSource[1]/VideoSelection[1] : <VideoSelection> is not allowed here; kept as an extension
unknown-content /Project/Sources/VideoSource[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/VideoSource[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
invalid-value /Project/Sources/VideoSource[1] creationDateTime: invalid date and time "bad"; kept as written in an extension
duplicate-element /Project/Sources/VideoSource[1]/Description[2] : a second <Description>; kept as an extension
unknown-content /Project/Sources/VideoSource[1]/VideoSelection[1] foo: attribute foo is not part of the schema; kept as an extension
unknown-content /Project/Sources/VideoSource[1]/VideoSelection[1] q:bar: attribute q:bar is not part of the schema; kept as an extension
missing-attribute /Project/Sources/VideoSource[1]/VideoSelection[2] guid: <VideoSelection> without a guid; kept as an extension
missing-attribute /Project/Sources/VideoSource[1]/VideoSelection[3] end: <VideoSelection> without a valid end; kept as an extension
missing-attribute /Project/Sources/PictureSource[2] guid: <PictureSource> without a guid; kept as an extension
dangling-reference /Project/Sources/TextSource[1]/NoteRef[1] targetGUID: targetGUID refers to 00000000-0000-0000-0000-000000000099, which is not in the project
`
