#!/usr/bin/env python3
"""Checks a built site's open data, feeds, calendars and sitemap with parsers
that are not ccgpages': Python's csv, json and xml.etree, and a strict checker of RFC 5545 lines,
folding and escaping; with --icalendar, the icalendar package reads every
calendar too (it must then be installed: pip install icalendar).

    opendata_check.py SITE_DIR BASE_URL [--icalendar]

Prints one line per problem and exits 1 if there is any; prints a summary
and exits 0 otherwise.
"""
import csv
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

site, base = sys.argv[1], sys.argv[2]
problems = []
counts = {}


def bad(path, msg):
    problems.append(f"{os.path.relpath(path, site)}: {msg}")


def files(suffix):
    for root, _, names in os.walk(site):
        for n in sorted(names):
            if n.endswith(suffix):
                yield os.path.join(root, n)


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
NUMBER = re.compile(r"^\d+(\.\d{1,2})?$")

# ---- CSV: RFC 4180, UTF-8 with BOM, CRLF, formulas neutralised --------------
for path in files(".csv"):
    if "/papers/" in path:
        continue
    raw = open(path, "rb").read()
    counts["csv"] = counts.get("csv", 0) + 1
    if not raw.startswith(b"\xef\xbb\xbf"):
        bad(path, "no UTF-8 byte order mark")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    # Every record ends in CRLF: re-serialise with the csv module and compare.
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    if out.getvalue() != text:
        bad(path, "not byte-for-byte RFC 4180 with CRLF and minimal quoting")
    header = rows[0]
    for i, r in enumerate(rows[1:], 2):
        if len(r) != len(header):
            bad(path, f"record {i} has {len(r)} fields, the header {len(header)}")
        for name, cell in zip(header, r):
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                bad(path, f"record {i} {name}: formula-like cell {cell!r}")
            if name in ("date", "contract_start", "contract_end", "from", "to", "register_updated", "meeting_date", "checked_on") and cell and not DATE.match(cell):
                bad(path, f"record {i} {name}: {cell!r} is not an ISO date")
            if name in ("value_total", "value_annual") and cell and not NUMBER.match(cell):
                bad(path, f"record {i} {name}: {cell!r} is not a plain number")
            if name.endswith("url") and cell and not cell.startswith(base):
                bad(path, f"record {i} {name}: {cell!r} is not under {base}")

# ---- The national register of interests: every CCG's rows, same columns ----
national = os.path.join(site, "interests.csv")
if os.path.exists(national):
    def rows_of(p):
        return list(csv.reader(io.StringIO(open(p, "rb").read().decode("utf-8-sig"), newline="")))
    all_rows = rows_of(national)
    own = [rows_of(p) for p in files("interests.csv") if "/ccgs/" in p]
    if own and all_rows[0] != own[0][0]:
        bad(national, "its columns differ from the CCGs' interests.csv")
    if sorted(map(tuple, all_rows[1:])) != sorted(tuple(r) for o in own for r in o[1:]):
        bad(national, "its rows are not exactly the CCGs' rows")

# ---- Lists in a cell: one separator in every file --------------------------
LISTS = {"interests.csv": ("roles", "practices"), "decisions.csv": ("conflicts", "conflict_person_ids", "practices")}
for path in files(".csv"):
    names = LISTS.get(os.path.basename(path))
    if not names or "/papers/" in path:
        continue
    for i, r in enumerate(csv.DictReader(io.StringIO(open(path, "rb").read().decode("utf-8-sig"), newline="")), 2):
        for name in names:
            # Split at " | ", no value holds a bar: a bar in one is written "¦".
            if any("|" in v for v in r[name].split(" | ")):
                bad(path, f"record {i} {name}: a value holds a bar: {r[name]!r}")

# ---- The checks, attendance and declarations: ids that join ------------------
def dict_rows(p):
    return list(csv.DictReader(io.StringIO(open(p, "rb").read().decode("utf-8-sig"), newline="")))


def page_of(url, path, what):
    """The page an address of the site names must exist."""
    if not url.startswith(base) or not os.path.isfile(os.path.join(site, url[len(base):].split("#")[0], "index.html")):
        bad(path, f"{what}: {url!r} is no page of the site")


