#!/usr/bin/env python3
"""Checks a built site's manifest, /ccgpages.json, with nothing of
ccgpages': Python's json, the file system and the content folder's own
files (read line by line: the standard library has no YAML reader, and the
fields read here are plain top-level lines).

    manifest_check.py SITE_DIR CONTENT_DIR [--jsonschema]

- every address in it is absolute and below the site's base (but the
  papers marked `external`), and resolves to a file of the built site (a
  page's folder to its index.html), a fragment to an id of that page;
- its CCGs, groups, meetings, registers and practices are the content's:
  ids from the folder and file names, ODS codes, names and regions from
  ccg.yaml, practices' ODS codes from practices.yaml;
- it is sorted as documented (CCGs and groups by id, files by name, meetings
  by date and id, practices by ODS code);
- with --jsonschema, it is valid against the site's /ccgpages.schema.json
  by the jsonschema package (which must then be installed: pip install
  jsonschema), and valid against a copy of the schema that allows no field
  it does not list.

Prints one line per problem and exits 1 if there is any; prints a summary
and exits 0 otherwise.
"""
import copy
import json
import os
import re
import sys
import urllib.parse

site, content = sys.argv[1], sys.argv[2]
with_jsonschema = "--jsonschema" in sys.argv[3:]
problems = []
counts = {"addresses": 0, "fragments": 0, "external papers": 0, "papers": 0, "meetings": 0, "practices": 0}


def bad(msg):
    problems.append(msg)


with open(os.path.join(site, "ccgpages.json"), encoding="utf-8") as f:
    manifest = json.load(f)

base = manifest["site"]["base"]
if not re.match(r"^https?://[^/]+(/.*)?/$", base):
    bad(f"site.base {base!r} is not an absolute address ending in /")
if manifest["version"] != 1:
    bad(f"version {manifest['version']!r}")

ID_RE = re.compile(r'\sid="([^"]*)"')
page_ids = {}


def resolve(url, where, external=False):
    """The address `url` (found at `where`) resolves to a file of the site."""
    counts["addresses"] += 1
    if external:
        counts["external papers"] += 1
        if not url.startswith(("https://", "http://")) or url.startswith(base):
            bad(f"{where}: an external paper's address {url!r} is not another site's")
        return
    if not url.startswith(base):
        bad(f"{where}: {url!r} is not below the base {base!r}")
        return
    rest = url[len(base):]
    path, _, fragment = rest.partition("#")
    if "?" in path:
        bad(f"{where}: {url!r} has a query")
    path = urllib.parse.unquote(path)
    if path.startswith("/") or ".." in path.split("/"):
        bad(f"{where}: {url!r} leaves the site")
        return
    file = os.path.join(site, path + "index.html" if path == "" or path.endswith("/") else path)
    if not os.path.isfile(file):
        bad(f"{where}: {url!r} resolves to no file ({os.path.relpath(file, site)})")
        return
    if fragment:
        counts["fragments"] += 1
        if file not in page_ids:
            with open(file, encoding="utf-8") as f:
                page_ids[file] = set(ID_RE.findall(f.read()))
        if urllib.parse.unquote(fragment) not in page_ids[file]:
            bad(f"{where}: {url!r}: the page has no id {fragment!r}")


