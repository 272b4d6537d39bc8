#!/usr/bin/env bash
# Prints the release notes of VERSION: its section of CHANGELOG.md (Keep a
# Changelog), without the heading. Fails when there is no such section or it
# is empty, so that a version is never released without notes.
#   ci/release/notes.sh VERSION [CHANGELOG]
set -euo pipefail
version=${1:?usage: $0 VERSION [CHANGELOG]}
changelog=${2:-$(dirname "$0")/../../CHANGELOG.md}
notes=$(awk -v v="$version" '
  /^## \[/ { if (found) exit; if (index($0, "## [" v "]") == 1) { found = 1; next } }
  /^\[[^]]*\]: / { if (found) exit }
  found { print }
' "$changelog" | sed -e '/./,$!d')
if [ -z "${notes//[[:space:]]/}" ]; then
  echo "CHANGELOG.md has no notes for $version: add a section \"## [$version] - YYYY-MM-DD\" before tagging" >&2
  exit 1
fi
printf '%s\n' "$notes"
