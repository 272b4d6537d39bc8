#!/usr/bin/env python3
"""Generate a synthetic national content tree, in the content format of
docs/content-format.md, for scale and speed tests.

The same corpus can also be written as a Hugo site and a Zola site with
equivalent pages (national index, one page per CCG with its registers as
tables, one page per meeting, one terms-of-reference page per CCG), so the
generator can be timed side by side against them on the same work.

    bench/gen_corpus.py OUT                      content tree at OUT/content
    bench/gen_corpus.py OUT --hugo               also OUT/hugo  (build: hugo -s OUT/hugo)
    bench/gen_corpus.py OUT --zola               also OUT/zola  (build: zola -r OUT/zola build)
    bench/gen_corpus.py OUT --ccgs 20 --years 2  smaller

Output is deterministic for the same arguments. Everything it writes is
invented: no real person, practice or decision.
"""
import argparse
import os
import random
import shutil
from datetime import date, timedelta

REGIONS = ["North", "Midlands and East", "London", "South"]
LEVELS = ["greater-involvement", "joint", "delegated"]
CATEGORIES = ["list-closure", "practice-merger", "boundary-change", "new-practice",
              "apms-contract", "pms-review", "discretionary-payment", "breach-notice",
              "contract-termination", "contract-variation", "enhanced-services",
              "local-incentive-scheme", "premises", "budget", "quality-improvement",
              "procurement", "other"]
INTEREST_TYPES = ["financial", "non-financial-professional", "non-financial-personal", "indirect"]
PLACES = ["Ashford", "Barnet", "Calder", "Dorset", "Eden", "Fylde", "Gloucester", "Halton",
          "Ipswich", "Kirklees", "Leeds", "Medway", "Norwich", "Oldham", "Poole", "Reading",
          "Salford", "Thanet", "Wakefield", "Wigan", "York", "Bury", "Crawley", "Derby"]
QUARTERS = ["North", "South", "East", "West", "Central", "Rural", "City", "Vale"]
FIRST = ["Alex", "Sam", "Jo", "Pat", "Chris", "Robin", "Morgan", "Jamie", "Kim", "Lee",
         "Ash", "Drew", "Sasha", "Toni", "Rowan", "Ellis"]
LAST = ["Example", "Sample", "Placeholder", "Specimen", "Dummy", "Mock", "Fixture",
        "Testcase", "Stub", "Draft", "Model", "Pattern"]
WORDS = ("primary care practice patients access quality contract review premises workforce "
         "federation locality funding outcomes integration pathway enhanced services list "
         "registered population committee recommendation finance assurance risk engagement "
         "variation procurement estates digital appointments extended hours pharmacy "
         "prescribing equality inequalities deprivation survey resilience").split()

