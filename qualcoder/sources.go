package qualcoder

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// source is a row of the source table and what it became.
type source struct {
	id   int64
	name string
	kind string // text, pdf, picture, audio, video
	src  refi.Source
	// txt is the text codings go into: the TextSource itself, or a PDF's
	// Representation; nil for media.
	txt  *refi.TextSource
	text *runeText // nil when the source has no text (or it was too long)
}

// The folders of a QualCoder project and the media path prefixes that
// name them: "/docs/x.docx" is documents/x.docx in the project folder,
// "docs:/home/me/x.docx" a file linked from outside.
var mediaDirs = []struct{ internal, linked, dir, kind string }{
	{"/docs/", "docs:", "documents", "text"},
	{"/images/", "images:", "images", "picture"},
	{"/audio/", "audio:", "audio", "audio"},
	{"/video/", "video:", "video", "video"},
}

// classify returns the kind of source a mediapath names, and the file:
// dir/rel inside the project folder, or linked outside it.
func classify(mp, name string) (kind, dir, rel, linked string, ok bool) {
	if mp == "" {
		return "text", "", "", "", true
	}
	for _, m := range mediaDirs {
		switch {
		case strings.HasPrefix(mp, m.internal):
			kind, dir, rel = m.kind, m.dir, mp[len(m.internal):]
		case strings.HasPrefix(mp, m.linked):
			kind, linked = m.kind, mp[len(m.linked):]
		default:
			continue
		}
		if kind == "text" && (strings.HasSuffix(strings.ToLower(name), ".pdf") || strings.HasSuffix(strings.ToLower(rel+linked), ".pdf")) {
			kind = "pdf"
		}
		return kind, dir, rel, linked, true
	}
	return "text", "", "", "", false
}

// readSources reads the source table into text, PDF, picture, audio and
// video sources.
func (rd *read) readSources() error {
	cols := []string{"id", "name", "fulltext", "mediapath", "memo", "owner", "date", "av_text_id", "risid"}
	return rd.query("source", cols, "ORDER BY id", func(row *sqlitedb.Row) error {
		id, ok := row.Int("id")
		if !ok {
			rd.warn(WarnBadValue, "source", 0, "a source without an id is left out")
			return nil
		}
		if _, dup := rd.sources[id]; dup {
			rd.warn(WarnBadValue, "source", id, "a second source with this id is left out")
			return nil
		}
		s := &source{id: id, name: rd.text(row, "source", id, "name")}
		mp := strings.TrimSpace(rd.text(row, "source", id, "mediapath"))
		kind, dir, rel, linked, known := classify(mp, s.name)
		if !known {
			rd.warn(WarnMediaKind, "source", id, "media path %q is none QualCoder writes (/docs/, /images/, /audio/, /video/ or docs:, images:, audio:, video:); read as a text source", short(mp))
		}
		s.kind = kind
		base := refi.SourceBase{GUID: gid("source", id), Name: s.name, Description: rd.text(row, "source", id, "memo")}
		base.CreatingUser = rd.user(rd.text(row, "source", id, "owner"))
		base.Created = rd.date(row, "source", id, "date")

		var full string
		hasText := false
		if row.Oversize("fulltext") {
			rd.warn(WarnOversize, "source", id, "the text of %q (%d bytes) is over the limit of %d bytes and left out; its text codings cannot be placed", short(s.name), row.Size("fulltext"), rd.maxVal)
		} else {
			full, hasText = row.Text("fulltext")
			if err := rd.spend("source", id, len(full)); err != nil {
				return err
			}
		}
		file := rd.mediaFile(id, s.name, dir, rel, linked)
		switch kind {
		case "text", "pdf":
			t := &refi.TextSource{}
			if hasText || kind == "text" {
				name := string(gid("source-text", id)) + ".txt"
				rd.files.data[name] = textFile(full)
				t.PlainTextPath = "internal://" + name
				s.text = newRuneText(full)
			}
			if kind == "pdf" {
				t.GUID, t.Name = gid("source-representation", id), s.name
				s.src = &refi.PDFSource{SourceBase: base, Path: file, Representation: t}
			} else {
				t.SourceBase = base
				t.RichTextPath = file
				s.src = t
			}
			s.txt = t
		case "picture":
			s.src = &refi.PictureSource{SourceBase: base, Path: file}
		case "audio":
			s.src = &refi.AudioSource{SourceBase: base, Path: file}
		case "video":
			s.src = &refi.VideoSource{SourceBase: base, Path: file}
		}
		if kind != "text" && kind != "pdf" && full != "" {
			rd.rep.mediaText++
		}
		rd.count(s.src.Element())
		rd.sources[id] = s
		rd.srcOrder = append(rd.srcOrder, s)
		rd.proj.Sources = append(rd.proj.Sources, s.src)
		if v, ok := row.Int("av_text_id"); ok && v != 0 {
			rd.rep.avTextLinks++
		}
		if v, ok := row.Int("risid"); ok && v != 0 {
			rd.rep.risLinks++
		}
		return nil
	})
}

