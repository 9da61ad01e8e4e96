package serve

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/sample"
)

// findChromium returns the path of a Chromium or Chrome, or "".
func findChromium() string {
	if p := os.Getenv("QDABRIDGE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the page in a real, headless Chromium: it uploads
// the sample through the file input, converts it for each target, reads
// the numbers of the report shown, downloads and checks the result, and
// checks that a hostile file name is shown as text and that no request
// leaves the page's origin. With QDABRIDGE_SCREENSHOT=path set, it saves
// a screenshot of the page with a report shown at path.
func TestBrowser(t *testing.T) {
	chromium := findChromium()
	if chromium == "" {
		t.Skip("no chromium found (install Debian's chromium, or set QDABRIDGE_CHROMIUM): the page is tested over HTTP only")
	}
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	s, ts := newTestServer(t, 0)
	origin := ts.URL // http://127.0.0.1:PORT

	dir := t.TempDir()
	samplePath := filepath.Join(dir, sample.FileName)
	require.NoError(t, os.WriteFile(samplePath, sample.QDPX, 0o600))
	const hostile = `<img src=x onerror=alert(1)>.qdpx`
	hostilePath := filepath.Join(dir, hostile)
	require.NoError(t, os.WriteFile(hostilePath, sample.QDPX, 0o600))

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1000, 700),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(ctx)
	defer cancelTab()

	var mu sync.Mutex
	var requests, dialogs []string
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		case *page.EventJavascriptDialogOpening:
			dialogs = append(dialogs, ev.Message)
		}
	}))
	enableNetwork := chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
		return chromedp.Void{}, err
	})
	require.NoError(t, chromedp.Do(ctx,
		enableNetwork,
		chromedp.EmulateViewport(1000, 700),
		chromedp.Navigate(origin+"/?token="+url.QueryEscape(s.Token)),
		chromedp.WaitVisible(chromedp.ID("convert")),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{samplePath}),
	))

	// convert runs one conversion from the page and waits for its report.
	convert := func(t *testing.T, target string) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx,
			chromedp.SetValue(chromedp.ID("target"), target),
			chromedp.Click(chromedp.ID("convert")),
		))
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](
			`document.getElementById("status").textContent === "Converted." && !document.getElementById("result").hidden`,
			chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			status, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.ID("status")))
			require.NoError(t, err, "status: %s", status)
		}
	}
	count := func(t *testing.T, key string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(fmt.Sprintf(`#summary [data-count=%q] b`, key))))
		require.NoError(t, err)
		return v
	}

	for _, target := range []string{"spec", "nvivo", "atlasti", "maxqda", "qualcoder", "xlsx", "csv"} {
		t.Run(target, func(t *testing.T) {
			convert(t, target)
			assert.Equal(t, "86", count(t, "codings"))
			assert.Equal(t, "7", count(t, "cases"))
			name, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("download").getAttribute("download")`))
			require.NoError(t, err)
			// the download as the page's link gives it, fetched by the page
			b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.getElementById("download").href)
				.then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))
				.then(b => { let s = ""; const a = new Uint8Array(b); for (let i = 0; i < a.length; i += 8192) s += String.fromCharCode.apply(null, a.subarray(i, i + 8192)); return btoa(s); })`,
				chromedp.EvalAwaitPromise))
			require.NoError(t, err)
			data, err := base64.StdEncoding.DecodeString(b64)
			require.NoError(t, err)
			checkDownload(t, name, data)
			if target == "nvivo" {
				// the excerpts to browse, filtered by text
				_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#excerpts tbody tr").length > 0`,
					chromedp.WithPollingTimeout(10*time.Second)))
				require.NoError(t, err)
				all, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#excerpts tbody tr").length`))
				require.NoError(t, err)
				require.NoError(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-text"), "garden")))
				some, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#excerpts tbody tr").length`))
				require.NoError(t, err)
				assert.Less(t, some, all)
				assert.NotZero(t, some)
				if path := os.Getenv("QDABRIDGE_SCREENSHOT"); path != "" {
					require.NoError(t, chromedp.Do(ctx,
						chromedp.Evaluate[chromedp.Void](`const f = document.getElementById("f-text"); f.value = ""; f.dispatchEvent(new Event("input")); window.scrollTo(0, document.getElementById("result").offsetTop - 10)`)))
					png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
					require.NoError(t, err)
					require.NoError(t, os.WriteFile(path, png, 0o644))
				}
			}
		})
	}

	t.Run("hostile file name", func(t *testing.T) {
		require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("files"), []string{hostilePath})))
		convert(t, "spec")
		imgs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("img").length`))
		require.NoError(t, err)
		assert.Zero(t, imgs, "no element injected")
		summary, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.ID("summary")))
		require.NoError(t, err)
		assert.Contains(t, summary, hostile, "the name is shown as text")
		list, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.ID("files-list")))
		require.NoError(t, err)
		assert.Equal(t, hostile, list)
	})

	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, dialogs, "no script of a file ran")
	require.NotEmpty(t, requests)
	for _, u := range requests {
		assert.True(t, strings.HasPrefix(u, origin+"/"), "request outside the page's origin: %s", u)
	}
	assert.True(t, bytes.Contains([]byte(strings.Join(requests, "\n")), []byte("/convert?target=qualcoder")))
}
