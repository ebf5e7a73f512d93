# The two commands of the README: `make run` and `make test`. Everything they
# need is installed by deploy/dev/install.sh into .cache/ (git-ignored).

SHELL := /bin/bash
GO ?= go

.PHONY: run test assets build build-static vet fmt bench clean-state

## run: install what is missing, start the dev services, seed demo data, serve on http://127.0.0.1:8080
run:
	@deploy/dev/run.sh

## test: start the services on free ports, run every test (with -race), stop them
test:
	@deploy/dev/test.sh

## assets: install GOV.UK Frontend from npm and copy it where the Go build embeds it,
## and axe-core, which only the browser tests use (it is not embedded, so never served)
assets: frontend/static/govuk/govuk-frontend.min.css frontend/node_modules/axe-core/axe.min.js

frontend/static/govuk/govuk-frontend.min.css: frontend/package.json frontend/package-lock.json frontend/copy-assets.sh
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	frontend/copy-assets.sh

# npm keeps the packages' own file times, older than package.json: this one
# is installed when missing (a node_modules of before axe-core), not when older.
frontend/node_modules/axe-core/axe.min.js:
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

## build: the portal binary in .cache/bin/portal
build: assets
	$(GO) build -o .cache/bin/portal ./cmd/portal

## build-static: the static binary the container image ships
build-static: assets
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags='-s -w' -o .cache/bin/portal-static ./cmd/portal

vet: assets
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

## bench: Go benchmarks, then the load and throughput tools of deploy/dev/bench.d against real services
bench:
	@deploy/dev/bench.sh

## clean-state: forget the dev data of `make run` (keeps installed tools)
clean-state:
	@deploy/dev/services.sh stop .state 2>/dev/null || true
	rm -rf .state
