#!/usr/bin/env bash
# Packs a built ccgpages binary as a release archive:
#   ci/release/package.sh VERSION TARGET BINARY OUTDIR
# writes OUTDIR/ccgpages-VERSION-TARGET.tar.gz (.zip for Windows targets),
# holding one folder ccgpages-VERSION-TARGET/ with the binary, README.md,
# LICENSE and CHANGELOG.md. Used by .github/workflows/release.yml and by
# tests/suite/action.rs, so the test installs an archive made the same way.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 VERSION TARGET BINARY OUTDIR" >&2
  exit 2
fi
version=$1 target=$2 binary=$3 outdir=$4
root=$(cd "$(dirname "$0")/../.." && pwd)
name="ccgpages-$version-$target"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/$name"
cp "$binary" "$work/$name/"
cp "$root/README.md" "$root/LICENSE" "$root/CHANGELOG.md" "$work/$name/"
cd "$work"
case "$target" in
  *windows*)
    if command -v 7z >/dev/null; then
      7z a -tzip -bd -bso0 "$outdir/$name.zip" "$name" >/dev/null
    else
      zip -qr "$outdir/$name.zip" "$name"
    fi
    echo "$outdir/$name.zip"
    ;;
  *)
    # With GNU tar (gtar on macOS runners), owner and times are fixed and
    # files in name order: the same binary packs to the same bytes.
    tar=$(command -v gtar || command -v tar)
    if "$tar" --version 2>/dev/null | grep -q 'GNU tar'; then
      "$tar" --sort=name --owner=0 --group=0 --numeric-owner --mtime='2015-04-01 00:00:00Z' -cf - "$name"
    else
      "$tar" -cf - "$name"
    fi | gzip -n -9 >"$outdir/$name.tar.gz"
    echo "$outdir/$name.tar.gz"
    ;;
esac
