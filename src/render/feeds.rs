//! Following the committees: Atom feeds (per CCG `feed.xml` and the national
//! `/feed.xml`), calendars (`meetings.ics` per CCG), and discovery
//! (`/sitemap.xml`, `/robots.txt`).
//!
//! Every date comes from the content (or the as-of date), never the clock.
//! Atom dates are the content's days at midnight UTC; calendar times are
//! local times in Europe/London with a VTIMEZONE, as the content gives them.

use std::fmt::Write as _;

use crate::diag::Diagnostic;
use crate::escape::escape_text as esc;
use crate::markdown;
use crate::model::*;
use crate::render::opendata::{DecisionRow, decision_rows};
use crate::render::{Base, Body, DataFile, Input, Output, Owner, Published, Renderer, SitePath, meeting_title};

/// How many entries a feed holds, newest first.
pub(crate) const CCG_FEED_ENTRIES: usize = 100;
pub(crate) const NATIONAL_FEED_ENTRIES: usize = 200;

/// Feeds, calendars and robots.txt (the sitemap is made from the other
/// renderers' output: see [`sitemap`]).
pub struct Feeds;

impl Renderer for Feeds {
    fn render(&self, cx: &Published) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let mut out = Vec::new();
        let mut national = Vec::new();
        for ccg in &cx.content.ccgs {
            let entries = ccg_entries(cx, ccg);
            let title = format!("{}: decisions and meetings", ccg.profile.data.name);
            let feed = SitePath::data_file(ccg, DataFile::Feed);
            let xml = atom(cx, &title, &feed, &SitePath::ccg(&ccg.id), &entries, CCG_FEED_ENTRIES);
            out.push(Output { path: feed.into_file(), body: Body::Bytes(xml.into_bytes()) });
            let calendar_file = SitePath::data_file(ccg, DataFile::Calendar).into_file();
            out.push(Output { path: calendar_file, body: Body::Bytes(calendar(cx, ccg).into_bytes()) });
            national.extend(entries);
        }
        // A meeting held in common is one entry nationally, not one per CCG.
        national.sort_by(|a, b| (b.updated, &a.id).cmp(&(a.updated, &b.id)));
        national.dedup_by(|a, b| a.id == b.id);
        let title = format!("{}: latest decisions and meetings", cx.site_title());
        let feed = SitePath::national_feed();
        let xml = atom(cx, &title, &feed, &SitePath::decisions_page(), &national, NATIONAL_FEED_ENTRIES);
        out.push(Output { path: feed.into_file(), body: Body::Bytes(xml.into_bytes()) });
        out.push(Output { path: SitePath::robots().into_file(), body: Body::Bytes(robots(cx).into_bytes()) });
        Ok(out)
    }
}

// ---------------------------------------------------------------------------
// Atom.

/// One feed entry.
pub(crate) struct Entry {
    /// Absolute URL: also the entry's permanent id.
    pub id: String,
    pub title: String,
    pub updated: Date,
    /// HTML, escaped into the feed as `type="html"`.
    pub content: String,
    pub category: &'static str,
}

/// A CCG's decisions and meetings (its own and those held in common) as
/// feed entries, newest first. A meeting counts from its date; an upcoming
/// meeting whose papers are out counts from the day they came out, and one
/// without them is left to the calendar.
pub(crate) fn ccg_entries(cx: &Published, ccg: &Ccg) -> Vec<Entry> {
    let mut entries: Vec<Entry> = decision_rows(cx, ccg).into_iter().map(|r| decision_entry(ccg, r)).collect();
    entries.extend(cx.meetings_of(ccg).into_iter().filter_map(|(m, owner)| meeting_entry(cx, m, owner)));
    entries.sort_by(|a, b| (b.updated, &a.id).cmp(&(a.updated, &b.id)));
    entries
}

/// A decision: what, how and when it was decided, its summary, the
/// conflicts of interest noted and the value of a contract.
fn decision_entry(ccg: &Ccg, r: DecisionRow) -> Entry {
    let d = r.d;
    let mut html = format!(
        "<p>{} · {} · {}. {}, {}.</p>",
        esc(&ccg.profile.data.name),
        esc(d.category.label()),
        esc(d.outcome.label()),
        esc(d.route.label()),
        esc(&d.date.long())
    );
    if let Some(s) = &d.summary {
        html.push_str(&markdown::to_html(s, 3));
    }
    if !r.conflicts.is_empty() {
        html.push_str("<p>Conflicts of interest noted:</p><ul>");
        for (name, interest, action) in &r.conflicts {
            let _ = write!(html, "<li>{}: {} ({})</li>", esc(name), esc(interest), esc(action));
        }
        html.push_str("</ul>");
    }
    if let Some(v) = d.procurement.as_ref().and_then(|p| p.value_total) {
        let _ = write!(html, "<p>Total value {}.</p>", esc(&v.display()));
    }
    Entry { id: r.url, title: format!("Decision {}: {}", d.id, d.title), updated: d.date, content: html, category: "decision" }
}

