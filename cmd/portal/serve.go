package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/evidenceportal/portal/api"
	"github.com/evidenceportal/portal/api/signin"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/pdf"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
	"github.com/evidenceportal/portal/internal/tusstore"
	"github.com/evidenceportal/portal/search"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// app is the wired portal: every part built from the configuration.
type app struct {
	store    *store.Store
	server   *api.Server
	pipeline *ingest.Pipeline
	blob     *blob.Store
	index    *search.Index
	pdf      *pdf.Renderer
	registry *prometheus.Registry
}

func newApp(ctx context.Context, cfg config, log *slog.Logger) (*app, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if applied, err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	} else if len(applied) > 0 {
		log.Info("migrations applied", "names", applied)
	}
	bl, err := blob.Open(blob.Options{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
		SecretKey: cfg.S3SecretKey, UseTLS: cfg.S3UseTLS, Region: cfg.S3Region})
	if err != nil {
		st.Close()
		return nil, err
	}
	if err := bl.EnsureBucket(ctx); err != nil {
		// Not fatal: /readyz reports S3 until it is reachable.
		log.Warn("S3 bucket not ready", "error", err)
	}
	assets, err := frontend.NewAssets()
	if err != nil {
		st.Close()
		return nil, err
	}
	renderer, err := frontend.New(assets)
	if err != nil {
		st.Close()
		return nil, err
	}
	exe, err := os.Executable()
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("find the portal binary for extraction: %w", err)
	}
	clamd := ingest.NewClamd(cfg.ClamdAddr)
	if !search.Exists(cfg.IndexDir) {
		restoreSnapshot(ctx, st, bl, cfg.IndexDir, log)
	}
	ix, rebuilt, err := openIndex(cfg.IndexDir, search.Options{SearchBudget: cfg.SearchBudget, CostlyWorkers: cfg.CostlySearchWorkers}, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	cat, err := framework.Load()
	if err != nil {
		st.Close()
		ix.Close()
		return nil, err
	}
	tg, err := tagger.Default(cat)
	if err != nil {
		st.Close()
		ix.Close()
		return nil, err
	}
	periodic, err := tasks(cfg, st, log)
	if err != nil {
		st.Close()
		ix.Close()
		return nil, err
	}
	pipeline, err := ingest.NewPipeline(st, bl, clamd, log, ingest.Options{Workers: cfg.IngestWorkers, Executable: exe, Index: ix, Tagger: tg, OCR: cfg.OCR,
		MaxPages: cfg.MaxPages, MaxTextBytes: cfg.MaxTextBytes, Tasks: periodic, IndexDir: cfg.IndexDir, Node: nodeID(cfg),
		Follow: ingest.FollowOptions{Node: nodeID(cfg), Poll: cfg.IndexPoll, Retention: cfg.IndexLogRetention, SnapshotEvery: cfg.IndexSnapshotEvery}})
	if err != nil {
		st.Close()
		ix.Close()
		return nil, err
	}
	if rebuilt {
		// The follower's check at start finds every ready document missing and
		// indexes it, in big batches, while search serves what is done.
		log.Info("index created empty: ready documents will be indexed again", "index_dir", cfg.IndexDir)
	}
	printer := pdf.New(cfg.PDF)
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerIndexMetrics(reg, pipeline.Follower())
	srv, err := api.New(api.Options{
		PublicURL: cfg.PublicURL,
		OIDC: signin.OIDC{Issuer: cfg.OIDCIssuer, ClientID: cfg.OIDCClientID, ClientSecret: cfg.OIDCSecret,
			RedirectURL: cfg.OIDCRedirect, GroupsClaim: cfg.OIDCGroups},
		Groups:           cfg.Groups,
		SessionSecret:    []byte(cfg.SessionSecret),
		SessionIdle:      cfg.SessionIdle,
		SessionMaxAge:    cfg.SessionMaxAge,
		TrustedProxies:   cfg.TrustedProxies,
		UploadMaxBytes:   cfg.UploadMaxBytes,
		OutcomesMaxBytes: cfg.OutcomesMaxBytes,
		Uploads:          cfg.Uploads,
		Searches:         cfg.Searches,
		PersonalDataDays: cfg.PersonalDataDays,
		IndexMaxLag:      cfg.IndexMaxLag,
	}, api.Deps{IndexLag: pipeline.Follower(), Store: st, Blob: bl, Clamd: clamd, Intake: ingest.NewIntake(st, bl, cfg.UploadMaxBytes), Index: ix,
		Renderer: renderer, Assets: assets, Logger: log, Metrics: reg, PDF: printer,
		Tus: tusstore.Compose(tusstore.Options{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
			SecretKey: cfg.S3SecretKey, UseTLS: cfg.S3UseTLS, Region: cfg.S3Region, Locks: st})})
	if err != nil {
		st.Close()
		return nil, err
	}
	return &app{store: st, server: srv, pipeline: pipeline, blob: bl, index: ix, pdf: printer, registry: reg}, nil
}

