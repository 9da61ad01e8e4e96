package sample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
)

// SpecFile is the name of the declarative project description inside the
// content tree read by [Generate].
const SpecFile = "project.json"

// spec is the declarative description of the sample project, read from
// content/project.json. Everything that NVivo would compute (GUIDs,
// character offsets, file names) is derived by the generator; the spec holds
// only what a human decided.
type spec struct {
	Project     projectSpec      `json:"project"`
	Users       []userSpec       `json:"users"`
	Codes       []*codeSpec      `json:"codes"`
	Variables   []variableSpec   `json:"variables"`
	Sources     []fileSpec       `json:"sources"`
	Cases       []caseSpec       `json:"cases"`
	Notes       []fileSpec       `json:"notes"`
	Annotations []annotationSpec `json:"annotations"`
	Sets        []setSpec        `json:"sets"`
	Codings     []sessionSpec    `json:"codings"`
}

type projectSpec struct {
	Name        string `json:"name"`
	Origin      string `json:"origin"`
	Description string `json:"description"`
	CreatedBy   string `json:"createdBy"`
	Created     string `json:"created"`
	ModifiedBy  string `json:"modifiedBy"`
	Modified    string `json:"modified"`
}

// userSpec is a coder. Key is the short name used elsewhere in the spec
// (initials).
type userSpec struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// codeSpec is a node of the code tree. Code names must be unique across the
// whole tree: codings refer to codes by name.
type codeSpec struct {
	Name        string      `json:"name"`
	NotCodable  bool        `json:"notCodable"`
	Color       string      `json:"color"`
	Description string      `json:"description"`
	Memo        string      `json:"memo"` // key of a note attached with NoteRef
	Children    []*codeSpec `json:"children"`
}

type variableSpec struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

// fileSpec describes a text source or a note whose plain text lives in a
// content file (UTF-8, LF line endings, no BOM).
type fileSpec struct {
	Key        string `json:"key"`
	Name       string `json:"name"`
	File       string `json:"file"`
	CreatedBy  string `json:"createdBy"`
	Created    string `json:"created"`
	ModifiedBy string `json:"modifiedBy"`
	Modified   string `json:"modified"`
}

// caseSpec is a participant. Values maps variable names to lexical values;
// a variable that is absent has no value for this case.
type caseSpec struct {
	Key    string            `json:"key"`
	Name   string            `json:"name"`
	Source string            `json:"source"`
	Values map[string]string `json:"values"`
}

// annotationSpec attaches a note to the first selection produced by the
// coding item whose id is Coding, with a Link (NVivo's annotation shape).
type annotationSpec struct {
	Note   string `json:"note"`
	Coding string `json:"coding"`
}

type setSpec struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Sources     []string `json:"sources"`
}

// sessionSpec is one coder's coding session on one source. The n-th coding
// of the session is stamped Start + n*codingInterval.
type sessionSpec struct {
	Source string     `json:"source"`
	Coder  string     `json:"coder"`
	Start  string     `json:"start"`
	Items  []itemSpec `json:"items"`
}

// itemSpec is one coded passage, given by its exact text (LF line breaks).
// Occurrence (1-based) picks one of several identical passages; it must be
// given when, and only when, the passage occurs more than once. Each code
// produces its own PlainTextSelection, as NVivo does. Case, if set, codes
// the passage at that case instead (NVivo's case coding).
type itemSpec struct {
	ID         string   `json:"id"`
	Codes      []string `json:"codes"`
	Case       string   `json:"case"`
	Text       string   `json:"text"`
	Occurrence int      `json:"occurrence"`
}

func loadSpec(content fs.FS) (*spec, error) {
	data, err := fs.ReadFile(content, SpecFile)
	if err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s spec
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("sample: %s: %w", SpecFile, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("sample: %s: trailing data after the JSON object", SpecFile)
	}
	return &s, nil
}
