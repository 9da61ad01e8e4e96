package refi

import (
	"fmt"
	"strings"
)

// checkSources warns about source paths that are unsafe, odd or missing.
func (a *archive) checkSources(p *Project, ws *warnings, file string) {
	a.sourceWarnings(p, file, false, ws.add)
}

// sourceWarnings passes add a warning for each source path of p that is
// unsafe, odd or missing, and for a sources folder other than sources/.
// Internal files of a document read without its folder are missing only
// when all is set.
func (a *archive) sourceWarnings(p *Project, file string, all bool, add func(Warning)) {
	usedCapital := false
	// a path named again is looked for in a folder once
	type found struct {
		ok    bool
		where string
	}
	var seen map[string]found
	exists := func(pth string, res resolved) (bool, string) {
		if a.zr != nil && res.external == "" {
			return a.exists(res) // in the archive's index
		}
		if f, ok := seen[pth]; ok {
			return f.ok, f.where
		}
		if seen == nil {
			seen = map[string]found{}
		}
		ok, where := a.exists(res)
		seen[pth] = found{ok, where}
		return ok, where
	}
	eachTextPath(p, func(owner string, guid GUID, attr, pth string) {
		if pth == "" {
			return
		}
		res := a.resolve(pth)
		switch {
		case res.why != "":
			code := WarnInsecurePath
			if res.unsafe == "" {
				code = WarnSourcePath
			}
			add(Warning{Code: code, File: file, Path: owner, GUID: guid, Attr: attr, Message: res.why})
			return
		case res.quirk != "":
			add(Warning{Code: WarnSourcePath, File: file, Path: owner, GUID: guid, Attr: attr, Message: res.quirk})
		}
		ok, where := exists(pth, res)
		if !ok {
			if where == noFolder && !all {
				return
			}
			if where != "" {
				add(Warning{Code: WarnMissingSource, File: file, Path: owner, GUID: guid, Attr: attr,
					Message: fmt.Sprintf("source file %q is not in %s", pth, where)})
			}
			return
		}
		if res.file != nil && !strings.HasPrefix(res.file.Name, a.prefix+"sources/") {
			usedCapital = true
		}
	})
	if usedCapital {
		where := "at the archive root"
		if a.sourcesDir != "" && a.sourcesDir != a.prefix+"sources/" {
			where = "in " + a.sourcesDir
		}
		add(Warning{Code: WarnSourcesFolder, File: file, Message: fmt.Sprintf("source files are %s, not in sources/; found case-insensitively", where)})
	}
}

// PlainTextPaths returns every plain-text file path the project names (of
// text sources, PDF representations, picture descriptions, transcripts and
// notes), each once, in the order the project names them.
func (p *Project) PlainTextPaths() []string {
	var paths []string
	seen := map[string]bool{}
	eachTextPath(p, func(_ string, _ GUID, attr, pth string) {
		if attr == "plainTextPath" && pth != "" && !seen[pth] {
			seen[pth] = true
			paths = append(paths, pth)
		}
	})
	return paths
}

// eachTextPath calls fn for every file path a project names.
func eachTextPath(p *Project, fn func(owner string, guid GUID, attr, path string)) {
	text := func(owner string, t *TextSource) {
		fn(owner, t.GUID, "plainTextPath", t.PlainTextPath)
		fn(owner, t.GUID, "richTextPath", t.RichTextPath)
	}
	for i, s := range p.Sources {
		owner := fmt.Sprintf("/Project/Sources/%s[%d]", s.Element(), i+1)
		switch s := s.(type) {
		case *TextSource:
			text(owner, s)
		case *PictureSource:
			fn(owner, s.GUID, "path", s.Path)
			if s.TextDescription != nil {
				text(owner+"/TextDescription", s.TextDescription)
			}
		case *PDFSource:
			fn(owner, s.GUID, "path", s.Path)
			if s.Representation != nil {
				text(owner+"/Representation", s.Representation)
			}
		case *AudioSource:
			fn(owner, s.GUID, "path", s.Path)
			for j, t := range s.Transcripts {
				fn(fmt.Sprintf("%s/Transcript[%d]", owner, j+1), t.GUID, "plainTextPath", t.PlainTextPath)
				fn(fmt.Sprintf("%s/Transcript[%d]", owner, j+1), t.GUID, "richTextPath", t.RichTextPath)
			}
		case *VideoSource:
			fn(owner, s.GUID, "path", s.Path)
			for j, t := range s.Transcripts {
				fn(fmt.Sprintf("%s/Transcript[%d]", owner, j+1), t.GUID, "plainTextPath", t.PlainTextPath)
				fn(fmt.Sprintf("%s/Transcript[%d]", owner, j+1), t.GUID, "richTextPath", t.RichTextPath)
			}
		}
	}
	for i, n := range p.Notes {
		text(fmt.Sprintf("/Project/Notes/Note[%d]", i+1), n)
	}
}
