// Package serve is the serve subcommand of qdabridge: a page in the
// browser, served on this computer only, where a researcher who does not
// use a terminal converts a project the way the convert subcommand does,
// reads its report, downloads the result and browses its excerpts.
//
// The server listens on 127.0.0.1 only; every request must carry the
// random token of the address it prints, and name it 127.0.0.1:PORT or
// localhost:PORT in its Host header (so that a web site cannot reach it
// through a DNS name of its own). The page loads nothing from elsewhere.
// Uploads are bounded and kept in a private temporary folder, removed
// when each conversion is done and when the server stops.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
)

// Command returns the serve subcommand.
func Command() *cobra.Command {
	var port int
	var noBrowser bool
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Convert projects in a page of your web browser, without a terminal",
		Long: `Start a page in your web browser where you drop a project (.qdpx, .qde,
.qdc), a project workbook (.xlsx), an RQDA project (.rqda), a Taguette
project database (.sqlite3), QualCoder's data.qda, or the coded segments
exported by NVivo, MAXQDA, ATLAS.ti, Taguette or QualCoder with their
transcripts,
choose the tool to convert for, read in plain words what was converted,
renamed or lost, download the result and browse its excerpts.

The page is served by this computer to itself only (127.0.0.1), at an
address with a random token that qdabridge prints and opens in your browser;
a request without the token is refused. Nothing is sent anywhere else: the
page loads nothing from the internet. The files you give are kept in a
private temporary folder while they are converted, and everything is removed
when the server stops (Ctrl-C).

Exit status: 130 (143) when stopped by SIGINT (SIGTERM), 1 when the server
cannot start, 2 on a usage error.`,
		Example: `  qdabridge serve
  qdabridge serve --port 8765 --no-browser`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if port < 0 || port > 65535 {
				return cli.Usage("--port: %d is not a port (0 to 65535; 0 picks a free one)", port)
			}
			return run(cmd.Context(), cmd.CommandPath(), port, !noBrowser, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().IntVar(&port, "port", 0, "`PORT` to listen on at 127.0.0.1 (0: any free port)")
	cmd.Flags().BoolVar(&noBrowser, "no-browser", false, "print the address without opening the browser")
	return cmd
}

// run serves until ctx is done or the process is interrupted (then the
// Cleanup removes the folder of uploads and results and exits 130 or 143).
func run(ctx context.Context, name string, port int, browser bool, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("cannot listen on 127.0.0.1:%d: %w", port, err)
	}
	cl, err := cmdutil.StartCleanup("qdabridge-serve", stderr)
	if err != nil {
		ln.Close()
		return err
	}
	defer cl.Close()
	s := &Server{Token: NewToken(), Port: ln.Addr().(*net.TCPAddr).Port, Cleanup: cl}
	u := fmt.Sprintf("http://127.0.0.1:%d/?token=%s", s.Port, s.Token)
	fmt.Fprintf(stdout, "qdabridge is ready at %s\n", u)
	fmt.Fprintln(stdout, "Keep this window open while you use the page; Ctrl-C stops the server and removes every file given to it.")
	if browser {
		if err := openBrowser(u); err != nil {
			fmt.Fprintf(stderr, "%s: could not open the browser (%v): open the address above yourself\n", name, err)
		}
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openBrowser opens u in the user's browser and does not wait for it.
func openBrowser(u string) error {
	var c *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		c = exec.Command("open", u)
	case "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		c = exec.Command("xdg-open", u)
	}
	if err := c.Start(); err != nil {
		return err
	}
	go c.Wait()
	return nil
}
