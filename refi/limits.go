package refi

// Limits bound what a reader accepts, so that hostile or broken input (zip
// bombs, endless nesting, gigantic attributes) fails with an error wrapping
// [ErrLimit] instead of exhausting memory, time or disk. A zero field takes
// its default.
//
// The defaults leave a wide margin over real projects, and keep the memory a
// hostile file can make the reader use under about 100 MB beyond what the
// project itself holds. For scale: the largest project of the real-world
// test corpus (NVivo for Windows 12.6, 1.4 MB) has 5 archive entries
// totalling 2.6 MB, a largest entry of 672 KB, a project.qde of 217 KB
// nested 10 elements deep whose longest attribute or text node is 410 bytes,
// and entries that compress at most 7.4 to 1; a generated project with
// 200,000 codings has 1,031 entries and a project.qde of 73 MB that
// compresses 5.5 to 1; a million-coding project has a project.qde of about
// 450 MB.
type Limits struct {
	// MaxEntries is the largest number of entries a .qdpx archive may have.
	// It is checked against the archive's directory before the directory is
	// read. Default 200,000.
	MaxEntries int
	// MaxEntrySize is the largest uncompressed size of one archive entry.
	// Default 2 GiB, the standard's own maximum for an internal file.
	MaxEntrySize int64
	// MaxTotalSize is the largest total uncompressed size of all entries.
	// Default 64 GiB.
	MaxTotalSize int64
	// MaxProjectSize is the largest project.qde (or .qdc) the reader will
	// parse, in bytes. Default 8 GiB.
	MaxProjectSize int64
	// MaxDepth is the deepest element nesting allowed. Default 256 (a code
	// tree 250 levels deep). It holds over the whole document, the
	// processing instructions in which the writer keeps extensions
	// included: an extension read back from one may nest as deep as the
	// document could where the instruction stands, and no deeper, so that
	// whatever was read as an extension is read back from the file the
	// writer makes of it.
	MaxDepth int
	// MaxTextSize is the largest single text node, attribute value,
	// extension element or source text file the reader holds in memory.
	// Default 16 MiB, some 2.5 million words.
	MaxTextSize int64
	// MaxCompressionRatio is the largest ratio of uncompressed to
	// compressed size accepted for an archive entry the reader inflates
	// (the project document and text files) when the entry is larger than
	// 1 MiB. Zip bombs compress a thousand to one, real projects about ten
	// to one. Entries that are only copied (media files) are never
	// inflated and not checked. Default 100.
	MaxCompressionRatio int64
}

// Default limits.
const (
	defaultMaxEntries          = 200_000
	defaultMaxEntrySize        = 2 << 30
	defaultMaxTotalSize        = 64 << 30
	defaultMaxProjectSize      = 8 << 30
	defaultMaxDepth            = 256
	defaultMaxTextSize         = 16 << 20
	defaultMaxCompressionRatio = 100
)

// WithDefaults returns l with every zero or negative field set to its
// default (the defaults are given on each field).
func (l Limits) WithDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = defaultMaxEntries
	}
	if l.MaxEntrySize <= 0 {
		l.MaxEntrySize = defaultMaxEntrySize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = defaultMaxTotalSize
	}
	if l.MaxProjectSize <= 0 {
		l.MaxProjectSize = defaultMaxProjectSize
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = defaultMaxDepth
	}
	if l.MaxTextSize <= 0 {
		l.MaxTextSize = defaultMaxTextSize
	}
	if l.MaxCompressionRatio <= 0 {
		l.MaxCompressionRatio = defaultMaxCompressionRatio
	}
	return l
}