if os.path.exists(os.path.join(site, "checks.csv")):
    index = json.load(open(os.path.join(site, "ccgs.json"), encoding="utf-8"))
    path = os.path.join(site, "checks.csv")
    rows = dict_rows(path)
    counts["check results"] = len(rows)
    # ccgs.json writes the same outcome codes as checks.csv.
    codes = {c: c for c in ("met", "not-met", "unknown", "not-applicable")}
    labels = {"met": "Met", "not-met": "Not met", "unknown": "Unknown", "not-applicable": "Not applicable"}
    want = [(c["id"], str(k["number"]), codes[k["status"]], k["reason"], c["checks_on"]) for c in index["ccgs"] for k in c["checks"]]
    have = [(r["ccg_id"], r["check_number"], r["outcome"], r["reason"], r["checked_on"]) for r in rows]
    if have != want:
        bad(path, "its rows are not the checks of ccgs.json, CCG by CCG, check by check")
    for i, r in enumerate(rows, 2):
        if labels.get(r["outcome"]) != r["outcome_label"]:
            bad(path, f"record {i}: outcome {r['outcome']!r} shown as {r['outcome_label']!r}")
        if not DATE.match(r["checked_on"]):
            bad(path, f"record {i}: checked_on {r['checked_on']!r}")
        page_of(r["check_url"], path, f"record {i} check_url")
        page_of(r["ccg_url"], path, f"record {i} ccg_url")
        if not r["check_url"].endswith(f"/checks/{r['check_number']}/"):
            bad(path, f"record {i}: check_url {r['check_url']!r} is not check {r['check_number']}'s")
    data = json.load(open(os.path.join(site, "checks.json"), encoding="utf-8"))
    if [{k: str(v) for k, v in x.items()} for x in data["results"]] != rows:
        bad(os.path.join(site, "checks.json"), "its results are not the rows of checks.csv")
    if [c["code"] for c in data["outcomes"]] != list(labels) or [c["number"] for c in data["checks"]] != list(range(1, 12)):
        bad(os.path.join(site, "checks.json"), "outcomes or checks are not the site's")

if os.path.exists(os.path.join(site, "attendance.csv")):
    ccg_ids = {c["id"] for c in json.load(open(os.path.join(site, "ccgs.json"), encoding="utf-8"))["ccgs"]}
    # Each person's id in the registers of interests, by CCG and name.
    registered = {(r["ccg_id"], r["name"]): r["person_id"] for r in dict_rows(os.path.join(site, "interests.csv")) if r["withheld"] == "false"}
    decisions = {(r["ccg_id"], r["decision_id"]): r for r in dict_rows(os.path.join(site, "decisions.csv"))}
    for name in ("attendance.csv", "declarations.csv"):
        path = os.path.join(site, name)
        rows = dict_rows(path)
        counts[name[:-4]] = len(rows)
        for i, r in enumerate(rows, 2):
            if bool(r["ccg_id"]) == bool(r["group_id"]) or (r["ccg_id"] and r["ccg_id"] not in ccg_ids):
                bad(path, f"record {i}: a CCG's meeting or a group's, not {r['ccg_id']!r} and {r['group_id']!r}")
            page_of(r["meeting_url"], path, f"record {i} meeting_url")
            if not r["meeting_url"].endswith(f"/meetings/{r['meeting_id']}/"):
                bad(path, f"record {i}: meeting_url is not meeting {r['meeting_id']}'s")
            pid = r["person_id"]
            if pid:
                ccg, _, stem = pid.partition("/")
                if ccg not in ccg_ids or (r["ccg_id"] and ccg != r["ccg_id"]):
                    bad(path, f"record {i}: person_id {pid!r} is not of the meeting's CCG")
                if not stem.startswith("withheld-"):
                    page_of(f"{base}ccgs/{ccg}/people/{stem}/", path, f"record {i} person_id {pid!r}")
                if registered.get((ccg, r["name"]), pid) != pid:
                    bad(path, f"record {i}: {r['name']} is {registered[(ccg, r['name'])]!r} in interests.csv, not {pid!r}")
            if r["name"] == "Name withheld" and not pid.split("/")[-1].startswith("withheld-") and pid:
                bad(path, f"record {i}: a withheld name with the id {pid!r}")
            if name == "attendance.csv" and r["status"] not in ("present", "in-attendance", "apologies"):
                bad(path, f"record {i}: status {r['status']!r}")
            if name == "declarations.csv" and r["decision_id"]:
                d = decisions.get((r["ccg_id"], r["decision_id"]))
                if d is None:
                    bad(path, f"record {i}: decision {r['decision_id']!r} is not in {r['ccg_id']}'s decisions.csv")

