#!/usr/bin/env bash
# Writes DIR/SHA256SUMS for every release archive in DIR, in the format
# `sha256sum --check` reads (and action/install.sh verifies against):
#   ci/release/sums.sh DIR
set -euo pipefail
cd "${1:?usage: $0 DIR}"
shopt -s nullglob
archives=(ccgpages-*.tar.gz ccgpages-*.zip)
if [ ${#archives[@]} -eq 0 ]; then
  echo "no ccgpages-*.tar.gz or ccgpages-*.zip in $PWD" >&2
  exit 1
fi
sha256sum "${archives[@]}" >SHA256SUMS
cat SHA256SUMS