/// A meeting: its status, time, place and agenda. `None` for one still to
/// come whose papers are not out.
fn meeting_entry(cx: &Published, m: &Meeting, owner: Owner) -> Option<Entry> {
    let f = &m.front;
    let updated = if f.date <= cx.input.as_of { f.date } else { f.papers_published.filter(|p| *p <= cx.input.as_of)? };
    let title = meeting_title(m, &owner);
    let mut html = format!("<p>{}: {}", esc(f.status.label()), esc(&f.date.long()));
    if let Some(s) = f.start {
        let _ = write!(html, ", {s}");
        if let Some(e) = f.end {
            let _ = write!(html, " to {e}");
        }
    }
    if let Some(v) = &f.venue {
        let _ = write!(html, ", {}", esc(v));
    }
    html.push_str(".</p>");
    if !f.agenda.is_empty() {
        html.push_str("<ol>");
        for item in &f.agenda {
            let _ = write!(html, "<li>{} {}</li>", esc(&item.number), esc(&item.title));
        }
        html.push_str("</ol>");
    }
    let prefix = match f.status {
        MeetingStatus::Cancelled => "Cancelled: ",
        MeetingStatus::Postponed => "Postponed: ",
        _ => "",
    };
    Some(Entry {
        id: cx.abs(&SitePath::meeting(m, &owner)),
        title: format!("{prefix}{title}"),
        updated,
        content: html,
        category: "meeting",
    })
}

