package frontend

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// static holds our own assets and, under govuk/, GOV.UK Frontend's compiled
// files that `make assets` copies from node_modules. Only our own files are
// committed; the directory pattern keeps the build working before the copy.
//
//go:embed static
var staticFiles embed.FS

// ErrAssetsMissing means GOV.UK Frontend was not copied in before the build.
var ErrAssetsMissing = errors.New("GOV.UK Frontend assets missing: run `make assets` before building")

// Assets serves the static files. Our files and GOV.UK's CSS and JavaScript
// live under /static/<version>/, where version is a hash of every embedded
// file, so they can be cached for a year; GOV.UK's fonts and images live at
// /assets/, where its CSS expects them.
type Assets struct {
	root    fs.FS
	version string
}

// NewAssets hashes the embedded files and checks GOV.UK Frontend is there.
func NewAssets() (*Assets, error) {
	root, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("open static files: %w", err)
	}
	if _, err := fs.Stat(root, "govuk/govuk-frontend.min.css"); err != nil {
		return nil, ErrAssetsMissing
	}
	h := sha256.New()
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hash static files: %w", err)
	}
	return &Assets{root: root, version: hex.EncodeToString(h.Sum(nil))[:12]}, nil
}

// URL is the cache-busting address of a static file.
func (a *Assets) URL(name string) string { return "/static/" + a.version + "/" + name }

// Handler serves /static/<version>/... and /assets/....
func (a *Assets) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var name string
		switch {
		case strings.HasPrefix(r.URL.Path, "/static/"):
			version, rest, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/static/"), "/")
			if !ok {
				http.NotFound(w, r)
				return
			}
			name = rest
			if version == a.version {
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				// A page from before a deploy: serve today's file, briefly cached.
				w.Header().Set("Cache-Control", "public, max-age=300")
			}
		case strings.HasPrefix(r.URL.Path, "/assets/"):
			name = "govuk/assets/" + strings.TrimPrefix(r.URL.Path, "/assets/")
			w.Header().Set("Cache-Control", "public, max-age=86400")
		default:
			http.NotFound(w, r)
			return
		}
		name = path.Clean("/" + name)[1:]
		if name == "" || strings.HasSuffix(name, ".map") {
			http.NotFound(w, r)
			return
		}
		if st, err := fs.Stat(a.root, name); err != nil || st.IsDir() {
			w.Header().Del("Cache-Control")
			http.NotFound(w, r)
			return
		}
		http.ServeFileFS(w, r, a.root, name)
	})
}
