#!/usr/bin/env bash
# Extraction over ../shared/corpus/pdf against pdftotext on the same files.
set -euo pipefail
go run ./tools/extractbench