CCG_TEMPLATE_HUGO = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<h1>{{ .Title }}</h1><p>ODS code {{ .Params.ods_code }} · {{ .Params.region }} · {{ .Params.level }}</p>
<h2>Meetings</h2><ul>{{ range .RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2 January 2006" }}</li>{{ end }}</ul>
{{ with .Params.ccg }}{{ $d := index site.Data.decisions . }}<h2>Decisions</h2><table><tr><th>ID</th><th>Date</th><th>Title</th><th>Category</th><th>Conflicts</th></tr>
{{ range $d.entries }}<tr><td>{{ .id }}</td><td>{{ .date }}</td><td>{{ .title }}</td><td>{{ .category }}</td><td>{{ range .conflicts }}{{ .name }}: {{ .interest }} ({{ .action }}) {{ end }}</td></tr>{{ end }}</table>
{{ $i := index site.Data.interests . }}<h2>Interests</h2><table><tr><th>Name</th><th>Roles</th><th>Type</th><th>Description</th><th>Action</th></tr>
{{ range $i.entries }}{{ $n := .name }}{{ range .interests }}<tr><td>{{ $n }}</td><td></td><td>{{ .type }}</td><td>{{ .description }}</td><td>{{ .action }}</td></tr>{{ end }}{{ end }}</table>{{ end }}
</body></html>
"""
SINGLE_TEMPLATE_HUGO = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<h1>{{ .Title }}</h1>{{ with .Params.agenda }}<h2>Agenda</h2><ol>{{ range . }}<li>{{ .number }} {{ .title }}{{ range .papers }} <a href="{{ .file }}">{{ .title }}</a>{{ end }}</li>{{ end }}</ol>{{ end }}
{{ with .Params.declarations }}<h2>Declarations</h2><ul>{{ range . }}<li>{{ .name }}: {{ .interest }} ({{ .action }})</li>{{ end }}</ul>{{ end }}
{{ .Content }}</body></html>
"""
INDEX_TEMPLATE_HUGO = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head><body>
<h1>{{ .Site.Title }}</h1><table><tr><th>CCG</th><th>Region</th><th>Level</th><th>Meetings</th></tr>
{{ range (where .Site.Sections "Section" "ccgs") }}{{ range .Sections }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.region }}</td><td>{{ .Params.level }}</td><td>{{ len .RegularPages }}</td></tr>{{ end }}{{ end }}
</table></body></html>
"""

CCG_TEMPLATE_ZOLA = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ section.title }}</title></head><body>
<h1>{{ section.title }}</h1><p>ODS code {{ section.extra.ods_code }} · {{ section.extra.region }} · {{ section.extra.level }}</p>
<h2>Meetings</h2><ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> {{ p.date }}</li>{% endfor %}</ul>
{% set d = load_data(path="data/decisions/" ~ section.extra.ccg ~ ".yaml") %}<h2>Decisions</h2><table><tr><th>ID</th><th>Date</th><th>Title</th><th>Category</th><th>Conflicts</th></tr>
{% for e in d.entries %}<tr><td>{{ e.id }}</td><td>{{ e.date }}</td><td>{{ e.title }}</td><td>{{ e.category }}</td><td>{% if e.conflicts %}{% for c in e.conflicts %}{{ c.name }}: {{ c.interest }} ({{ c.action }}) {% endfor %}{% endif %}</td></tr>{% endfor %}</table>
{% set i = load_data(path="data/interests/" ~ section.extra.ccg ~ ".yaml") %}<h2>Interests</h2><table><tr><th>Name</th><th>Roles</th><th>Type</th><th>Description</th><th>Action</th></tr>
{% for e in i.entries %}{% if e.interests %}{% for x in e.interests %}<tr><td>{{ e.name }}</td><td></td><td>{{ x.type }}</td><td>{{ x.description }}</td><td>{{ x.action }}</td></tr>{% endfor %}{% endif %}{% endfor %}</table>
</body></html>
"""
SINGLE_TEMPLATE_ZOLA = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ page.title }}</title></head><body>
<h1>{{ page.title }}</h1>{% if page.extra.agenda %}<h2>Agenda</h2><ol>{% for a in page.extra.agenda %}<li>{{ a.number }} {{ a.title }}{% if a.papers %}{% for p in a.papers %} <a href="{{ p.file }}">{{ p.title }}</a>{% endfor %}{% endif %}</li>{% endfor %}</ol>{% endif %}
{% if page.extra.declarations %}<h2>Declarations</h2><ul>{% for d in page.extra.declarations %}<li>{{ d.name }}: {{ d.interest }} ({{ d.action }})</li>{% endfor %}</ul>{% endif %}
{{ page.content | safe }}</body></html>
"""
INDEX_TEMPLATE_ZOLA = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ config.title }}</title></head><body>
<h1>{{ config.title }}</h1><table><tr><th>CCG</th><th>Region</th><th>Level</th><th>Meetings</th></tr>
{% set s = get_section(path="ccgs/_index.md") %}{% for sub in s.subsections %}{% set c = get_section(path=sub) %}<tr><td><a href="{{ c.permalink }}">{{ c.title }}</a></td><td>{{ c.extra.region }}</td><td>{{ c.extra.level }}</td><td>{{ c.pages | length }}</td></tr>{% endfor %}
</table></body></html>
"""


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def minutes_body(rng, paras):
    out = []
    for k in range(paras):
        if k % 4 == 0:
            out.append(f"## {sentence(rng, 3)[:-1]}\n")
        out.append(" ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 6))) + "\n")
        if k % 5 == 2:
            out.append("".join(f"- {sentence(rng, 6)}\n" for _ in range(3)))
        if k % 7 == 3:
            out.append("| Measure | Q1 | Q2 |\n| --- | --- | --- |\n"
                       + "".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} | {rng.randint(1, 99)} |\n" for _ in range(4)))
    return "\n".join(out)


def person(rng):
    return f"{rng.choice(['Dr ', ''])}{rng.choice(FIRST)} {rng.choice(LAST)}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def generate(args):
    rng = random.Random(args.seed)
    out = args.out
    content = os.path.join(out, "content")
    shutil.rmtree(content, ignore_errors=True)
    write(os.path.join(content, "site.yaml"),
          "title: Primary care co-commissioning (synthetic corpus)\n"
          "description: Generated content for scale tests\n"
          "base_url: https://example.github.io/pcc/\n"
          "publisher: Synthetic corpus\n"
          "sample: true\n")
    ccgs = []
    used = set()
    for k in range(args.ccgs):
        while True:
            name = f"{rng.choice(PLACES)} {rng.choice(QUARTERS)}"
            if name not in used:
                used.add(name)
                break
            if len(used) >= len(PLACES) * len(QUARTERS):
                name = f"{name} {k}"
                used.add(name)
                break
        cid = name.lower().replace(" ", "-")
        ccgs.append((cid, f"NHS {name} CCG", f"{k // 26:01d}{chr(65 + k % 26)}{k % 10}"))
    group_size = 8
    groups = [ccgs[i:i + group_size] for i in range(0, min(len(ccgs), group_size * 2), group_size)]
    start_year = 2015
    totals = {"meetings": 0, "decisions": 0, "interests": 0, "papers": 0}
    site_rows = []
    for idx, (cid, name, ods) in enumerate(ccgs):
        crng = random.Random(f"{args.seed}-{cid}")
        level = LEVELS[idx % 3]
        region = REGIONS[idx % 4]
        members = []
        cats = ["lay", "lay", "clinical", "clinical", "executive", "executive", "nhs-england"]
        for j, cat in enumerate(cats):
            members.append((person(crng), cat, j == 0))
        root = os.path.join(content, "ccgs", cid)
        group = next((g for g in groups if any(c[0] == cid for c in g)), None)
        gid = f"group-{groups.index(group) + 1}" if group else None
        lines = [f"name: {q(name)}", f"ods_code: {q(ods)}", f"region: {q(region)}",
                 f"population: {crng.randint(60, 900) * 1000}", f"member_practices: {crng.randint(15, 90)}",
                 "co_commissioning:", f"  - level: {level}", "    from: 2015-04-01",
                 "committees:", "  - id: pccc", "    name: Primary Care Commissioning Committee"]
        if gid:
            lines.append(f"    group: {gid}")
        lines.append("    members:")
        for (pname, cat, chair) in members:
            lines += [f"      - name: {q(pname)}", f"        role: {q(cat.replace('-', ' ').capitalize() + ' member' + (', Chair' if chair else ''))}",
                      f"        category: {cat}", f"        chair: {'true' if chair else 'false'}"]
        lines += ["      - name: \"Healthwatch representative\"", "        role: \"Healthwatch observer\"",
                  "        category: healthwatch", "        voting: false"]
        write(os.path.join(root, "ccg.yaml"), "\n".join(lines) + "\n")
        write(os.path.join(root, "terms-of-reference.md"),
              "---\ncommittee: pccc\ntitle: \"Terms of reference: Primary Care Commissioning Committee\"\n"
              "version: \"1.0\"\napproved: 2015-03-01\nquorum: Four members including the chair\n"
              "decisions:\n" + "".join(f"  - function: {q(c.replace('-', ' ').capitalize())}\n    route: committee\n" for c in CATEGORIES[:10])
              + "---\n" + minutes_body(crng, 12))
        decisions = []
        for y in range(args.years):
            for m in range(args.meetings_per_year):
                d = date(start_year + y, 1 + (m * 12) // args.meetings_per_year, 10 + crng.randint(0, 15))
                mid = d.isoformat()
                agenda = []
                decl = []
                for a in range(6):
                    item = {"number": f"{a + 1}", "title": sentence(crng, 5)[:-1], "papers": [], "decision": None}
                    if a >= 2:
                        pfile = f"papers/{mid}/item-{a + 1}.pdf"
                        item["papers"].append((sentence(crng, 4)[:-1], pfile))
                        write(os.path.join(root, pfile), "%PDF-1.4\n% synthetic paper\n" + sentence(crng, 200) + "\n%%EOF\n")
                        totals["papers"] += 1
                    if a >= 6 - args.decisions_per_meeting:
                        did = f"{ods}-{y}-{m}-{a}"
                        item["decision"] = did
                        conflicts = []
                        if crng.random() < 0.3:
                            who = members[2][0]
                            conflicts.append((who, "Partner in an affected practice", "Left the room; did not vote"))
                            decl.append((who, item["number"], "Partner in an affected practice", "Left the room; did not vote"))
                        decisions.append((did, mid, item["title"], crng.choice(CATEGORIES), conflicts))
                    agenda.append(item)
                fm = [f"committee: pccc", f"date: {mid}", "start: \"14:00\"", "status: held",
                      f"papers_published: {(d - timedelta(days=7)).isoformat()}", "minutes: approved", "agenda:"]
                for it in agenda:
                    fm += [f"  - number: {q(it['number'])}", f"    title: {q(it['title'])}"]
                    if it["papers"]:
                        fm.append("    papers:")
                        for (pt, pf) in it["papers"]:
                            fm += [f"      - title: {q(pt)}", f"        file: {pf}"]
                    if it["decision"]:
                        fm.append(f"    decision: {it['decision']}")
                if decl:
                    fm.append("declarations:")
                    for (who, item, interest, action) in decl:
                        fm += [f"  - name: {q(who)}", f"    item: {q(item)}", f"    interest: {q(interest)}", f"    action: {q(action)}"]
                write(os.path.join(root, "meetings", mid + ".md"),
                      "---\n" + "\n".join(fm) + "\n---\n" + minutes_body(crng, args.minutes_paragraphs))
                totals["meetings"] += 1
        dl = [f"updated: {start_year + args.years - 1}-12-31", "entries:"]
        for (did, mid, title, cat, conflicts) in decisions:
            dl += [f"  - id: {did}", f"    date: {mid}", f"    title: {q(title)}", f"    category: {cat}",
                   f"    meeting: {mid}", "    outcome: approved"]
            if conflicts:
                dl.append("    conflicts:")
                for (who, interest, action) in conflicts:
                    dl += [f"      - name: {q(who)}", f"        interest: {q(interest)}", f"        action: {q(action)}"]
        write(os.path.join(root, "decisions.yaml"), "\n".join(dl) + "\n")
        totals["decisions"] += len(decisions)
        il = [f"updated: {start_year + args.years - 1}-12-31", "entries:"]
        for (pname, cat, chair) in members:
            il += [f"  - name: {q(pname)}", f"    roles: [{q(cat + ' member')}]"]
            if cat == "clinical":
                il += ["    interests:", "      - type: financial", "        description: \"Partner in an affected practice\"",
                       "        from: 2009-04-01", "        action: \"Leaves the room for decisions about the practice\""]
                totals["interests"] += 1
            else:
                il.append("    nil_return: true")
        write(os.path.join(root, "interests.yaml"), "\n".join(il) + "\n")
        site_rows.append((cid, name, ods, region, level, decisions, members))
    for g, members in enumerate(groups):
        gid = f"group-{g + 1}"
        write(os.path.join(content, "groups", gid, "group.yaml"),
              f"name: \"Joint committees in common {g + 1}\"\nmembers: [{', '.join(c[0] for c in members)}]\n")
        for y in range(args.years):
            mid = date(start_year + y, 9, 3).isoformat()
            write(os.path.join(content, "groups", gid, "meetings", mid + ".md"),
                  f"---\ndate: {mid}\ntitle: \"Joint committees meeting in common\"\nagenda:\n  - number: \"1\"\n    title: \"Common strategic issues\"\n---\n"
                  + minutes_body(rng, 6))
    return totals, site_rows


def write_peer(args, site_rows, kind):
    """The same pages as a Hugo or Zola site: meetings and terms of reference as pages,
    registers as data files read by the CCG page template."""
    out = os.path.join(args.out, kind)
    shutil.rmtree(out, ignore_errors=True)
    content = os.path.join(args.out, "content")
    if kind == "hugo":
        write(os.path.join(out, "config.toml"),
              'baseURL = "https://example.github.io/pcc/"\ntitle = "Primary care co-commissioning (synthetic corpus)"\n'
              'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n[markup.goldmark.renderer]\nunsafe = false\n')
        write(os.path.join(out, "layouts", "index.html"), INDEX_TEMPLATE_HUGO)
        write(os.path.join(out, "layouts", "_default", "list.html"), CCG_TEMPLATE_HUGO)
        write(os.path.join(out, "layouts", "_default", "single.html"), SINGLE_TEMPLATE_HUGO)
        write(os.path.join(out, "content", "ccgs", "_index.md"), "---\ntitle: CCGs\n---\n")
        static = os.path.join(out, "static")
        data = os.path.join(out, "data")
    else:
        write(os.path.join(out, "config.toml"),
              'base_url = "https://example.github.io/pcc/"\ntitle = "Primary care co-commissioning (synthetic corpus)"\n'
              'compile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n')
        write(os.path.join(out, "templates", "index.html"), INDEX_TEMPLATE_ZOLA)
        write(os.path.join(out, "templates", "section.html"), CCG_TEMPLATE_ZOLA)
        write(os.path.join(out, "templates", "page.html"), SINGLE_TEMPLATE_ZOLA)
        write(os.path.join(out, "content", "ccgs", "_index.md"), "+++\ntitle = \"CCGs\"\nrender = false\n+++\n")
        static = os.path.join(out, "static")
        data = os.path.join(out, "data")
    for (cid, name, ods, region, level, decisions, members) in site_rows:
        src = os.path.join(content, "ccgs", cid)
        dst = os.path.join(out, "content", "ccgs", cid)
        if kind == "hugo":
            write(os.path.join(dst, "_index.md"),
                  f"---\ntitle: {q(name)}\nccg: {cid}\nods_code: {q(ods)}\nregion: {q(region)}\nlevel: {level}\n---\n")
        else:
            write(os.path.join(dst, "_index.md"),
                  f"+++\ntitle = {q(name)}\nsort_by = \"date\"\n[extra]\nccg = \"{cid}\"\nods_code = {q(ods)}\nregion = {q(region)}\nlevel = \"{level}\"\n+++\n")
        for register in ("decisions", "interests"):
            os.makedirs(os.path.join(data, register), exist_ok=True)
            shutil.copyfile(os.path.join(src, register + ".yaml"), os.path.join(data, register, cid + ".yaml"))
        shutil.copytree(os.path.join(src, "papers"), os.path.join(static, "ccgs", cid, "papers"), dirs_exist_ok=True)
        for fname in sorted(os.listdir(os.path.join(src, "meetings"))) + ["../terms-of-reference.md"]:
            text = open(os.path.join(src, "meetings", fname), encoding="utf-8").read()
            _, fm, body = text.split("---\n", 2)
            stem = os.path.basename(fname)[:-3]
            if kind == "hugo":
                extra = f"title: {q(stem)}\n" + (f"date: {stem}\n" if stem[0].isdigit() else "")
                write(os.path.join(dst, stem + ".md"), "---\n" + extra + fm + "---\n" + body)
            else:
                # Zola's front matter has a fixed schema: the meeting's fields go under extra.
                fm_lines = fm.splitlines()
                keep = []
                for line in fm_lines:
                    if line.startswith("date:") or line.startswith("title:"):
                        continue
                    keep.append("  " + line)
                extra = f"title: {q(stem)}\n" + (f"date: {stem}\n" if stem[0].isdigit() else "")
                write(os.path.join(dst, stem + ".md"), "---\n" + extra + "extra:\n" + "\n".join(keep) + "\n---\n" + body)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--ccgs", type=int, default=211)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--meetings-per-year", type=int, default=10)
    ap.add_argument("--decisions-per-meeting", type=int, default=3)
    ap.add_argument("--minutes-paragraphs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2015)
    ap.add_argument("--hugo", action="store_true")
    ap.add_argument("--zola", action="store_true")
    args = ap.parse_args()
    totals, rows = generate(args)
    if args.hugo:
        write_peer(args, rows, "hugo")
    if args.zola:
        write_peer(args, rows, "zola")
    print(f"{args.ccgs} CCGs, {totals['meetings']} meetings, {totals['decisions']} decisions, "
          f"{totals['interests']} interests, {totals['papers']} papers")


if __name__ == "__main__":
    main()