// count counts a source made.
func (rd *read) count(element string) {
	r := rd.rep
	r.Sources++
	switch element {
	case "TextSource":
		r.TextSources++
	case "PDFSource":
		r.PDFSources++
	case "PictureSource":
		r.PictureSources++
	case "AudioSource":
		r.AudioSources++
	case "VideoSource":
		r.VideoSources++
	}
}

// mediaFile returns the path the source's file gets in the project:
// internal://GUID.ext for a file of the project folder that is there (and
// then put in Files), absolute://... for a linked one, "" for none.
func (rd *read) mediaFile(id int64, name, dir, rel, linked string) string {
	if linked != "" {
		rd.rep.LinkedFiles++
		rd.warn(WarnLinkedFile, "source", id, "the file of %q is linked from outside the project folder (%s); it is named but not read", short(name), short(linked))
		p := filepath.ToSlash(linked)
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		return "absolute://" + p
	}
	if dir == "" || rd.r.NoMedia {
		return ""
	}
	if rel == "" || !filepath.IsLocal(rel) || strings.ContainsAny(rel, `\:`) || !fs.ValidPath(rel) {
		rd.warn(WarnUnsafePath, "source", id, "media path %q leaves the project folder; the file is not read", short(dir+"/"+rel))
		return ""
	}
	full := filepath.Join(rd.dir, dir, filepath.FromSlash(rel))
	if linkOnWay(rd.dir, dir+"/"+path.Dir(rel)) {
		rd.warn(WarnUnsafePath, "source", id, "a folder on the way to %s is a symbolic link; the file is not read", short(dir+"/"+rel))
		return ""
	}
	fi, err := os.Lstat(full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		rd.rep.MissingFiles++
		rd.warn(WarnMissingFile, "source", id, "the file of %q, %s, is not in the project folder; the source is kept without it", short(name), short(dir+"/"+rel))
		return ""
	case err != nil:
		rd.rep.MissingFiles++
		rd.warn(WarnMissingFile, "source", id, "the file %s cannot be read: %v", short(dir+"/"+rel), err)
		return ""
	case !fi.Mode().IsRegular():
		rd.warn(WarnUnsafePath, "source", id, "%s is not a regular file (a link, a folder or a device); it is not read", short(dir+"/"+rel))
		return ""
	}
	maxMedia := rd.r.MaxMediaBytes
	if maxMedia <= 0 {
		maxMedia = DefaultMaxMediaBytes
	}
	if fi.Size() > maxMedia {
		rd.warn(WarnOversize, "source", id, "%s (%d bytes) is over the limit of %d bytes; it is left out", short(dir+"/"+rel), fi.Size(), maxMedia)
		return ""
	}
	ext := strings.ToLower(path.Ext(rel))
	if len(ext) > 10 || strings.ContainsAny(ext, " /") {
		ext = ""
	}
	fname := string(gid("source-file", id)) + ext
	rd.files.disk[fname] = diskFile{path: full, size: fi.Size()}
	rd.rep.MediaFiles++
	return "internal://" + fname
}

// bom is the byte-order mark, U+FEFF in UTF-8.
const bom = "\uFEFF"

// textFile returns the bytes of a source's text file. A text that itself
// begins with U+FEFF (QualCoder keeps the byte-order marks of the files it
// imported) gets one more in front: readers of REFI-QDA take a leading
// byte-order mark for the encoding's and do not count it, so without it
// every position would be one off.
func textFile(s string) []byte {
	if strings.HasPrefix(s, bom) {
		return []byte(bom + s)
	}
	return []byte(s)
}

// linkOnWay reports whether a folder of rel (slash-separated, under root)
// is a symbolic link or not a folder.
func linkOnWay(root, rel string) bool {
	p := root
	for _, part := range strings.Split(rel, "/") {
		if part == "." || part == "" {
			continue
		}
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if err != nil {
			return false // missing: reported as a missing file
		}
		if !fi.IsDir() {
			return true
		}
	}
	return false
}
