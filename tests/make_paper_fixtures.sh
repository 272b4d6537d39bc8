#!/bin/sh
# Makes the PDFs in tests/fixtures/papers/ afresh, printed by headless
# Chromium as Chrome's and Edge's "Save as PDF" prints them: one sentence
# naming the fixture person "Dr Quentin Zyborg", in several fonts and sizes,
# with kerning, letter spacing and justified lines. The outputs are
# committed, so `cargo test` needs no browser; run this (with chromium
# installed: `apt-get install chromium fonts-liberation fonts-dejavu-core`)
# only to make them again, and commit what changes.
set -eu
cd "$(dirname "$0")/fixtures/papers"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "make_paper_fixtures.sh: no chromium found; install it first" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
page() { # name, css
    cat >"$work/$1.html" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"><title>Minutes</title><style>
body { margin: 30px; } p { $2 }
</style></head><body>
<p>The committee received the report presented by Dr Quentin Zyborg, GP member, and agreed it.</p>
<p>Apologies: Mr A. Nother (Finance).</p>
</body></html>
HTML
    "$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$work/$1.pdf" "$work/$1.html" 2>/dev/null
    cp "$work/$1.pdf" "$1.pdf"
}
page chromium-sans-11 'font-family: "Liberation Sans", Arial, sans-serif; font-size: 11pt'
page chromium-serif-9-italic 'font-family: "Liberation Serif", serif; font-size: 9pt; font-style: italic'
page chromium-mono-14-bold 'font-family: "DejaVu Sans Mono", monospace; font-size: 14pt; font-weight: bold'
page chromium-serif-7-spaced 'font-family: "DejaVu Serif", serif; font-size: 7pt; letter-spacing: 0.6px'
page chromium-sans-20-justified 'font-family: "DejaVu Sans", sans-serif; font-size: 20pt; text-align: justify; width: 260px; word-spacing: 3px'
page chromium-sans-10-kerned 'font-family: "Liberation Sans", sans-serif; font-size: 10pt; font-kerning: normal; text-rendering: optimizeLegibility'
ls -l ./*.pdf
