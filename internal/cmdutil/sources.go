package cmdutil

import (
	"fmt"
	"io/fs"
	"os"
)

// SourcesFS opens dir, a folder of source files named on the command line,
// as a file system confined to it: paths and symbolic links that lead out
// of dir fail instead of reading other files of the user's (the folder is
// opened with os.OpenRoot). The folder stays open until the returned file
// system is garbage-collected, as long as a command runs. It fails when dir
// is not a folder that can be opened.
func SourcesFS(dir string) (fs.FS, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return root.FS(), nil
}