/// An Atom 1.0 feed of the first `limit` entries.
pub(crate) fn atom(cx: &Published, title: &str, self_at: &SitePath, alternate: &SitePath, entries: &[Entry], limit: usize) -> String {
    let entries = &entries[..entries.len().min(limit)];
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(cx.input.as_of);
    let site = cx.site();
    let author = site.and_then(|s| s.publisher.as_deref()).filter(|p| !p.trim().is_empty()).unwrap_or(cx.site_title());
    let lang = site.and_then(|s| s.language.as_deref()).unwrap_or("en-GB");
    let mut x = String::with_capacity(4096 + entries.len() * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", esc(lang));
    let _ = writeln!(x, "  <title>{}</title>", esc(title));
    let self_url = cx.abs(self_at);
    let _ = writeln!(x, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", esc(&self_url));
    let _ = writeln!(x, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", esc(&cx.abs(alternate)));
    let _ = writeln!(x, "  <id>{}</id>", esc(&self_url));
    let _ = writeln!(x, "  <updated>{}</updated>", date_time(updated));
    let _ = writeln!(x, "  <author><name>{}</name></author>", esc(if author.is_empty() { "ccgpages" } else { author }));
    x.push_str("  <generator>ccgpages</generator>\n");
    for e in entries {
        x.push_str("  <entry>\n");
        let _ = writeln!(x, "    <id>{}</id>", esc(&e.id));
        let _ = writeln!(x, "    <title>{}</title>", esc(&e.title));
        let _ = writeln!(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", esc(&e.id));
        let _ = writeln!(x, "    <updated>{}</updated>", date_time(e.updated));
        let _ = writeln!(x, "    <category term=\"{}\"/>", e.category);
        let _ = writeln!(x, "    <content type=\"html\">{}</content>", esc(&e.content));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

fn date_time(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

// ---------------------------------------------------------------------------
// iCalendar (RFC 5545).

const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/London\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0000\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:BST\r\n\
DTSTART:19810329T010000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0000\r\n\
TZNAME:GMT\r\n\
DTSTART:19961027T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// The host part of a base URL, for calendar UIDs.
fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() { "ccgpages.invalid" } else { host }
}

/// The CCG's meetings, and those held in common by its groups, as a calendar.
pub(crate) fn calendar(cx: &Published, ccg: &Ccg) -> String {
    let mut c = Ics::default();
    c.line("BEGIN:VCALENDAR");
    c.line("VERSION:2.0");
    c.line("PRODID:-//ccgpages//ccgpages//EN");
    c.line("CALSCALE:GREGORIAN");
    c.line("METHOD:PUBLISH");
    c.prop("X-WR-CALNAME", &format!("{}: committee meetings", ccg.profile.data.name));
    c.line("X-WR-TIMEZONE:Europe/London");
    c.raw(VTIMEZONE);
    // site.yaml's address, not --base-url: a preview build keeps the UIDs.
    let host = host(cx.site().map_or(cx.base.url(), |s| s.base_url.as_str()));
    for (m, owner) in cx.meetings_of(ccg) {
        event(&mut c, cx, m, owner, host);
    }
    c.line("END:VCALENDAR");
    c.out
}

/// A meeting as a calendar event, its UID stable across builds.
fn event(c: &mut Ics, cx: &Published, m: &Meeting, owner: Owner, host: &str) {
    let f = &m.front;
    let (kind, id) = match &owner {
        Owner::Ccg(c) => ("ccg", c.id.as_str()),
        Owner::Group(g) => ("group", g.id.as_str()),
    };
    c.line("BEGIN:VEVENT");
    c.line(&format!("UID:meeting-{kind}-{id}-{}@{host}", m.id));
    c.line(&format!("DTSTAMP:{}T000000Z", compact(f.date)));
    match (f.start, f.end) {
        (Some(s), e) => {
            c.line(&format!("DTSTART;TZID=Europe/London:{}T{}00", compact(f.date), compact_time(s)));
            if let Some(e) = e {
                c.line(&format!("DTEND;TZID=Europe/London:{}T{}00", compact(f.date), compact_time(e)));
            }
        }
        (None, _) => {
            c.line(&format!("DTSTART;VALUE=DATE:{}", compact(f.date)));
            c.line(&format!("DTEND;VALUE=DATE:{}", compact(f.date.add_days(1))));
        }
    }
    let title = meeting_title(m, &owner);
    let (status, prefix) = match f.status {
        MeetingStatus::Cancelled => ("CANCELLED", "Cancelled: "),
        MeetingStatus::Postponed => ("CANCELLED", "Postponed: "),
        MeetingStatus::Held | MeetingStatus::Scheduled => ("CONFIRMED", ""),
    };
    c.prop("SUMMARY", &format!("{prefix}{title}"));
    if let Some(v) = &f.venue {
        c.prop("LOCATION", v);
    }
    let url = cx.abs(&SitePath::meeting(m, &owner));
    let mut desc = format!("{} meeting{}.", f.status.label(), if f.public { " in public" } else { "" });
    if let Owner::Group(g) = &owner {
        let _ = write!(desc, " Held in common: {}.", g.profile.data.name);
    }
    if !f.agenda.is_empty() {
        desc.push_str("\nAgenda:");
        for item in &f.agenda {
            let _ = write!(desc, "\n{} {}", item.number, item.title);
        }
    }
    let _ = write!(desc, "\n\nAgenda, papers and minutes: {url}");
    c.prop("DESCRIPTION", &desc);
    c.line(&format!("URL:{url}"));
    c.line(&format!("STATUS:{status}"));
    c.line("TRANSP:OPAQUE");
    c.line("END:VEVENT");
}

fn compact(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn compact_time(t: Time) -> String {
    t.to_string().replace(':', "")
}

/// iCalendar content lines: CRLF, folded at 75 octets.
#[derive(Default)]
struct Ics {
    out: String,
}

impl Ics {
    /// A text property, escaped.
    fn prop(&mut self, name: &str, text: &str) {
        self.line(&format!("{name}:{}", ics_text(text)));
    }

    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// One content line, folded so no line exceeds 75 octets (a fold never
    /// splits a UTF-8 character).
    fn line(&mut self, line: &str) {
        let mut rest = line;
        let mut limit = 75;
        loop {
            if rest.len() <= limit {
                self.out.push_str(rest);
                self.out.push_str("\r\n");
                return;
            }
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            self.out.push_str(&rest[..cut]);
            self.out.push_str("\r\n ");
            rest = &rest[cut..];
            limit = 74;
        }
    }
}

/// RFC 5545 TEXT: backslash, semicolon, comma and newline escaped; other
/// control characters dropped.
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Discovery.

fn robots(cx: &Published) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", cx.abs(&SitePath::sitemap()))
}

/// `/sitemap.xml`: every page the other renderers made (`…/index.html`),
/// as absolute URLs, sorted. The not-found page is left out.
pub(crate) fn sitemap(input: &Input, outputs: &[Output]) -> Output {
    let base = Base::new(&input.base_url);
    let mut urls: Vec<String> = outputs.iter().filter_map(|o| SitePath::of_page_file(&o.path)).map(|page| base.abs(&page)).collect();
    urls.sort();
    urls.dedup();
    let mut x =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        let _ = writeln!(x, "  <url><loc>{}</loc></url>", esc(&u));
    }
    x.push_str("</urlset>\n");
    Output { path: SitePath::sitemap().into_file(), body: Body::Bytes(x.into_bytes()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut c = Ics::default();
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        c.line(&long);
        for l in c.out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        let unfolded = c.out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(ics_text("a,b;c\\d\ne\r\nf\u{7}"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://example.github.io/repo/"), "example.github.io");
        assert_eq!(host("http://127.0.0.1:8000/"), "127.0.0.1:8000");
        assert_eq!(host(""), "ccgpages.invalid");
    }
}
