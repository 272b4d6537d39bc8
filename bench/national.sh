#!/usr/bin/env bash
# Speed of a full build of the national corpus, beside `cp -r` of the same
# content (the floor for a tool that copies the papers) and Hugo when it is
# installed. Medians of RUNS runs, wall time and peak memory, in /dev/shm
# (memory-backed: on disk the timings measure the disk, not the program).
#
#   bench/national.sh                      generate the corpus if missing, then time
#   RUNS=5 bench/national.sh
#   GEN_ARGS="--ccgs 5" bench/national.sh  a smaller corpus (any bench/gen_corpus.py options)
#
# The corpus is bench/gen_corpus.py's, in $WORK/corpus; it is made again
# when GEN_ARGS change. Not a test: CI does not run it. Needs python3 and
# GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
WORK=${WORK:-/dev/shm/ccgpages-bench}
GEN=${GEN:-bench/gen_corpus.py}
GEN_ARGS=${GEN_ARGS:-}
mkdir -p "$WORK"
if [ ! -d "$WORK/corpus/content" ] || [ "$(cat "$WORK/corpus/gen-args" 2>/dev/null)" != "$GEN_ARGS" ]; then
  rm -rf "$WORK/corpus"
  extra=()
  command -v hugo >/dev/null && extra+=(--hugo)
  # shellcheck disable=SC2086 # GEN_ARGS is a list of options
  python3 "$GEN" "$WORK/corpus" $GEN_ARGS "${extra[@]}"
  printf '%s' "$GEN_ARGS" > "$WORK/corpus/gen-args"
fi
cargo build --profile dist --quiet
BIN=target/dist/ccgpages

# once NAME COMMAND...: one timed run, printing "NAME seconds KB".
once() {
  local name=$1; shift
  rm -rf "$WORK/out-$name"
  /usr/bin/time -f "$name %e %M" "$@" >/dev/null 2>"$WORK/time.txt" || { cat "$WORK/time.txt"; exit 1; }
  tail -n 1 "$WORK/time.txt"
}

# The tools take turns, run by run, so that a slow moment of a shared
# machine falls on all of them rather than on one tool's runs.
have_hugo=false
command -v hugo >/dev/null && [ -d "$WORK/corpus/hugo" ] && have_hugo=true
for _ in $(seq "$RUNS"); do
  once ccgpages "$BIN" build --content "$WORK/corpus/content" --output "$WORK/out-ccgpages" --as-of 2020-01-01
  once cp cp -r "$WORK/corpus/content" "$WORK/out-cp"
  if $have_hugo; then
    once hugo hugo --quiet -s "$WORK/corpus/hugo" -d "$WORK/out-hugo"
  fi
done > "$WORK/runs.txt"

python3 - "$WORK/runs.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, secs, kb = line.split()
    runs.setdefault(name, []).append((float(secs), int(kb)))
med = {n: (statistics.median(s for s, _ in r), statistics.median(k for _, k in r) / 1024) for n, r in runs.items()}
print(f"{'':10} {'median s':>9} {'peak MB':>8}   (runs: {len(next(iter(runs.values())))})")
for n, (s, mb) in med.items():
    print(f"{n:10} {s:9.2f} {mb:8.0f}")
me = med["ccgpages"][0]
print(f"ccgpages / cp -r: {me / med['cp'][0]:.2f}x")
if "hugo" in med:
    print(f"ccgpages / hugo:  {me / med['hugo'][0]:.2f}x")
PY
