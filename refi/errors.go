package refi

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors a caller can test for with errors.Is.
var (
	// ErrFormat means the input is not a REFI-QDA document: the root element
	// is not Project (or CodeBook for a codebook), or the file is not XML.
	ErrFormat = errors.New("refi: not a REFI-QDA document")
	// ErrNoProject means a .qdpx archive holds no *.qde file at its root.
	ErrNoProject = errors.New("refi: archive has no project.qde")
	// ErrNotZip means a .qdpx file is not a readable zip archive (truncated,
	// corrupt, or another kind of file).
	ErrNotZip = errors.New("refi: not a zip archive")
	// ErrInsecurePath means a name inside an archive, or a source path, would
	// leave the archive or the output folder (../, an absolute path, a drive
	// letter or a backslash).
	ErrInsecurePath = errors.New("refi: insecure path")
	// ErrLimit means the input exceeds one of the reader's [Limits].
	ErrLimit = errors.New("refi: limit exceeded")
	// ErrStrict is the cause of the error a [Reader] with Strict set returns
	// for the first warning it meets.
	ErrStrict = errors.New("refi: warning in strict mode")
	// ErrNotFound means a source file named by the project is not in the
	// archive (or folder) the project was read from.
	ErrNotFound = errors.New("refi: source file not found")
	// ErrPosition means a selection's positions do not lie on its text, or
	// cannot be expressed in the unit asked for.
	ErrPosition = errors.New("refi: position outside the text")
)

// Causes found in FormatError.Err.
var (
	// ErrSyntax means the XML is not well-formed.
	ErrSyntax = errors.New("XML is not well-formed")
	// ErrEncoding means the document's character encoding is not supported
	// or its bytes are not valid in that encoding.
	ErrEncoding = errors.New("invalid character encoding")
)

// A FormatError reports a problem at one place of a REFI-QDA document: the
// file inside the archive, the element path with sibling indices (for
// example /Project/Sources/TextSource[3]/PlainTextSelection[12]), the GUID of
// the nearest element that has one, the attribute when one is at fault, and
// the line when it is known.
type FormatError struct {
	File string // "project.qde", the .qdc name, or "" when unknown
	Path string
	GUID GUID
	Attr string
	Line int
	Err  error
}

// Error returns the error on one line, prefixed with "refi: ".
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("refi: ")
	writeLocation(&b, e.File, e.Line, e.Path, e.GUID, e.Attr)
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "refi: "))
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *FormatError) Unwrap() error { return e.Err }

func writeLocation(b *strings.Builder, file string, line int, path string, guid GUID, attr string) {
	if len(guid) > 64 {
		// not a GUID, and perhaps a hostile one: keep messages readable
		guid = GUID(clip([]byte(guid)))
	}
	if file != "" {
		b.WriteString(file)
		if line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(line))
		}
		b.WriteString(": ")
	} else if line > 0 {
		fmt.Fprintf(b, "line %d: ", line)
	}
	if path != "" {
		b.WriteString(path)
		if guid != "" {
			fmt.Fprintf(b, " (guid %s)", guid)
		}
		if attr != "" {
			b.WriteString(" @")
			b.WriteString(attr)
		}
		b.WriteString(": ")
	} else if guid != "" {
		fmt.Fprintf(b, "guid %s: ", guid)
	}
}
