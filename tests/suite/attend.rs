//! Going to a meeting and subscribing (issue 17): `public_participation` on
//! upcoming meetings (which show no declarations), a calendar file per
//! meeting, feeds a browser shows as a page (`/feed.xsl`), `webcal://`
//! calendar links, and a feed per NHS England region.

use crate::common::*;

const BASE: &str = "https://example.org/pcc/";

/// The minimal fixture (as of 2016-06-30: alpha's 2016-09-15 meeting is to
/// come) with how to attend: the CCG's, alpha's committee's own, beta's, and
/// an upcoming meeting held in common.
fn fixture() -> Fixture {
    let fx = Fixture::new("minimal");
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "co_commissioning:",
        "public_participation: |\n  The CCG's own words: see [our site](https://alpha.example.org/).\n\
         \n  Try [a calendar](webcal://example.org/pcc/evil.ics) and [a script](javascript:alert(1)).\nco_commissioning:",
    );
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "    name: Primary Care Commissioning Committee\n",
        "    name: Primary Care Commissioning Committee\n    public_participation: |\n      Press and public welcome to **Part 1**. \
         Register with the committee secretary at <secretary@alpha.example.org>.\n",
    );
    fx.edit("ccgs/beta/ccg.yaml", "committees:", "public_participation: Beta asks for questions in advance.\ncommittees:");
    fx.write(
        "groups/pair/meetings/2016-10-06.md",
        "---\ndate: 2016-10-06\nstart: \"14:00\"\nvenue: \"Room 1; Town Hall, Example\"\nstatus: scheduled\n---\n",
    );
    fx
}

