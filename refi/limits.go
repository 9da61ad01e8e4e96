package refi

// Limits bound what a reader accepts, so that hostile or broken input (zip
// bombs, endless nesting, gigantic attributes) fails with an error wrapping
// [ErrLimit] instead of exhausting memory. A zero field takes its default.
// The defaults leave a wide margin over the largest real projects: a
// million-coding project has a project.qde of about 450 MB and texts of a few
// hundred kilobytes.
type Limits struct {
	// MaxEntries is the largest number of entries a .qdpx archive may have.
	// Default 200,000.
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
	// tree 250 levels deep).
	MaxDepth int
	// MaxTextSize is the largest single text node, attribute value or
	// source text file the reader holds in memory. Default 256 MiB.
	MaxTextSize int64
}

// Default limits.
const (
	DefaultMaxEntries     = 200_000
	DefaultMaxEntrySize   = 2 << 30
	DefaultMaxTotalSize   = 64 << 30
	DefaultMaxProjectSize = 8 << 30
	DefaultMaxDepth       = 256
	DefaultMaxTextSize    = 256 << 20
)

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxEntrySize <= 0 {
		l.MaxEntrySize = DefaultMaxEntrySize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = DefaultMaxTotalSize
	}
	if l.MaxProjectSize <= 0 {
		l.MaxProjectSize = DefaultMaxProjectSize
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxTextSize <= 0 {
		l.MaxTextSize = DefaultMaxTextSize
	}
	return l
}
