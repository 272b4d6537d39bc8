#!/usr/bin/env python3
"""Makes confusables.rs: the letters that look like Latin letters.

Unicode's confusables data (UTS #39, confusables.txt) maps each character to
the "prototype" it can be mistaken for: Cyrillic `у` to `y`, Greek `ο` to
`o`. Only what matters for names is kept: characters outside ASCII whose
prototype, with its combining marks dropped, is one or two ASCII letters,
and which Unicode's compatibility decomposition (NFKD, which the normal form
applies first) does not already make a Latin letter. An upper-case character
whose prototype is `l` looks like `I`, and is kept as `i`.

The data is read from unicode-security's src/tables.rs (its CONFUSABLES
table is confusables.txt, made by that crate's scripts/unicode.py; the copy
used for the committed table was Unicode 17.0, github.com/unicode-rs/
unicode-security at 1b4a80b), or from confusables.txt itself:

    python3 src/withheld/confusables.py path/to/tables.rs > src/withheld/confusables.rs
    python3 src/withheld/confusables.py path/to/confusables.txt > src/withheld/confusables.rs
"""

import re
import sys
import unicodedata


def read(path):
    text = open(path, encoding="utf-8").read()
    table = {}
    if path.endswith(".rs"):
        start = text.index("const CONFUSABLES: &'static [(char, &'static [char])]")
        body = text[start : text.index("];", start)]
        for src, proto in re.findall(r"\('\\u\{([0-9a-f]+)\}',\s*&\[([^\]]*)\]\)", body):
            table[int(src, 16)] = "".join(chr(int(x, 16)) for x in re.findall(r"\\u\{([0-9a-f]+)\}", proto))
    else:
        for line in text.splitlines():
            line = line.split("#")[0].strip()
            if not line:
                continue
            src, proto = [f.strip() for f in line.split(";")[:2]]
            if " " in src:
                continue
            table[int(src, 16)] = "".join(chr(int(x, 16)) for x in proto.split())
    return table


def strip_marks(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.category(c).startswith("M"))


def main():
    table = read(sys.argv[1])
    rows = []
    for cp, proto in sorted(table.items()):
        c = chr(cp)
        if cp < 0x80 or unicodedata.category(c).startswith("M"):
            continue
        if re.fullmatch(r"[A-Za-z0-9]+", strip_marks(c)):
            continue  # NFKD makes it Latin already (accented and full-width letters)
        p = strip_marks(proto)
        if not re.fullmatch(r"[A-Za-z]{1,2}", p):
            continue
        if c.isupper() and p == "l":
            p = "i"
        rows.append((cp, p.lower()))
    out = sys.stdout
    out.write("//! Made by confusables.py (read it for how): characters that look like\n")
    out.write("//! Latin letters, per Unicode's confusables data, and the letters they look like.\n\n")
    out.write(f"pub(super) static CONFUSABLES: [(char, &str); {len(rows)}] = [\n")
    for cp, p in rows:
        name = unicodedata.name(chr(cp), "?").lower()
        out.write(f"    ('\\u{{{cp:x}}}', \"{p}\"), // {name}\n")
    out.write("];\n")


main()
