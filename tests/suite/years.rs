//! Issue 17's drill-downs: a CCG's page in financial years (April to March,
//! newest first, the year of the day open and older years folded), the
//! home page in order of the share of checks met, and a page per
//! transparency check listing the CCGs that do not meet it.

use crate::common::*;

/// The minimal fixture with Alpha's meetings and decisions spread over
/// three financial years, on both sides of 1 April.
fn three_years() -> Fixture {
    let fx = Fixture::new("minimal");
    for day in ["2015-03-31", "2015-04-01", "2016-04-01"] {
        fx.write(&format!("ccgs/alpha/meetings/{day}.md"), &format!("---\ncommittee: pccc\ndate: {day}\nminutes: draft\n---\n"));
    }
    let decisions = fx.read("ccgs/alpha/decisions.yaml");
    fx.write(
        "ccgs/alpha/decisions.yaml",
        &format!(
            "{}  - id: AL-2016-04\n    date: 2016-03-31\n    title: Last day of the year\n    category: other\n    outcome: noted\n  - id: AL-2016-05\n    date: 2016-04-01\n    title: First day of the next\n    category: other\n    outcome: noted\n",
            decisions.replacen("updated: 2016-02-01", "updated: 2016-04-02", 1)
        ),
    );
    fx
}

/// The `<details>` of each year of a CCG page, in the page's order: (its
/// id, whether it is open, its summary, its markup).
fn years(page: &str) -> Vec<(String, bool, String, String)> {
    page.split("<details class=\"nhsuk-details ccg-year\"")
        .skip(1)
        .map(|part| {
            let part = &part[..part.find("</details>").expect("a year's <details> ends")];
            let id = part.split('"').nth(1).unwrap().to_owned();
            let open = part[..part.find('>').unwrap()].contains(" open");
            let summary = part.split("nhsuk-details__summary-text\">").nth(1).unwrap();
            let summary = summary[..summary.find('<').unwrap()].to_owned();
            (id, open, summary, part.to_owned())
        })
        .collect()
}