# ---- JSON --------------------------------------------------------------------
for path in files(".json"):
    if "/papers/" in path:
        continue
    counts["json"] = counts.get("json", 0) + 1
    try:
        data = json.load(open(path, encoding="utf-8"))
    except ValueError as e:
        bad(path, f"not JSON: {e}")
        continue
    name = os.path.basename(path)
    if name == "decisions.json" and "/ccgs/" in path:
        for d in data["decisions"]:
            if not DATE.match(d["date"]):
                bad(path, f"{d['id']}: date {d['date']!r}")
            a = d.get("award")
            if a is not None:
                if a["status"] not in ("pending", "active", "cancelled", "unsuccessful"):
                    bad(path, f"{d['id']}: OCDS award status {a['status']!r}")
                if not RFC3339.match(a["date"]):
                    bad(path, f"{d['id']}: OCDS date {a['date']!r}")
                if "value" in a and (a["value"]["currency"] != "GBP" or not isinstance(a["value"]["amount"], (int, float))):
                    bad(path, f"{d['id']}: OCDS value {a['value']!r}")
    if name == "decisions.json" and "/ccgs/" in path:
        for d in data["decisions"]:
            for c in d["conflicts"]:
                if not c["person_id"].startswith(data["ccg"]["id"] + "/"):
                    bad(path, f"{d['id']}: conflict person_id {c['person_id']!r} is not an id of {data['ccg']['id']}")
    if name == "interests.json" and "/ccgs/" not in path:
        # The national file: every CCG's register, as the CCG's own file.
        counts["national interests"] = len(data["registers"])
        for reg in data["registers"]:
            own = json.load(open(os.path.join(site, "ccgs", reg["ccg"]["id"], "interests.json"), encoding="utf-8"))
            if own != reg:
                bad(path, f"the register of {reg['ccg']['id']} differs from its own interests.json")
    if name == "interests.json" and "/ccgs/" in path:
        for p in data["persons"]:
            if p["withheld"] and (p["name"] != "Name withheld" or p["roles"] or p["interests"]):
                bad(path, f"withheld person {p['id']} carries a name, roles or interests")
    if name == "ccgs.json":
        persons = {p["id"] for p in data["persons"]}
        orgs = {o["id"] for o in data["organizations"]}
        for m in data["memberships"]:
            if m["person_id"] not in persons or m["organization_id"] not in orgs:
                bad(path, f"membership {m} names an unknown person or organization")
        for o in data["organizations"]:
            if o.get("parent_id") and o["parent_id"] not in orgs:
                bad(path, f"organization {o['id']} has an unknown parent")

# ---- Atom ----------------------------------------------------------------------
A = "{http://www.w3.org/2005/Atom}"
for path in files("feed.xml"):
    counts["atom"] = counts.get("atom", 0) + 1
    try:
        feed = ET.parse(path).getroot()
    except ET.ParseError as e:
        bad(path, f"not XML: {e}")
        continue
    if feed.tag != A + "feed":
        bad(path, f"root is {feed.tag}, not an Atom feed")
        continue
    for req in ("id", "title", "updated", "author"):
        if feed.find(A + req) is None:
            bad(path, f"feed has no {req}")
    if feed.find(A + "author/" + A + "name") is None:
        bad(path, "author has no name")
    rels = {l.get("rel"): l.get("href") for l in feed.findall(A + "link")}
    if not rels.get("self", "").startswith(base) or not rels.get("alternate", "").startswith(base):
        bad(path, f"self and alternate links must be absolute under {base}: {rels}")
    if not RFC3339.match(feed.findtext(A + "updated", "")):
        bad(path, "feed updated is not an RFC 3339 date-time")
    seen = set()
    last = None
    for e in feed.findall(A + "entry"):
        eid = e.findtext(A + "id", "")
        for req in ("id", "title", "updated"):
            if not (e.findtext(A + req) or "").strip():
                bad(path, f"entry {eid} has no {req}")
        if eid in seen:
            bad(path, f"entry id {eid} twice")
        seen.add(eid)
        if not eid.startswith(base):
            bad(path, f"entry id {eid} is not under {base}")
        upd = e.findtext(A + "updated", "")
        if not RFC3339.match(upd):
            bad(path, f"entry {eid} updated {upd!r}")
        if upd > feed.findtext(A + "updated", ""):
            bad(path, f"entry {eid} is newer than the feed")
        if last is not None and upd > last:
            bad(path, f"entry {eid} is out of order (newest first)")
        last = upd
        c = e.find(A + "content")
        if c is None or c.get("type") != "html":
            bad(path, f"entry {eid} has no html content")
        if e.find(A + "link") is None or e.find(A + "link").get("rel") != "alternate":
            bad(path, f"entry {eid} has no alternate link")

# ---- Sitemap and robots ------------------------------------------------------------
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
sm = ET.parse(os.path.join(site, "sitemap.xml")).getroot()
locs = [u.findtext(S + "loc") for u in sm.findall(S + "url")]
counts["sitemap urls"] = len(locs)
if len(locs) != len(set(locs)) or locs != sorted(locs):
    bad(os.path.join(site, "sitemap.xml"), "URLs repeated or unsorted")
