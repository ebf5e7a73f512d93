package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Options configure a Renderer; zero fields take the defaults.
type Options struct {
	// Chromium is the browser's executable (default /usr/bin/chromium).
	Chromium string
	// InFlight bounds the PDFs rendered at once in this process (default
	// 2): each holds a renderer process of about 120 MB.
	InFlight int
	// Timeout bounds the making of one PDF (default 30 s).
	Timeout time.Duration
}

// Defaults of Options.
const (
	DefaultChromium = "/usr/bin/chromium"
	DefaultInFlight = 2
	DefaultTimeout  = 30 * time.Second
)

// ErrBusy means InFlight PDFs are being rendered already; try again in a
// few seconds.
var ErrBusy = errors.New("too many PDFs being made")

// ErrClosed means the Renderer was closed.
var ErrClosed = errors.New("pdf renderer closed")

// Renderer prints HTML documents to PDF in one headless Chromium, started
// at the first PDF and shared by every one after it, at most InFlight at
// once, each in a tab of its own.
type Renderer struct {
	opts  Options
	slots chan struct{}

	mu      sync.Mutex
	closed  bool
	browser context.Context // nil until started, or after the browser died
	stop    func()
}

// New is a Renderer; it starts no browser until the first PDF.
func New(opts Options) *Renderer {
	if opts.Chromium == "" {
		opts.Chromium = DefaultChromium
	}
	if opts.InFlight <= 0 {
		opts.InFlight = DefaultInFlight
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	return &Renderer{opts: opts, slots: make(chan struct{}, opts.InFlight)}
}

// Render prints a whole HTML document to an A4 PDF: tagged, with an
// outline (bookmarks) from its headings, its title and language from the
// document's <title> and <html lang>. The document is set into a blank tab
// with JavaScript off and every network request blocked, so it must carry
// its styles inline and cannot reach anything. ErrBusy when InFlight PDFs
// are being made; the error of ctx when it ends or the Timeout passes.
func (r *Renderer) Render(ctx context.Context, html []byte) ([]byte, error) {
	select {
	case r.slots <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	defer func() { <-r.slots }()
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	browser, err := r.start(ctx)
	if err != nil {
		return nil, err
	}
	// A tab of its own, in a browser context of its own (no cookies,
	// cache or storage shared with another PDF), closed at the end. The
	// tab's context derives from the browser's, so ctx ending must end it
	// too.
	tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer closeTab()
	stopAfter := context.AfterFunc(ctx, closeTab)
	defer stopAfter()
	out, err := printDocument(tab, html)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("render pdf: %w", ctx.Err())
		}
		if browser.Err() != nil {
			r.forget(browser)
		}
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	return out, nil
}

func printDocument(tab context.Context, html []byte) ([]byte, error) {
	if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		return nil, fmt.Errorf("turn JavaScript off: %w", err)
	}
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		return nil, fmt.Errorf("enable network: %w", err)
	}
	// Our documents reference nothing; should one ever do, it is not
	// fetched (no request to the portal's network from its own PDFs).
	if _, err := chromedp.Call(tab, network.SetBlockedURLs, network.SetBlockedURLsParams{
		URLPatterns: []*network.BlockPattern{{URLPattern: "*://*:*/*", Block: true}}}); err != nil {
		return nil, fmt.Errorf("block network: %w", err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		return nil, fmt.Errorf("open blank page: %w", err)
	}
	tree, err := chromedp.Call(tab, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return nil, fmt.Errorf("read frame: %w", err)
	}
	if _, err := chromedp.Call(tab, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: string(html)}); err != nil {
		return nil, fmt.Errorf("set document: %w", err)
	}
	out, err := chromedp.Run(tab, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFMargins(0.6, 0.7, 0.7, 0.7),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFFooterTemplate(`<div style="font-size:8pt;width:100%;text-align:center;font-family:sans-serif">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`),
		chromedp.PDFHeaderTemplate(`<span></span>`),
		chromedp.PDFStream(),
	))
	if err != nil {
		return nil, fmt.Errorf("print: %w", err)
	}
	return out, nil
}

// start is the running browser, started now if it is not.
func (r *Renderer) start(ctx context.Context) (context.Context, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	if r.browser != nil && r.browser.Err() == nil {
		return r.browser, nil
	}
	if r.stop != nil {
		r.stop()
	}
	// The browser lives until Close, not for the request that started it:
	// its context is its own.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(r.opts.Chromium),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
	}
	if os.Geteuid() == 0 {
		// Chromium refuses its sandbox as root (dev machines, CI); the
		// portal in production runs as a user and keeps it.
		opts = append(opts, chromedp.NoSandbox)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	stop := func() {
		cancelBrowser()
		cancelAlloc()
	}
	// The first Run starts the process; it must not carry ctx's deadline,
	// which would end the browser with the request.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browser) }()
	select {
	case err := <-started:
		if err != nil {
			stop()
			return nil, fmt.Errorf("start %s: %w", r.opts.Chromium, err)
		}
	case <-ctx.Done():
		stop()
		<-started
		return nil, fmt.Errorf("start %s: %w", r.opts.Chromium, ctx.Err())
	}
	r.browser, r.stop = browser, stop
	return browser, nil
}

// forget drops a browser that died, so that the next PDF starts another.
func (r *Renderer) forget(browser context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.browser == browser {
		r.stop()
		r.browser, r.stop = nil, nil
	}
}

// BrowserPID is the process id of the running browser, 0 when none runs:
// for measurements of its memory.
func (r *Renderer) BrowserPID() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.browser == nil {
		return 0
	}
	if c := chromedp.FromContext(r.browser); c != nil && c.Browser != nil {
		if p := c.Browser.Process(); p != nil {
			return p.Pid
		}
	}
	return 0
}

// Close stops the browser, waiting for it to end; PDFs asked for after it
// get ErrClosed.
func (r *Renderer) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.stop != nil {
		r.stop()
		r.browser, r.stop = nil, nil
	}
}