#[test]
fn a_ccg_page_groups_meetings_and_decisions_by_financial_year() {
    let fx = three_years();
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = fx.page("ccgs/alpha/index.html");
    let years = years(&page);
    let ids: Vec<&str> = years.iter().map(|y| y.0.as_str()).collect();
    assert_eq!(ids, ["year-2016-17", "year-2015-16", "year-2014-15"], "newest first");
    // As of 30 June 2016: the year from April 2016 is open, the older ones folded.
    assert_eq!(years.iter().map(|y| y.1).collect::<Vec<_>>(), [true, false, false]);
    assert_eq!(years[0].2, "April 2016 to March 2017: 1 meeting, 1 decision");
    assert_eq!(years[2].2, "April 2014 to March 2015: 1 meeting, no decisions");
    // Alpha's two meetings of the year, and the one held in common.
    assert_eq!(years[1].2, "April 2015 to March 2016: 3 meetings, 4 decisions");
    // 31 March and 1 April fall in different years.
    assert!(years[1].3.contains("id=\"decision-AL-2016-04\""), "31 March 2016 is in 2015-16");
    assert!(years[0].3.contains("id=\"decision-AL-2016-05\""), "1 April 2016 is in 2016-17");
    assert!(years[2].3.contains("meetings/2015-03-31/"), "31 March 2015 is in 2014-15");
    assert!(years[1].3.contains("meetings/2015-04-01/"), "1 April 2015 is in 2015-16");
    assert!(years[2].3.contains("No decisions are recorded in this year."));
    // Every decision once, each in one year.
    for id in ["AL-2016-01", "AL-2016-02", "AL-2016-03", "AL-2016-04", "AL-2016-05"] {
        assert_eq!(page.matches(&format!("id=\"decision-{id}\"")).count(), 1, "{id}");
    }
    // The meeting to come stays in sight, above the years.
    let upcoming = page.find("id=\"upcoming\"").unwrap();
    let first_year = page.find("<details class=\"nhsuk-details ccg-year\"").unwrap();
    let next = page.find("meetings/2016-09-15/").unwrap();
    assert!(upcoming < next && next < first_year, "the upcoming meeting is outside the years");
    assert!(!years.iter().any(|y| y.3.contains("meetings/2016-09-15/")));
    // A link to a decision in a folded year opens it (progressive enhancement).
    assert!(page.contains(r#"<script type="module" src="/fixture/assets/js/reveal.js?h="#));
    assert!(fx.site().join("assets/js/reveal.js").is_file());
    // The decision links other pages make still land on the page.
    let meeting = fx.page("ccgs/alpha/meetings/2016-01-14/index.html");
    assert!(meeting.contains("ccgs/alpha/#decision-AL-2016-01"));
    let links = run(&["check", "--links", "--output", fx.site().to_str().unwrap()]);
    assert_eq!(links.code, 0, "{}{}", links.stdout, links.stderr);
}

#[test]
fn when_the_year_of_the_day_holds_nothing_the_newest_year_is_open() {
    let fx = three_years();
    // As of 2018: Alpha's year (April 2017 on) holds nothing; Beta closed
    // on 31 March 2017 and its only meeting (held in common) is in 2015-16.
    let (content, site) = (fx.content(), fx.site());
    let r = run(&["build", "--content", content.to_str().unwrap(), "--output", site.to_str().unwrap(), "--as-of", "2018-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let alpha = years(&fx.page("ccgs/alpha/index.html"));
    assert_eq!(alpha.iter().map(|y| (y.0.as_str(), y.1)).collect::<Vec<_>>()[..2], [("year-2016-17", true), ("year-2015-16", false)]);
    // The meeting of September 2016 is past now, in 2016-17.
    assert_eq!(alpha[0].2, "April 2016 to March 2017: 2 meetings, 1 decision");
    let beta = years(&fx.page("ccgs/beta/index.html"));
    assert_eq!(beta.iter().map(|y| (y.0.as_str(), y.1)).collect::<Vec<_>>(), [("year-2015-16", true)]);
    // Beta publishes no register: its years count meetings alone.
    assert_eq!(beta[0].2, "April 2015 to March 2016: 1 meeting");
}

/// The home page's CCG rows, in order: (name, checks met, applicable, sort key).
fn index_rows(page: &str) -> Vec<(String, usize, usize, String)> {
    let table = &page[page.find("id=\"ccgs-caption\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("<tr class=\"nhsuk-table__row\">")
        .skip(2)
        .map(|row| {
            let name = row.split("data-sort=\"").nth(1).unwrap();
            let name = name[..name.find('"').unwrap()].to_owned();
            let cell = row.rsplit("<td").next().unwrap();
            let key = cell.split("data-sort=\"").nth(1).unwrap();
            let key = key[..key.find('"').unwrap()].to_owned();
            let text = cell.rsplit("</span>").next().unwrap();
            let text = &text[..text.find('<').unwrap()];
            let (met, of) = text.split_once(" of ").unwrap();
            (name, met.trim().parse().unwrap(), of.trim().parse().unwrap(), key)
        })
        .collect()
}

#[test]
fn the_home_page_lists_ccgs_by_the_share_of_checks_met() {
    let fx = Fixture::new("minimal");
    // Alpha, renamed to come after Beta A to Z, meets the larger share.
    fx.edit("ccgs/alpha/ccg.yaml", "name: NHS Alpha CCG", "name: NHS Zulu CCG");
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = index_rows(&fx.page("index.html"));
    assert_eq!(rows.len(), 2, "{rows:?}");
    let share = |r: &(String, usize, usize, String)| r.1 as f64 / r.2 as f64;
    assert!(share(&rows[0]) > share(&rows[1]), "{rows:?}");
    assert_eq!(rows[0].0, "NHS Zulu CCG", "{rows:?}");
    // sort.js's key for the column sorts the same way.
    let keys: Vec<u64> = rows.iter().map(|r| r.3.parse().unwrap()).collect();
    assert!(keys[0] > keys[1], "{rows:?}");
}

#[test]
fn each_check_has_a_page_listing_the_ccgs_that_do_not_meet_it() {
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/interests.yaml", "updated: 2016-01-01", "updated: 2014-01-01");
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let home = fx.page("index.html");
    // Check 1's "Not met" count links to its page; a count of 0 does not.
    let row = home.split("<tr class=\"nhsuk-table__row\">").find(|r| r.contains("1. Register of interests published")).unwrap();
    assert!(row.contains("href=\"/fixture/checks/1/\""), "{row}");
    assert!(row.contains("<a href=\"/fixture/checks/1/#not-met\" aria-label=\"2 CCGs not meeting check 1\">2</a>"), "{row}");
    assert!(!row.contains("checks/1/#unknown"), "an Unknown count of 0 is no link: {row}");

    let page = fx.page("checks/1/index.html");
    assert!(page.contains("<h1 class=\"nhsuk-heading-xl\">"));
    assert!(page.contains("Register of interests published</h1>"));
    assert!(page.contains("has reviewed it in the last 12 months"), "what the check asks");
    assert!(page.contains("id=\"not-met\""));
    assert!(page.contains("<caption class=\"nhsuk-table__caption nhsuk-u-visually-hidden\" id=\"not-met-caption\">CCGs that do not meet check 1, A to Z</caption>"));
    assert!(page.contains("scope=\"col\">What the records show</th>"));
    assert!(!page.contains("To pass"), "what to edit is for `check`, not the public");
    let not_met = &page[page.find("id=\"not-met\"").unwrap()..page.find("id=\"unknown\"").unwrap()];
    // Alpha's register is stale; Beta publishes none. A to Z.
    let (alpha, beta) = (not_met.find(">NHS Alpha CCG</a>").unwrap(), not_met.find(">NHS Beta CCG</a>").unwrap());
    assert!(alpha < beta, "{not_met}");
    assert!(not_met.contains("<a href=\"/fixture/ccgs/alpha/\">NHS Alpha CCG</a>"), "{not_met}");
    assert!(not_met.contains("no register of interests is published here"), "{not_met}");
    assert!(not_met.contains("the register was last reviewed on 1 January 2014"), "the reason, as on the CCG's page");
    assert!(not_met.contains("(<a href=\"/fixture/ccgs/alpha/#interests\">the register of interests</a>)"), "the evidence: {not_met}");
    assert!(!not_met.contains("updated"), "no field name: {not_met}");
    // The CCG's page says the same, and links the check's page.
    let alpha = fx.page("ccgs/alpha/index.html");
    assert!(alpha.contains("<a href=\"/fixture/checks/1/\">1. Register of interests published</a>"));
    assert!(alpha.contains("the register was last reviewed on 1 January 2014"));
    assert!(!alpha.contains("To pass"));

    // Every check has its page, and /checks/ lists them all.
    let index = fx.page("checks/index.html");
    for n in 1..=11 {
        assert!(fx.site().join(format!("checks/{n}/index.html")).is_file(), "check {n}");
        assert!(index.contains(&format!("href=\"/fixture/checks/{n}/\"")), "check {n} on /checks/");
    }
    assert!(!fx.site().join("checks/12").exists());
    let links = run(&["check", "--links", "--output", fx.site().to_str().unwrap()]);
    assert_eq!(links.code, 0, "{}{}", links.stdout, links.stderr);
}