// serve runs the portal until ctx ends, then shuts down in order: HTTP
// first (letting requests finish), then background work, then the database.
func serve(ctx context.Context, cfg config, log *slog.Logger) error {
	a, err := newApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.store.Close()
	defer a.index.Close()
	// After HTTP (deferred calls run last first): no request prints any more.
	defer a.pdf.Close()

	web, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ListenAddr, err)
	}
	metrics, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		web.Close()
		return fmt.Errorf("listen on %s for metrics: %w", cfg.MetricsAddr, err)
	}
	webSrv := &http.Server{Handler: a.server.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.registry, promhttp.HandlerOpts{}))
	metricsSrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { a.server.SweepSessions(bg, 10*time.Minute) })
	wg.Go(func() { ingest.SweepEvery(bg, a.store, a.blob, log, 15*time.Minute) })
	wg.Go(func() {
		if err := a.pipeline.Run(bg); err != nil {
			log.Error("ingest workers stopped", "error", err)
		}
	})
	errs := make(chan error, 2)
	wg.Go(func() { errs <- serveHTTP(webSrv, web) })
	wg.Go(func() { errs <- serveHTTP(metricsSrv, metrics) })
	log.Info("portal serving", "url", cfg.PublicURL, "listen_addr", web.Addr().String(), "metrics_addr", metrics.Addr().String())

	var runErr error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case runErr = <-errs:
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 25*time.Second)
	defer cancel()
	if err := webSrv.Shutdown(shutdown); err != nil {
		log.Error("HTTP shutdown", "error", err)
	}
	if err := metricsSrv.Shutdown(shutdown); err != nil {
		log.Error("metrics shutdown", "error", err)
	}
	stopBG()
	wg.Wait()
	log.Info("portal stopped")
	return runErr
}

func serveHTTP(srv *http.Server, l net.Listener) error {
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", l.Addr(), err)
	}
	return nil
}

// worker runs ingest workers only, for deployments that scale them apart
// from the web servers.
func worker(ctx context.Context, cfg config, log *slog.Logger) error {
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	bl, err := blob.Open(blob.Options{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
		SecretKey: cfg.S3SecretKey, UseTLS: cfg.S3UseTLS, Region: cfg.S3Region})
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the portal binary for extraction: %w", err)
	}
	periodic, err := tasks(cfg, st, log)
	if err != nil {
		return err
	}
	p, err := ingest.NewPipeline(st, bl, ingest.NewClamd(cfg.ClamdAddr), log, ingest.Options{Workers: cfg.IngestWorkers, Executable: exe, OCR: cfg.OCR,
		MaxPages: cfg.MaxPages, MaxTextBytes: cfg.MaxTextBytes, Tasks: periodic, Node: nodeID(cfg)})
	if err != nil {
		return err
	}
	log.Info("ingest worker started", "workers", cfg.IngestWorkers)
	err = p.Run(ctx)
	log.Info("ingest worker stopped")
	return err
}

// openIndex opens the search index, or makes a new generation when there
// is none or its mapping version changed; rebuilt says the index starts
// empty and the documents must be indexed again.
func openIndex(dir string, o search.Options, log *slog.Logger) (*search.Index, bool, error) {
	existed := search.Exists(dir)
	ix, err := search.OpenWith(dir, o)
	if errors.Is(err, search.ErrMappingChanged) {
		log.Warn("search index mapping changed: rebuilding", "index_dir", dir)
		ix, err = search.CreateWith(dir, o)
		return ix, true, err
	}
	if err != nil {
		return nil, false, err
	}
	return ix, !existed, nil
}