for loc in locs:
    if not loc.startswith(base):
        bad(os.path.join(site, "sitemap.xml"), f"{loc} is not under {base}")
    rel = loc[len(base):]
    if not os.path.isfile(os.path.join(site, rel, "index.html")):
        bad(os.path.join(site, "sitemap.xml"), f"{loc} has no page")
pages = [os.path.relpath(p, site) for p in files("index.html")]
if len(pages) != len(locs):
    bad(os.path.join(site, "sitemap.xml"), f"{len(locs)} URLs for {len(pages)} pages")
robots = open(os.path.join(site, "robots.txt"), encoding="utf-8").read()
if f"Sitemap: {base}sitemap.xml" not in robots.splitlines():
    bad(os.path.join(site, "robots.txt"), "does not point at the sitemap")

# ---- iCalendar ------------------------------------------------------------------------
icalendar = None
if "--icalendar" in sys.argv[3:]:
    try:
        import icalendar
    except ImportError:
        sys.exit("opendata_check.py --icalendar needs the icalendar package: python3 -m pip install icalendar")
ESCAPED = re.compile(r"^(?:[^\\;,\r\n]|\\[\\;,nN])*$")
for path in files(".ics"):  # each CCG's meetings.ics and each meeting's meeting.ics
    counts["ics"] = counts.get("ics", 0) + 1
    raw = open(path, "rb").read()
    if not raw.endswith(b"\r\n") or b"\n" in raw.replace(b"\r\n", b""):
        bad(path, "lines must end in CRLF and only there")
    physical = raw.split(b"\r\n")[:-1]
    for i, l in enumerate(physical, 1):
        if len(l) > 75:
            bad(path, f"line {i} is {len(l)} octets, over 75")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        bad(path, "a fold split a UTF-8 character, or the file is not UTF-8")
        continue
    lines = text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]
    stack = []
    uids = set()
    event = None
    for l in lines:
        name, _, value = l.partition(":")
        prop = name.split(";")[0]
        if prop == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                event = {}
        elif prop == "END":
            if not stack or stack.pop() != value:
                bad(path, f"END:{value} does not close what was begun")
            if value == "VEVENT":
                for req in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "STATUS"):
                    if req not in event:
                        bad(path, f"event {event.get('UID')} has no {req}")
                if event.get("UID") in uids:
                    bad(path, f"UID {event.get('UID')} twice")
                uids.add(event.get("UID"))
                if event.get("STATUS") not in ("CONFIRMED", "CANCELLED", "TENTATIVE"):
                    bad(path, f"event {event.get('UID')} status {event.get('STATUS')}")
                if event.get("SUMMARY", "").startswith(("Cancelled:", "Postponed:")) != (event.get("STATUS") == "CANCELLED"):
                    bad(path, f"event {event.get('UID')}: a cancelled meeting is marked in STATUS and SUMMARY alike")
                event = None
        elif event is not None:
            event[prop] = value
            if prop in ("SUMMARY", "LOCATION", "DESCRIPTION") and not ESCAPED.match(value):
                bad(path, f"{prop} is not escaped TEXT: {value!r}")
            if prop == "DTSTART" and "TZID=" in name and name != "DTSTART;TZID=Europe/London":
                bad(path, f"DTSTART in an unexpected zone: {name}")
            if prop == "DTSTAMP" and not re.match(r"^\d{8}T\d{6}Z$", value):
                bad(path, f"DTSTAMP {value!r} is not UTC")
    if stack:
        bad(path, f"{stack} never ended")
    if "BEGIN:VTIMEZONE" not in lines or "TZID:Europe/London" not in lines:
        bad(path, "no VTIMEZONE for Europe/London")
    if icalendar is not None:
        try:
            cal = icalendar.Calendar.from_ical(raw)
            events = cal.walk("VEVENT")
            if len(events) != len(uids):
                bad(path, f"icalendar reads {len(events)} events, the strict checker {len(uids)}")
            for ev in events:
                start = ev.decoded("DTSTART")
                if hasattr(start, "tzinfo") and start.tzinfo is not None and "London" not in str(start.tzinfo):
                    bad(path, f"{ev.get('UID')}: start in {start.tzinfo}")
        except Exception as e:  # noqa: BLE001 - any parse failure is a problem
            bad(path, f"icalendar cannot read it: {e}")

for p in problems:
    print(p)
summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
ics_by = "icalendar " + icalendar.__version__ + " and the strict checker" if icalendar else "the strict checker (--icalendar adds the icalendar package)"
print(f"checked {summary}; calendars by {ics_by}; {len(problems)} problems")
sys.exit(1 if problems else 0)