def walk(v, where):
    """Every address in the manifest: a string that starts like one."""
    if isinstance(v, dict):
        external = v.get("external") is True
        for k, x in v.items():
            if isinstance(x, str) and re.match(r"^[a-z][a-z0-9+.-]*://", x):
                resolve(x, f"{where}.{k}", external and k == "url")
            else:
                walk(x, f"{where}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            walk(x, f"{where}[{i}]")


walk(manifest, "")


def top_level(path, key):
    """A top-level `key: value` line of a YAML file, unquoted; None if absent."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(rf"^{key}:\s*(.*?)\s*$", line)
            if m:
                v = m.group(1)
                if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
                    v = v[1:-1]
                return v
    return None


def sorted_by(items, key, what):
    keys = [key(x) for x in items]
    if keys != sorted(keys):
        bad(f"{what} are not sorted: {keys}")


def meeting_ids(folder):
    d = os.path.join(folder, "meetings")
    return sorted(n[:-3] for n in os.listdir(d) if n.endswith(".md")) if os.path.isdir(d) else []


def check_meetings(entries, folder, where):
    sorted_by(entries, lambda m: (m["date"], m["id"]), f"{where} meetings")
    ids = sorted(m["id"] for m in entries)
    if ids != meeting_ids(folder):
        bad(f"{where}: meetings {ids} are not the content's {meeting_ids(folder)}")
    for m in entries:
        counts["meetings"] += 1
        counts["papers"] += len(m["papers"])
        if not m["id"].startswith(m["date"]):
            bad(f"{where}: meeting {m['id']} is not named by its date {m['date']}")


ccgs_dir = os.path.join(content, "ccgs")
content_ccgs = sorted(n for n in os.listdir(ccgs_dir) if os.path.isfile(os.path.join(ccgs_dir, n, "ccg.yaml")))
sorted_by(manifest["ccgs"], lambda c: c["id"], "ccgs")
if [c["id"] for c in manifest["ccgs"]] != content_ccgs:
    bad(f"CCG ids {[c['id'] for c in manifest['ccgs']]} are not the content's {content_ccgs}")
group_members = {}
for c in manifest["ccgs"]:
    folder = os.path.join(ccgs_dir, c["id"])
    where = f"ccg {c['id']}"
    if not os.path.isdir(folder):
        continue
    profile = os.path.join(folder, "ccg.yaml")
    for key in ["name", "ods_code", "region"]:
        if c[key] != top_level(profile, key):
            bad(f"{where}: {key} {c[key]!r} is not ccg.yaml's {top_level(profile, key)!r}")
    if c["url"] != base + "ccgs/" + urllib.parse.quote(c["id"]) + "/":
        bad(f"{where}: its page {c['url']!r}")
    for register, file in [("decisions", "decisions.yaml"), ("interests", "interests.yaml"), ("gifts", "gifts-hospitality.yaml")]:
        has = os.path.isfile(os.path.join(folder, file))
        if (c[register] is not None) != has:
            bad(f"{where}: {register} is {c[register]!r}, and the content {'has' if has else 'has no'} {file}")
        if c[register] is not None and c[register]["updated"] != top_level(os.path.join(folder, file), "updated"):
            bad(f"{where}: {register} updated {c[register]['updated']} is not {file}'s")
    check_meetings(c["meetings"], folder, where)
    practices_file = os.path.join(folder, "practices.yaml")
    ods = []
    if os.path.isfile(practices_file):
        with open(practices_file, encoding="utf-8") as f:
            ods = sorted(m.group(1).strip("\"'") for m in re.finditer(r"^\s*-?\s*ods:\s*(\S+)", f.read(), re.M))
    sorted_by(c["practices"], lambda p: p["ods_code"], f"{where} practices")
    if [p["ods_code"] for p in c["practices"]] != ods:
        bad(f"{where}: practices {[p['ods_code'] for p in c['practices']]} are not practices.yaml's {ods}")
    counts["practices"] += len(ods)
    if [r["number"] for r in c["checks"]["results"]] != list(range(1, 12)):
        bad(f"{where}: check results are not 1 to 11")
    sorted_by(c["groups"], lambda g: g, f"{where} groups")
    for g in c["groups"]:
        group_members.setdefault(g, set()).add(c["id"])

groups_dir = os.path.join(content, "groups")
content_groups = sorted(os.listdir(groups_dir)) if os.path.isdir(groups_dir) else []
sorted_by(manifest["groups"], lambda g: g["id"], "groups")
if [g["id"] for g in manifest["groups"]] != content_groups:
    bad(f"group ids {[g['id'] for g in manifest['groups']]} are not the content's {content_groups}")
for g in manifest["groups"]:
    folder = os.path.join(groups_dir, g["id"])
    if g["name"] != top_level(os.path.join(folder, "group.yaml"), "name"):
        bad(f"group {g['id']}: name {g['name']!r} is not group.yaml's")
    check_meetings(g["meetings"], folder, f"group {g['id']}")
    if set(g["members"]) & set(content_ccgs) != group_members.get(g["id"], set()):
        bad(f"group {g['id']}: members {g['members']} are not the CCGs that list it {sorted(group_members.get(g['id'], []))}")

sorted_by(manifest["files"], lambda f: f["name"], "files")
for f in manifest["files"]:
    if f["url"] != base + f["name"]:
        bad(f"file {f['name']}: its address {f['url']!r}")
if manifest["schema"] != base + "ccgpages.schema.json":
    bad(f"schema {manifest['schema']!r}")

if with_jsonschema:
    import importlib.metadata

    import jsonschema

    with open(os.path.join(site, "ccgpages.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    checker = cls.FORMAT_CHECKER
    for e in cls(schema, format_checker=checker).iter_errors(manifest):
        bad(f"schema: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    closed = copy.deepcopy(schema)

    def close(v):
        if isinstance(v, dict):
            if "properties" in v:
                v["additionalProperties"] = False
            for x in v.values():
                close(x)
        elif isinstance(v, list):
            for x in v:
                close(x)

    close(closed)
    for e in cls(closed, format_checker=checker).iter_errors(manifest):
        if e.validator == "additionalProperties":
            bad(f"a field the schema does not list: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    counts["validated by jsonschema " + importlib.metadata.version("jsonschema")] = 1

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("manifest: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
