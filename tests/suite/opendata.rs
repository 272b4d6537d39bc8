//! Open data, feeds, calendars, sitemap, the national decisions page and the
//! search index, checked on built sites with parsers that are not ours
//! (tests/opendata_check.py: Python's csv, json and xml.etree, and a strict
//! calendar checker). python3 is required: without it these tests fail. One
//! test reads the calendars with Python's icalendar package too: it is
//! `#[ignore]`d, and `.ci/run` installs icalendar and runs it.

use std::process::Command;

use crate::common::*;

const BASE: &str = "https://example.org/pcc/";

/// Runs tests/opendata_check.py on a built site (with `extra` options);
/// panics with its report.
fn python_check(site: &std::path::Path, extra: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(repo().join("tests/opendata_check.py"))
        .arg(site)
        .arg(BASE)
        .args(extra)
        .output()
        .expect("python3 is needed for these tests (it checks the files with parsers that are not ours)");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    eprintln!("{}", stdout.trim_end());
    stdout
}

/// Python one-liner helper: runs `code` with the site folder as argv[1], returns stdout.
fn python(site: &std::path::Path, code: &str) -> String {
    let out = Command::new("python3").arg("-c").arg(code).arg(site).output().expect("python3 is needed for these tests");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The bundled site built as of a day in its year, into `<tmp>/site`.
fn bundled_site(tmp: &TempDir) -> std::path::PathBuf {
    let site = tmp.path().join("site");
    let content = repo().join("content");
    let run = run(&[
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        site.to_str().unwrap(),
        "--as-of",
        "2016-06-30",
        "--base-url",
        BASE,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

#[test]
fn bundled_site_data_feeds_and_calendars_parse() {
    let tmp = TempDir::new("opendata-bundled");
    let site = bundled_site(&tmp);
    let content = repo().join("content");
    let report = python_check(&site, &[]);
    assert!(report.contains(" csv") && report.contains(" ics") && report.contains(" atom"), "{report}");
    // One row for each person listed at a meeting, each declaration, each
    // CCG and check: as many as the content holds.
    let held = content_counts(&content);
    assert!(held.attendance > 0 && held.declarations > 0 && held.ccgs > 0, "the bundled site records attendance and declarations");
    for (what, n) in [("attendance", held.attendance), ("declarations", held.declarations), ("check results", held.ccgs * 11)] {
        assert!(report.contains(&format!(" {n} {what},")), "{what}: {n} in the content: {report}");
    }
    // Every CCG has a calendar and a feed; every register its files.
    for entry in std::fs::read_dir(content.join("ccgs")).unwrap() {
        let id = entry.unwrap().file_name().into_string().unwrap();
        for f in ["meetings.ics", "feed.xml", "index.html"] {
            assert!(site.join("ccgs").join(&id).join(f).is_file(), "{id}/{f}");
        }
        for (register, files) in
            [("decisions.yaml", ["decisions.csv", "decisions.json"]), ("interests.yaml", ["interests.csv", "interests.json"])]
        {
            let has = content.join("ccgs").join(&id).join(register).is_file();
            for f in files {
                assert_eq!(site.join("ccgs").join(&id).join(f).is_file(), has, "{id}/{f}");
            }
        }
    }
}

/// What a content folder holds that the meeting and check files have a row
/// for, read from the files themselves (not by ccgpages).
struct ContentCounts {
    ccgs: usize,
    /// Names in the `attendance` lists of every meeting.
    attendance: usize,
    /// Entries of every meeting's `declarations`.
    declarations: usize,
}

fn content_counts(content: &std::path::Path) -> ContentCounts {
    let mut n = ContentCounts { ccgs: 0, attendance: 0, declarations: 0 };
    for kind in ["ccgs", "groups"] {
        let Ok(dirs) = std::fs::read_dir(content.join(kind)) else { continue };
        for dir in dirs {
            let dir = dir.unwrap().path();
            n.ccgs += usize::from(kind == "ccgs");
            let Ok(meetings) = std::fs::read_dir(dir.join("meetings")) else { continue };
            for m in meetings {
                let text = std::fs::read_to_string(m.unwrap().path()).unwrap();
                let front = text.trim_start_matches("---\n").split("\n---").next().unwrap();
                let yaml: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
                let len = |v: &serde_yaml::Value| v.as_sequence().map_or(0, Vec::len);
                if let Some(a) = yaml.get("attendance") {
                    n.attendance += ["present", "in_attendance", "apologies"].iter().filter_map(|k| a.get(k)).map(len).sum::<usize>();
                }
                n.declarations += yaml.get("declarations").map_or(0, len);
            }
        }
    }
    n
}

#[test]
#[ignore = "needs Python's icalendar (python3 -m pip install icalendar); .ci/run installs it and runs it"]
fn bundled_site_calendars_parse_with_icalendar() {
    let tmp = TempDir::new("opendata-icalendar");
    let site = bundled_site(&tmp);
    let report = python_check(&site, &["--icalendar"]);
    assert!(report.contains("calendars by icalendar "), "{report}");
}

/// The fixture, with content that is hard to publish: formula-like and
/// quoted text, a cancelled meeting with a long venue full of separators.
fn tricky_fixture() -> Fixture {
    let fx = Fixture::new("minimal");
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "  - id: AL-2016-03",
        "  - id: AL-2016-04\n    date: 2016-01-14\n    title: \"=HYPERLINK(\\\"http://evil\\\"), \\\"quoted\\\"; and more\"\n    category: budget\n    meeting: 2016-01-14\n    outcome: deferred\n    summary: \"-2 lines,\\nwith a break\"\n  - id: AL-2016-03",
    );
    fx.write(
        "ccgs/alpha/meetings/2016-03-10.md",
        "---\ncommittee: pccc\ndate: 2016-03-10\nstart: \"14:00\"\nend: \"15:30\"\nstatus: cancelled\nvenue: \"Salle d’été, 1 Rue; Example, London, a very long venue name that needs folding — ünïcödé\"\n---\n",
    );
    fx
}

#[test]
fn fixture_files_hold_what_the_content_says() {
    let fx = tricky_fixture();
    let run = fx.build(&["--base-url", BASE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = fx.site();
    python_check(&site, &[]);

    // CSV round trip through Python's csv: values as written, formulas neutralised.
    let out = python(
        &site,
        "import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1]+'/ccgs/alpha/decisions.csv',encoding='utf-8-sig',newline='')))\n\
         by={r['decision_id']:r for r in rows}\n\
         print(repr(by['AL-2016-04']['title']));print(repr(by['AL-2016-04']['summary']))\n\
         print(by['AL-2016-02']['value_total'], by['AL-2016-02']['value_annual'], by['AL-2016-02']['supplier'], by['AL-2016-02']['level'])\n\
         print(by['AL-2016-01']['conflicts_count'], by['AL-2016-01']['conflicts'])\n\
         print([r['decision_id'] for r in rows])",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], r#"'\'=HYPERLINK("http://evil"), "quoted"; and more'"#);
    assert_eq!(lines[1], r#""'-2 lines,\nwith a break""#);
    assert_eq!(lines[2], "1250000 250000.5 Example GP Federation Ltd joint");
    assert_eq!(lines[3], "1 Dr Gp Person: Partner at Example Surgery (Left the room; did not vote)");
    assert_eq!(lines[4], "['AL-2016-02', 'AL-2016-01', 'AL-2016-03', 'AL-2016-04']", "newest first, then by id");

    // The national file has the same columns and every decision.
    let national = std::fs::read_to_string(site.join("decisions.csv")).unwrap();
    let alpha = std::fs::read_to_string(site.join("ccgs/alpha/decisions.csv")).unwrap();
    assert_eq!(national.lines().next(), alpha.lines().next());
    assert_eq!(national.matches("\r\n").count(), alpha.matches("\r\n").count(), "beta publishes no register");

    // The withheld entry: counted, nothing else.
    let out = python(
        &site,
        "import csv,json,sys\nrows=list(csv.DictReader(open(sys.argv[1]+'/ccgs/alpha/interests.csv',encoding='utf-8-sig',newline='')))\n\
         w=[r for r in rows if r['withheld']=='true']\nprint(len(w), w[0]['name'], repr(w[0]['roles']), repr(w[0]['description']), w[0]['person_id'])\n\
         j=json.load(open(sys.argv[1]+'/ccgs/alpha/interests.json'))\nprint(len(j['persons']), [p['id'] for p in j['persons'] if p['withheld']])\n\
         print(len([r for r in rows if r['name']=='Dr Gp Person']))",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "1 Name withheld '' '' alpha/withheld-1");
    assert_eq!(lines[1], "5 ['alpha/withheld-1']");
    assert_eq!(lines[2], "1");

    // OCDS award and Popolo memberships.
    let out = python(
        &site,
        "import json,sys\nd=json.load(open(sys.argv[1]+'/ccgs/alpha/decisions.json'))\n\
         a=[x for x in d['decisions'] if x['id']=='AL-2016-02'][0]['award']\nprint(a['id'],a['status'],a['value'],a['suppliers'][0]['name'],a['contractPeriod'])\n\
         print([x['award'] for x in d['decisions'] if x['id']!='AL-2016-02'])\n\
         c=json.load(open(sys.argv[1]+'/ccgs.json'))\nprint([x['id'] for x in c['ccgs']], c['as_of'])\n\
         m=[x for x in c['memberships'] if x['chair']][0]\nprint(m['person_id'], m['organization_id'], m['category'])\n\
         print(sorted(f['name'] for f in c['ccgs'][1]['files']))",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "99A-AL-2016-02 active {'amount': 1250000, 'currency': 'GBP'} Example GP Federation Ltd {'startDate': '2016-04-01T00:00:00Z', 'endDate': '2021-03-31T00:00:00Z'}"
    );
    assert_eq!(lines[1], "[None, None, None]");
    assert_eq!(lines[2], "['alpha', 'beta'] 2016-06-30");
    assert_eq!(lines[3], "alpha/lay-chair-person alpha/pccc lay");
    assert_eq!(lines[4], "['feed.xml', 'meetings.ics']", "beta has no registers, so no register files");

    // Calendar: the cancelled meeting, folded and escaped; the meeting in common on both CCGs.
    let ics = std::fs::read_to_string(site.join("ccgs/alpha/meetings.ics")).unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("UID:meeting-ccg-alpha-2016-03-10@example.github.io\r\n"),
        "UIDs come from site.yaml's address, not --base-url"
    );
    assert!(unfolded.contains("DTSTART;TZID=Europe/London:20160310T140000\r\nDTEND;TZID=Europe/London:20160310T153000\r\n"));
    assert!(unfolded.contains("SUMMARY:Cancelled: Primary Care Commissioning Committee\\, 10 March 2016\r\n"));
    assert!(
        unfolded.contains("LOCATION:Salle d’été\\, 1 Rue\\; Example\\, London\\, a very long venue name that needs folding — ünïcödé\r\n")
    );
    assert!(unfolded.contains("STATUS:CANCELLED"));
    assert!(unfolded.contains("DTSTAMP:20160310T000000Z"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20160915\r\nDTEND;VALUE=DATE:20160916\r\n"), "no start time: an all-day event");
    let beta = std::fs::read_to_string(site.join("ccgs/beta/meetings.ics")).unwrap();
    assert!(unfolded.contains("UID:meeting-group-pair-2016-01-14@") && beta.contains("UID:meeting-group-pair-2016-01-14@"));

    // Feeds: newest first, the upcoming meeting without papers left to the calendar.
    let feed = std::fs::read_to_string(site.join("ccgs/alpha/feed.xml")).unwrap();
    assert!(feed.contains("<title>Cancelled: Primary Care Commissioning Committee, 10 March 2016</title>"));
    assert!(!feed.contains("2016-09-15"), "a meeting after the as-of date with no papers out is not news yet");
    assert!(feed.contains("&lt;p&gt;Conflicts of interest noted:&lt;/p&gt;"), "content is escaped HTML");
    let national = std::fs::read_to_string(site.join("feed.xml")).unwrap();
    assert_eq!(national.matches("groups/pair/meetings/2016-01-14/</id>").count(), 1, "a meeting in common is one national entry");

    // Sitemap and robots.
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    for u in ["", "decisions/", "search/", "open-data/", "ccgs/alpha/", "groups/pair/meetings/2016-01-14/"] {
        assert!(sitemap.contains(&format!("<loc>{BASE}{u}</loc>")), "sitemap lacks {u:?}");
    }
    assert!(!sitemap.contains("404"));

    // Pages: feeds advertised, data files linked from the CCG page, the docs page lists every column.
    let ccg = fx.page("ccgs/alpha/index.html");
    assert!(
        ccg.contains(r#"<link rel="alternate" type="application/atom+xml" title="NHS Alpha CCG: decisions and meetings" href="feed.xml">"#)
    );
    for f in ["decisions.csv", "decisions.json", "interests.csv", "interests.json", "meetings.ics", "feed.xml"] {
        assert!(ccg.contains(&format!("href=\"/pcc/ccgs/alpha/{f}\"")), "CCG page links {f}");
    }
    assert!(
        fx.page("index.html")
            .contains(r#"type="application/atom+xml" title="Fixture site: latest decisions and meetings" href="/pcc/feed.xml""#)
    );
    let docs = fx.page("open-data/index.html");
    for col in ["ccg_id", "conflicts_count", "value_total", "justification", "person_id", "nil_return", "local-incentive-scheme"] {
        assert!(docs.contains(&format!("<code>{col}</code>")), "open data page documents {col}");
    }
}

/// The tricky fixture with more at its meeting: officers in attendance (one
/// named nowhere else), a second conflict on the merger whose words hold
/// the list separator, and a role with a bar in it.
fn meeting_fixture() -> Fixture {
    let fx = tricky_fixture();
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "  apologies: [England Person]",
        "  in_attendance: [Watch Person, Visiting Officer]\n  apologies: [England Person]",
    );
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "        action: Left the room; did not vote\n",
        "        action: Left the room; did not vote\n      - name: Exec Person\n        interest: Trustee | Example Trust\n        action: Declared\n",
    );
    fx.edit("ccgs/alpha/interests.yaml", "    roles: [Chief Officer]", "    roles: [Chief Officer, \"Accountable | officer\"]");
    fx
}

#[test]
fn meeting_and_check_files_are_rows_that_join() {
    let fx = meeting_fixture();
    let run = fx.build(&["--base-url", BASE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = fx.site();
    let report = python_check(&site, &[]);
    // Six names at alpha's meeting (none recorded at the group's), two
    // declarations (alpha's and the group's), 2 CCGs × 11 checks.
    assert!(report.contains(" 6 attendance,") && report.contains(" 2 declarations,") && report.contains(" 22 check results,"), "{report}");
    let out = python(
        &site,
        "import csv,json,sys\n\
         def rows(f): return list(csv.DictReader(open(sys.argv[1]+'/'+f,encoding='utf-8-sig',newline='')))\n\
         a=rows('attendance.csv');d=rows('declarations.csv');i=rows('interests.csv');dec=rows('decisions.csv')\n\
         print([(r['ccg_id'],r['meeting_id'],r['name'],r['person_id'],r['status']) for r in a])\n\
         print([(r['ccg_id'],r['group_id'],r['item'],r['item_title'],r['decision_id'],r['person_id'],r['interest'],r['action']) for r in d])\n\
         pid={r['name']:r['person_id'] for r in i}\nm=[r for r in dec if r['decision_id']==d[0]['decision_id']][0]\n\
         print(d[0]['person_id']==pid['Dr Gp Person']==a[2]['person_id'], m['meeting_url']==d[0]['meeting_url']==a[0]['meeting_url'], d[0]['person_id'] in m['conflict_person_ids'].split(' | '))\n\
         print(m['conflicts'].split(' | '));print(m['conflict_person_ids'].split(' | '))\n\
         print([r['roles'].split(' | ') for r in i if r['name']=='Exec Person'])\n\
         print([p['roles'] for p in json.load(open(sys.argv[1]+'/ccgs/alpha/interests.json'))['persons'] if p['name']=='Exec Person'])\n\
         print(sorted({r['ccg_id']+' '+r['checked_on'] for r in rows('checks.csv')}))",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "[('alpha', '2016-01-14', 'Lay Chair Person', 'alpha/lay-chair-person', 'present'), ('alpha', '2016-01-14', 'Exec Person', 'alpha/exec-person', 'present'), ('alpha', '2016-01-14', 'Dr Gp Person', 'alpha/dr-gp-person', 'present'), ('alpha', '2016-01-14', 'Watch Person', 'alpha/watch-person', 'in-attendance'), ('alpha', '2016-01-14', 'Visiting Officer', '', 'in-attendance'), ('alpha', '2016-01-14', 'England Person', 'alpha/england-person', 'apologies')]",
        "in the order written; someone named only in attendance has no id"
    );
    assert_eq!(
        lines[1],
        "[('alpha', '', '4.1', 'Practice merger', 'AL-2016-01', 'alpha/dr-gp-person', 'Partner at Example Surgery', 'Left the room for the item'), ('', 'pair', '1', 'Joint item', '', 'alpha/dr-gp-person', 'Partner at Example Surgery', 'Noted')]",
        "a group's meeting: the group, no decision of its own, the person's id at the member CCG that has them"
    );
    assert_eq!(lines[2], "True True True", "the person, the meeting and the decision join");
    assert_eq!(
        lines[3],
        "['Dr Gp Person: Partner at Example Surgery (Left the room; did not vote)', 'Exec Person: Trustee ¦ Example Trust (Declared)']"
    );
    assert_eq!(lines[4], "['alpha/dr-gp-person', 'alpha/exec-person']");
    assert_eq!(lines[5], "[['Chief Officer', 'Accountable ¦ officer']]", "split at the separator, a bar in a value stays in it");
    assert_eq!(lines[6], "[['Chief Officer', 'Accountable | officer']]", "JSON keeps the value as written");
    assert_eq!(lines[7], "['alpha 2016-06-30', 'beta 2016-06-30']");

    // A year on, beta has closed: its checks are as on the day it closed.
    let content = fx.content();
    let run = crate::common::run(&[
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        site.to_str().unwrap(),
        "--as-of",
        "2017-06-30",
        "--base-url",
        BASE,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    python_check(&site, &[]);
    let out = python(
        &site,
        "import csv,json,sys\nr=list(csv.DictReader(open(sys.argv[1]+'/checks.csv',encoding='utf-8-sig',newline='')))\n\
         print(sorted({x['ccg_id']+' '+x['checked_on'] for x in r}))\nprint(json.load(open(sys.argv[1]+'/checks.json'))['as_of'])",
    );
    assert_eq!(out, "['alpha 2017-06-30', 'beta 2017-03-31']\n2017-06-30\n");
    let docs = fx.page("open-data/index.html");
    for col in ["checked_on", "outcome_label", "check_url", "group_id", "meeting_url", "item_title", "decision_id"] {
        assert!(docs.contains(&format!("<code>{col}</code>")), "open data page documents {col}");
    }
    assert!(docs.contains("separates its values with <code> | </code>"), "the separator, said once");
    for f in ["checks.csv", "checks.json", "attendance.csv", "declarations.csv"] {
        assert!(docs.contains(&format!("<a href=\"/pcc/{f}\">/{f}</a>")), "open data page links {f}");
    }
}

#[test]
fn national_decisions_page_lists_every_decision_without_javascript() {
    let fx = tricky_fixture();
    assert_eq!(fx.build(&[]).code, 0);
    let page = fx.page("decisions/index.html");
    assert_eq!(page.matches(r#"<tr class="nhsuk-table__row"><td"#).count(), 4, "one row per decision");
    assert!(page.contains(r#"<tr class="nhsuk-table__row"><td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Date </span><time datetime="2016-01-20">20 January 2016</time></td><td class="nhsuk-table__cell"><a href="/fixture/ccgs/alpha/#decision-AL-2016-02">Extended hours hub</a></td><td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">CCG </span>NHS Alpha CCG</td><td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Region </span>London</td><td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Level </span>2</td><td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Category </span>Procurement</td><td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Outcome </span>Approved</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Conflicts </span>0</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Value </span>£1,250,000</td></tr>"#), "{page}");
    assert!(
        page.contains("=HYPERLINK(&quot;http:&#x2F;&#x2F;evil&quot;)") || page.contains("=HYPERLINK(&quot;http://evil&quot;)"),
        "titles escaped"
    );
    assert!(
        page.contains(r#"<form class="ccg-finder" id="decision-filters" method="get" action="/fixture/decisions/" data-index="/fixture/decisions/data/index.json" data-per-page="200" hidden>"#),
        "filters only with JavaScript"
    );
    assert!(page.contains(r#"<option value="NHS Alpha CCG" data-id="alpha"></option>"#), "CCGs for the type-ahead");
    assert!(page.contains("Decisions 1 to 4 of 4.") && !page.contains("decisions/page/2/"), "one page");
    assert!(page.contains(r#"<option value="practice-merger">Practice merger</option>"#));
    assert!(page.contains("assets/js/decisions.js"));
    let nav = fx.page("index.html");
    assert!(nav.contains(r#"href="/fixture/decisions/">Decisions</a>"#) && nav.contains(r#"href="/fixture/search/">Search</a>"#));
}

#[test]
fn search_index_is_sharded_and_holds_no_withheld_name() {
    let fx = tricky_fixture();
    // The withheld person also declares at a meeting and sits on the committee.
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "      - name: Former Person",
        "      - name: Hidden Secretperson\n        role: GP member\n        category: clinical\n      - name: Former Person",
    );
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "declarations:\n",
        "declarations:\n  - name: Hidden Secretperson\n    interest: Shareholder in Zanzibar Health Ltd\n    action: Left\n",
    );
    assert_eq!(fx.build(&[]).code, 0);
    let site = fx.site();
    let out = python(
        &site,
        "import json,sys,os\nix=sys.argv[1]+'/search/index/'\nm=json.load(open(ix+'manifest.json'))\n\
         print(m['docs'], [k['key'] for k in m['kinds']], m['shards'][:3])\n\
         terms={}\n\
         for k in m['shards']:\n  n=''.join(c if c.isascii() and (c.islower() or c.isdigit()) else '_%x_'%ord(c) for c in k)\n  terms.update(json.load(open(ix+'t/'+n+'.json')))\n\
         print('secretperson' in terms, 'hidden' in terms, 'person' in terms, 'zanzibar' in terms)\n\
         ids=[];i=0\n\
         for v in terms['merger']:\n  i+=v>>2; ids.append((i,v&3))\n\
         docs=[d for k in m['kinds'] for n in range(-(-k['count']//k['per'])) for d in json.load(open(ix+'d/%s/%d.json'%(k['key'],n)))]\n\
         print(len(docs)==m['docs'], [(docs[i][0],w) for i,w in ids])",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("['ccg', 'person', 'decision', 'meeting', 'paper', 'terms', 'page']"), "{out}");
    // Their entry is withheld in full (`withheld: true`): what they declared
    // is not indexed either (issue 23).
    assert_eq!(lines[1], "False False True False", "the withheld name is not indexed, other names are; what they declared is not");
    assert!(lines[2].starts_with("True [('Merger of Example Surgery and Sample Practice — NHS Alpha CCG, "), "{out}");
    let page = fx.page("search/index.html");
    assert!(page.contains(r#"data-index="/fixture/search/index/""#) && page.contains("<noscript>"));
    assert!(!page.contains("manifest.json"), "the index is fetched only when someone searches");
}

#[test]
fn data_files_are_deterministic() {
    let fx = meeting_fixture();
    assert_eq!(fx.build(&[]).code, 0);
    let first = all_files(&fx.site());
    assert_eq!(fx.build(&[]).code, 0);
    let second = all_files(&fx.site());
    assert!(first == second, "two builds of the same content differ");
    for f in ["search/index/manifest.json", "checks.csv", "checks.json", "attendance.csv", "declarations.csv"] {
        assert!(first.iter().any(|(p, _)| p == f), "{f}");
    }
}

#[test]
fn readme_documents_every_column() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let columns = ccgpages::open_data_columns();
    if !readme.contains(&columns) {
        std::fs::write(std::env::temp_dir().join("ccgpages-readme-columns.md"), &columns).unwrap();
    }
    assert!(
        readme.contains(&columns),
        "README.md's open data section must list the CSV columns as the code does: the expected text is in {}",
        std::env::temp_dir().join("ccgpages-readme-columns.md").display()
    );
}

#[test]
fn csv_cells_hold_no_control_characters_and_run_no_formulas() {
    let fx = Fixture::new("minimal");
    // YAML's escapes: ESC, carriage return, bell, a C1 control (CSI).
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "title: Merger of Example Surgery and Sample Practice",
        "title: \"Merger\\e[2J of\\r practices\\x9b31m\"",
    );
    fx.edit("ccgs/alpha/decisions.yaml", "summary: Approved, subject to *patient engagement*.", "summary: \"\\a=1+1\\tand\\nmore\"");
    // The same at a meeting: a declaration, and a name in attendance.
    fx.edit("ccgs/alpha/meetings/2016-01-14.md", "    action: Left the room for the item", "    action: \"\\a=1+1\\tand\\nmore\"");
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "  apologies: [England Person]",
        "  in_attendance: [\"\\a@Minus\\e[2J Officer\\x9b\"]\n  apologies: [England Person]",
    );
    let run = fx.build(&["--base-url", BASE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (file, column, want) in
        [("declarations.csv", "action", r#""'=1+1\tand\nmore""#), ("attendance.csv", "name", "\"'@Minus[2J Officer\"")]
    {
        let text = std::fs::read_to_string(fx.site().join(file)).unwrap();
        let stray: Vec<char> = text.replace("\r\n", "\n").chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\t')).collect();
        assert!(stray.is_empty(), "{file}: {stray:?}");
        let out = python(
            &fx.site(),
            &format!(
                "import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1]+'/{file}',encoding='utf-8-sig',newline='')))\n[print(repr(r['{column}'])) for r in rows]"
            ),
        );
        assert!(out.lines().any(|l| l == want), "{file}: {out}");
    }
    for file in ["ccgs/alpha/decisions.csv", "decisions.csv"] {
        let bytes = std::fs::read_to_string(fx.site().join(file)).unwrap();
        let stray: Vec<char> = bytes.replace("\r\n", "\n").chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\t')).collect();
        assert!(stray.is_empty(), "{file}: {stray:?}");
        let out = python(
            &fx.site(),
            &format!(
                "import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1]+'/{file}',encoding='utf-8-sig',newline='')))\n\
                 r=[r for r in rows if r['decision_id']=='AL-2016-01'][0]\nprint(repr(r['title']));print(repr(r['summary']))"
            ),
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "'Merger[2J of practices31m'", "{file}");
        // The bell is dropped first, so the formula it hid is neutralised.
        assert_eq!(lines[1], r#""'=1+1\tand\nmore""#, "{file}");
    }
}