fn build(fx: &Fixture) {
    let run = fx.build(&["--base-url", BASE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_upcoming_meeting_shows_how_to_attend_and_no_declarations() {
    let fx = fixture();
    build(&fx);
    let upcoming = fx.page("ccgs/alpha/meetings/2016-09-15/index.html");
    assert!(upcoming.contains(r#"<h2 class="nhsuk-heading-l" id="attend">Going to this meeting</h2>"#), "{upcoming}");
    assert!(upcoming.contains("Press and public welcome to <strong>Part 1</strong>"), "the committee's text wins over the CCG's");
    assert!(upcoming.contains(r#"<a href="mailto:secretary@alpha.example.org">"#));
    assert!(!upcoming.contains("The CCG's own words"), "the committee's text is shown instead of the CCG's");
    for absent in ["id=\"declarations\"", "No interests were declared", "id=\"minutes\"", "No minutes are published", "Date not recorded"] {
        assert!(!upcoming.contains(absent), "an upcoming meeting shows no {absent:?}");
    }
    assert!(upcoming.contains("Not yet published"), "its papers are not out yet");
    assert!(upcoming.contains(r#"href="/pcc/ccgs/alpha/meetings/2016-09-15/meeting.ics">Add to calendar"#));

    // A meeting held: declarations and minutes as before, nothing on attending.
    let held = fx.page("ccgs/alpha/meetings/2016-01-14/index.html");
    assert!(held.contains("id=\"declarations\"") && held.contains("id=\"minutes\""));
    assert!(!held.contains("Going to this meeting") && !held.contains("Press and public welcome"));

    // Held in common, to come: each CCG's words, named, as they differ.
    let group = fx.page("groups/pair/meetings/2016-10-06/index.html");
    assert!(group.contains("Going to this meeting"), "{group}");
    assert!(group.contains(r#"<h3 class="nhsuk-heading-s">NHS Alpha CCG</h3>"#) && group.contains("Press and public welcome"));
    assert!(group.contains(r#"<h3 class="nhsuk-heading-s">NHS Beta CCG</h3>"#) && group.contains("Beta asks for questions in advance."));
    assert!(!group.contains("id=\"declarations\"") && !group.contains("No member CCG has recorded a decision"));

    // The CCG page, by its upcoming meetings: the CCG's and the committee's words.
    let ccg = fx.page("ccgs/alpha/index.html");
    let attend = &ccg[ccg.find("id=\"attend\"").expect("a Going to a meeting section")..];
    assert!(attend.contains("The CCG's own words") && attend.contains("Press and public welcome"));
    assert!(ccg.contains(r#"href="/pcc/ccgs/alpha/meetings/2016-09-15/meeting.ics">Add to calendar"#), "upcoming rows link their calendar");

    // Content Markdown keeps only http, https and mailto links: no webcal, no javascript.
    for (path, bytes) in all_files(&fx.site()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("webcal://example.org/pcc/evil.ics"), "{path}: content's webcal link survived");
        assert!(!text.contains("javascript:alert"), "{path}: content's javascript link survived");
    }
}

#[test]
fn public_participation_is_in_the_schema_and_its_problems_have_a_line() {
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/ccg.yaml", "co_commissioning:", "public_participation: |\n  Welcome.\n\n  <!-- never closed\nco_commissioning:");
    let checked = fx.check(&[]);
    assert_eq!(checked.code, 1, "{}", checked.stderr);
    let line = fx.read("ccgs/alpha/ccg.yaml").lines().position(|l| l.contains("<!--")).unwrap() + 1;
    assert!(
        checked.stderr.contains(&format!("ccgs/alpha/ccg.yaml:{line}:3: error: in the CCG's `public_participation`")),
        "{}",
        checked.stderr
    );

    // `ccgpages schema` describes it, on the CCG and on a committee.
    let out = fx.tmp.path().join("schemas");
    let r = run(&["schema", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let schema = std::fs::read_to_string(out.join("ccg.schema.json")).unwrap();
    assert_eq!(schema.matches("\"public_participation\"").count(), 2, "{schema}");
}

#[test]
fn each_meeting_has_a_valid_calendar_file() {
    let fx = fixture();
    build(&fx);
    let site = fx.site();
    let all = std::fs::read_to_string(site.join("ccgs/alpha/meetings.ics")).unwrap();
    for (file, uid) in [
        ("ccgs/alpha/meetings/2016-01-14/meeting.ics", "meeting-ccg-alpha-2016-01-14@example.github.io"),
        ("ccgs/alpha/meetings/2016-09-15/meeting.ics", "meeting-ccg-alpha-2016-09-15@example.github.io"),
        ("groups/pair/meetings/2016-10-06/meeting.ics", "meeting-group-pair-2016-10-06@example.github.io"),
    ] {
        let raw = std::fs::read(site.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "{file}: CRLF only");
        assert!(text.split("\r\n").all(|l| l.len() <= 75), "{file}: folded at 75 octets");
        let unfolded = text.replace("\r\n ", "");
        assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 1, "{file}: one event");
        assert!(!unfolded.contains("X-WR-CALNAME"), "{file}: added to the user's calendar, not a new one");
        assert!(unfolded.contains(&format!("UID:{uid}\r\n")), "{file}: the UID of the CCG's calendar");
        assert!(all.contains(uid) || file.starts_with("groups/"), "{file}: same UID in meetings.ics");
        // The event is the one the CCG's calendar holds, byte for byte.
        let event = |s: &str| {
            let at = s.find(&format!("UID:{uid}")).unwrap();
            let start = s[..at].rfind("BEGIN:VEVENT").unwrap();
            let end = s[at..].find("END:VEVENT").unwrap() + at;
            s[start..end].to_owned()
        };
        if file.starts_with("ccgs/") {
            assert_eq!(event(&unfolded), event(&all.replace("\r\n ", "")), "{file}");
        }
        let page = file.trim_end_matches("meeting.ics");
        assert!(unfolded.contains(&format!("URL:{BASE}{page}\r\n")), "{file}: links the meeting's page");
    }
    // Escaping and the venue.
    let group = std::fs::read_to_string(site.join("groups/pair/meetings/2016-10-06/meeting.ics")).unwrap().replace("\r\n ", "");
    assert!(group.contains("LOCATION:Room 1\\; Town Hall\\, Example\r\n"), "{group}");
    assert!(group.contains("DTSTAMP:20161006T000000Z\r\n"), "DTSTAMP from the content, never the clock");
    // The meeting page links its calendar file.
    assert!(fx.page("groups/pair/meetings/2016-10-06/index.html").contains(r#"href="/pcc/groups/pair/meetings/2016-10-06/meeting.ics""#));
}

#[test]
fn feeds_carry_their_stylesheet_and_calendars_are_offered_as_webcal() {
    let fx = fixture();
    build(&fx);
    let site = fx.site();
    let pi = r#"<?xml-stylesheet type="text/xsl" href="/pcc/feed.xsl"?>"#;
    for feed in ["feed.xml", "ccgs/alpha/feed.xml", "ccgs/beta/feed.xml", "regions/london/feed.xml", "regions/north/feed.xml"] {
        let xml = fx.page(feed);
        assert_eq!(xml.lines().nth(1), Some(pi), "{feed}: the stylesheet, under the base path (same origin)");
    }
    let xsl = fx.page("feed.xsl");
    assert!(xsl.starts_with("<?xml") && xsl.contains("<xsl:stylesheet"), "{xsl}");
    assert!(xsl.contains(r#"href="/pcc/assets/css/ccgpages.css?h="#), "the site's styles, under the base path, with their hash");
    assert!(xsl.contains("This is a feed.") && xsl.contains("Fixture site"), "says what a feed is, with the site's title");

    // webcal:// from the base URL, beside the https download, with the steps.
    let ccg = fx.page("ccgs/alpha/index.html");
    assert!(ccg.contains(r#"href="webcal://example.org/pcc/ccgs/alpha/meetings.ics""#), "subscribe link");
    assert!(ccg.contains(r#"href="/pcc/ccgs/alpha/meetings.ics">download the calendar file"#));
    assert!(ccg.contains("https://example.org/pcc/ccgs/alpha/meetings.ics</code>"), "the address to paste");
    for app in ["Outlook", "Google Calendar", "Apple Calendar"] {
        assert!(ccg.contains(app) && fx.page("subscribe/index.html").contains(app), "steps for {app}");
    }
    // A preview at another address gets webcal links to that address.
    let preview = fx.build(&["--base-url", "http://127.0.0.1:8000/"]);
    assert_eq!(preview.code, 0, "{}", preview.stderr);
    assert!(fx.page("ccgs/alpha/index.html").contains(r#"href="webcal://127.0.0.1:8000/ccgs/alpha/meetings.ics""#));

    // check --links accepts the site's own webcal links (and follows them), and no other.
    build(&fx);
    let links = |fx: &Fixture| run(&["check", "--links", "--output", fx.site().to_str().unwrap()]);
    let ok = links(&fx);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    let page = site.join("ccgs/alpha/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let broken = html.replacen("webcal://example.org/pcc/ccgs/alpha/meetings.ics", "webcal://example.org/pcc/ccgs/alpha/missing.ics", 1);
    std::fs::write(&page, &broken).unwrap();
    let r = links(&fx);
    assert_eq!(r.code, 1, "a webcal link to a missing calendar is broken: {}", r.stderr);
    assert!(r.stderr.contains("missing.ics"), "{}", r.stderr);
    let other = html.replacen("webcal://example.org/pcc/ccgs/alpha/meetings.ics", "webcal://evil.example/pcc/x.ics", 1);
    std::fs::write(&page, &other).unwrap();
    let r = links(&fx);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("`webcal:` links are not published"), "{}", r.stderr);
}

#[test]
fn each_region_has_a_feed_of_its_own_ccgs() {
    let fx = fixture();
    build(&fx);
    // alpha is in London, beta in the North.
    let london = fx.page("regions/london/feed.xml");
    let north = fx.page("regions/north/feed.xml");
    assert!(london.contains("<title>Fixture site: decisions and meetings in London</title>"), "{london}");
    assert!(london.contains("Decision AL-2016-01") && london.contains("/ccgs/alpha/"));
    assert!(!north.contains("Decision AL-") && !north.contains("/ccgs/alpha/"), "only the region's own: {north}");
    assert!(!london.contains("/ccgs/beta/"));
    assert_eq!(london.matches("groups/pair/meetings/2016-01-14/</id>").count(), 1, "a meeting in common once");
    assert!(north.contains("groups/pair/meetings/2016-01-14/</id>"), "and in each region of its CCGs");
    assert!(!fx.site().join("regions/south").exists(), "no feed for a region without CCGs");
    // Linked from the index's regions, the decisions page and the subscribe page.
    let index = fx.page("index.html");
    assert!(
        index.contains(r#"href="/pcc/regions/london/feed.xml">Feed<span class="nhsuk-u-visually-hidden"> of London</span>"#),
        "{index}"
    );
    let decisions = fx.page("decisions/index.html");
    assert!(decisions.contains(
        r#"<link rel="alternate" type="application/atom+xml" title="Fixture site: decisions and meetings in North" href="/pcc/regions/north/feed.xml">"#
    ));
    assert!(decisions.contains(r#"<a href="/pcc/regions/london/feed.xml">London</a>"#));
    assert!(fx.page("subscribe/index.html").contains(r#"href="/pcc/regions/north/feed.xml""#));
}
