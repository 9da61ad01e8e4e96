package nvivo

import (
	"github.com/qdabridge/qdabridge/internal/guid"
	"github.com/qdabridge/qdabridge/refi"
)

// guidFor returns the GUID derived from id, the same each time, so that
// converting the same input twice gives the same project.
func guidFor(id string) refi.GUID { return refi.GUID(guid.For(id)) }
