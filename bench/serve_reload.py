#!/usr/bin/env python3
"""Save-to-reload time of `ccgpages serve`: how long from saving one meeting
file until an open page of it has been told to reload and has fetched its
new HTML.

    bench/serve_reload.py                  the bundled site (content/)
    bench/serve_reload.py --national       the national corpus of bench/gen_corpus.py,
                                           in $WORK/corpus (default /dev/shm/ccgpages-bench,
                                           as bench/national.sh), generated if missing
    bench/serve_reload.py --content DIR    any content folder

The content is linked (hard links where it can, else copied) into a
temporary folder (`--work`: put it on the content's file system, for
links), and edits are saved there the way editors do (a temporary
file renamed over the meeting), so the content given is never changed. Each
run waits for the server to settle (the whole-site render that follows a
quick one-CCG rebuild) before the next save, so every run measures a save
made while the preview is idle. A change that needs the whole site rebuilt
(a free page) is timed too. Targets: 200 ms bundled, 1 s national.

Only the standard library: a small HTTP/1.1 client over a socket.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(HERE, "gen_corpus.py")
BENCH_WORK = os.environ.get("WORK", "/dev/shm/ccgpages-bench")


def connect(port, path):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    return s.makefile("rb")


def read_head(f):
    head = b""
    while True:
        line = f.readline()
        if not line or line == b"\r\n":
            return head.decode()
        head += line


def read_chunk(f):
    size = f.readline()
    if not size:
        return None
    n = int(size.split(b";")[0].strip() or b"0", 16)
    if n == 0:
        return None
    data = f.read(n + 2)
    return data[:n]


def get(port, path):
    f = connect(port, path)
    head = read_head(f)
    if "transfer-encoding: chunked" in head.lower():
        body = b""
        while (c := read_chunk(f)) is not None:
            body += c
    else:
        body = f.read()
    return head, body.decode("utf-8", "replace")


def wait_event(f, deadline):
    """The name of the next SSE event (not a keep-alive)."""
    buf = ""
    while time.monotonic() < deadline:
        c = read_chunk(f)
        if c is None:
            raise RuntimeError("event stream ended")
        buf += c.decode()
        while "\n\n" in buf:
            block, buf = buf.split("\n\n", 1)
            name = "message"
            data = False
            for line in block.split("\n"):
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data = True
            if data:
                return name
    raise RuntimeError("no event in time")


def build_and_run(body):
    b = re.search(r'data-build="(\d+)"', body)
    r = re.search(r'data-run="(\w+)"', body)
    if not (b and r):
        raise RuntimeError("no live-preview script in the page")
    return b.group(1), r.group(1)


def link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def save(path, text):
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".swp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def time_save(port, url, path, text, marker):
    """Seconds from the save to the reload event, and to the new page fetched."""
    _, body = get(port, url)
    build, run = build_and_run(body)
    f = connect(port, f"/__ccgpages/events?page={url}&since={build}&run={run}")
    head = read_head(f)
    assert " 200 " in head.split("\r\n")[0], head
    t0 = time.perf_counter()
    save(path, text)
    name = wait_event(f, time.monotonic() + 30)
    t1 = time.perf_counter()
    if name != "reload":
        raise RuntimeError(f"expected a reload, got {name}")
    _, body = get(port, url)
    t2 = time.perf_counter()
    if marker not in body:
        raise RuntimeError("the reloaded page does not show the edit")
    f.close()
    return t1 - t0, t2 - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--content", default=os.path.join(REPO, "content"))
    ap.add_argument("--national", action="store_true",
                    help="time the national corpus (bench/gen_corpus.py) instead of --content")
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "ccgpages"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--settle", type=float, help="seconds to wait between saves (default 1, national 4)")
    ap.add_argument("--as-of", default="2016-06-30")
    ap.add_argument("--work", help="where to put the linked copy (default: the temporary folder, national: $WORK)")
    args = ap.parse_args()
    if args.national:
        corpus = os.path.join(BENCH_WORK, "corpus")
        if not os.path.isdir(os.path.join(corpus, "content")):
            os.makedirs(BENCH_WORK, exist_ok=True)
            subprocess.run([sys.executable, GEN, corpus], check=True)
        args.content = os.path.join(corpus, "content")
    if args.settle is None:
        args.settle = 4.0 if args.national else 1.0
    if args.work is None:
        args.work = BENCH_WORK if args.national else tempfile.gettempdir()

    src = os.path.abspath(args.content)
    work = tempfile.mkdtemp(prefix="ccgpages-serve-bench-", dir=args.work)
    content = os.path.join(work, "content")
    try:
        t = time.perf_counter()
        shutil.copytree(src, content, copy_function=link_or_copy)
        print(f"linked {src} into {content} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        meetings = sorted(
            os.path.join(root, n)
            for root, _, names in os.walk(os.path.join(content, "ccgs"))
            if os.path.basename(root) == "meetings"
            for n in names
            if n.endswith(".md")
        )
        meeting = meetings[len(meetings) // 2]
        rel = os.path.relpath(meeting, content)
        ccg = rel.split(os.sep)[1]
        url = f"/ccgs/{ccg}/meetings/{os.path.basename(meeting)[:-3]}/"
        pages = sorted(os.listdir(os.path.join(content, "pages"))) if os.path.isdir(os.path.join(content, "pages")) else []

        proc = subprocess.Popen(
            [args.binary, "serve", "--content", content, "--port", "0", "--as-of", args.as_of],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        log = []
        port_found = threading.Event()
        port = [0]

        def reader():
            for line in proc.stdout:
                log.append(line.rstrip("\n"))
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
                if m:
                    port[0] = int(m.group(1))
                    port_found.set()

        threading.Thread(target=reader, daemon=True).start()
        try:
            if not port_found.wait(120):
                raise RuntimeError("serve did not start")
            built = next((l for l in log if l.startswith("Built")), "")
            print(f"{built}  ({len(meetings)} meeting files)")
            with open(meeting, encoding="utf-8") as f:
                original = f.read()
            results = []
            for i in range(args.runs):
                time.sleep(args.settle)
                marker = f"BENCH-EDIT-{i}-{time.monotonic_ns()}"
                event, page = time_save(port[0], url, meeting, original.rstrip("\n") + f"\n\n{marker}\n", marker)
                results.append((event, page))
                print(f"  save {rel}: reload event {event * 1000:6.0f} ms, new page fetched {page * 1000:6.0f} ms")
            ev = statistics.median(r[0] for r in results)
            pg = statistics.median(r[1] for r in results)
            print(f"one meeting saved: median {ev * 1000:.0f} ms to the reload event, {pg * 1000:.0f} ms to the new page")

            if pages:
                time.sleep(args.settle)
                page_path = os.path.join(content, "pages", pages[0])
                slug = pages[0][:-3]
                with open(page_path, encoding="utf-8") as f:
                    text = f.read()
                marker = f"BENCH-PAGE-{time.monotonic_ns()}"
                event, page = time_save(port[0], f"/{slug}/", page_path, text.rstrip("\n") + f"\n\n{marker}\n", marker)
                print(f"free page saved (whole site rebuilt): {event * 1000:.0f} ms to the reload event, {page * 1000:.0f} ms to the new page")
            time.sleep(args.settle)
            print("server log:")
            for line in log:
                if line.startswith("Rebuilt"):
                    print("  " + line)
        finally:
            proc.terminate()
            proc.wait(10)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
