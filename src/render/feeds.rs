//! Following the committees: Atom feeds (per CCG `feed.xml`, per NHS
//! England region and the national `/feed.xml`, each shown in a browser as
//! a page by `/feed.xsl`), calendars (`meetings.ics` per CCG and
//! `meeting.ics` per meeting), the page on how to subscribe
//! (`/subscribe/`), and discovery (`/sitemap.xml`, `/robots.txt`).
//!
//! Every date comes from the content (or the as-of date), never the clock.
//! Atom dates are the content's days at midnight UTC; calendar times are
//! local times in Europe/London with a VTIMEZONE, as the content gives them.

use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::escape::escape_text as esc;
use crate::markdown;
use crate::model::*;
use crate::render::opendata::{DecisionRow, conflict_text, decision_rows};
use crate::render::{Base, Body, DataFile, HtmlSite, Input, Output, Owner, Published, Renderer, SitePath, meeting_title};

/// How many entries a feed holds, newest first.
pub(crate) const CCG_FEED_ENTRIES: usize = 100;
pub(crate) const NATIONAL_FEED_ENTRIES: usize = 200;
pub(crate) const REGION_FEED_ENTRIES: usize = 200;

/// Feeds, calendars, the subscribe page and robots.txt (the sitemap is made
/// from the other renderers' output: see [`sitemap`]).
pub(crate) struct Feeds<'h> {
    /// For the feeds' stylesheet and the subscribe page.
    pub html: &'h HtmlSite,
}

impl Renderer for Feeds<'_> {
    fn render(&self, cx: &Published) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let host = calendar_host(cx);
        // Each CCG's feed, calendar and meetings' calendars, on every core.
        let (files, entries): (Vec<Vec<Output>>, Vec<Vec<Entry>>) = cx
            .content
            .ccgs
            .par_iter()
            .map(|ccg| {
                let entries = ccg_entries(cx, ccg);
                let title = format!("{}: decisions and meetings", ccg.profile.data.name);
                let feed = SitePath::data_file(ccg, DataFile::Feed);
                let refs: Vec<&Entry> = entries.iter().collect();
                let xml = atom(cx, &title, &feed, &SitePath::ccg(&ccg.id), &refs, CCG_FEED_ENTRIES);
                let mut out = Vec::with_capacity(2 + ccg.meetings.len());
                out.push(Output { path: feed.into_file(), body: Body::Bytes(xml.into_bytes()) });
                let calendar_file = SitePath::data_file(ccg, DataFile::Calendar).into_file();
                out.push(Output { path: calendar_file, body: Body::Bytes(calendar(cx, ccg).into_bytes()) });
                out.extend(ccg.meetings.iter().map(|m| meeting_calendar(cx, m, Owner::Ccg(ccg), host)));
                (out, entries)
            })
            .collect();
        let mut out: Vec<Output> = files.into_iter().flatten().collect();
        for g in &cx.content.groups {
            out.extend(g.meetings.iter().map(|m| meeting_calendar(cx, m, Owner::Group(g), host)));
        }
        let mut national: Vec<(&str, &Entry)> = Vec::new();
        for (ccg, entries) in cx.content.ccgs.iter().zip(&entries) {
            national.extend(entries.iter().map(|e| (ccg.profile.data.region.as_str(), e)));
        }
        // A meeting held in common is one entry nationally (and in a
        // region), not one per CCG.
        national.sort_by(|a, b| (b.1.updated, &a.1.id, a.0).cmp(&(a.1.updated, &b.1.id, b.0)));
        national.dedup_by(|a, b| a.1.id == b.1.id && a.0 == b.0);
        let mut all: Vec<&Entry> = national.iter().map(|(_, e)| *e).collect();
        all.dedup_by(|a, b| a.id == b.id);
        let title = format!("{}: latest decisions and meetings", cx.site_title());
        let feed = SitePath::national_feed();
        let xml = atom(cx, &title, &feed, &SitePath::decisions_page(), &all, NATIONAL_FEED_ENTRIES);
        out.push(Output { path: feed.into_file(), body: Body::Bytes(xml.into_bytes()) });
        for region in cx.regions() {
            let entries: Vec<&Entry> = national.iter().filter(|(r, _)| *r == region).map(|(_, e)| *e).collect();
            let title = format!("{}: decisions and meetings in {region}", cx.site_title());
            let feed = SitePath::region_feed(region);
            let xml = atom(cx, &title, &feed, &SitePath::decisions_page(), &entries, REGION_FEED_ENTRIES);
            out.push(Output { path: feed.into_file(), body: Body::Bytes(xml.into_bytes()) });
        }
        out.push(self.stylesheet(cx).map_err(|d| vec![d])?);
        out.push(self.subscribe_page(cx).map_err(|d| vec![d])?);
        out.push(Output { path: SitePath::robots().into_file(), body: Body::Bytes(robots(cx).into_bytes()) });
        Ok(out)
    }
}

/// A link to a feed: what it follows, and where it is.
#[derive(Serialize)]
pub(crate) struct FeedLink {
    pub(crate) text: String,
    pub(crate) url: String,
}

/// The feed of each region of the site's CCGs, North to South.
fn region_feeds(cx: &Published) -> Vec<FeedLink> {
    cx.regions().into_iter().map(|r| FeedLink { text: r.to_owned(), url: cx.href(&SitePath::region_feed(r)) }).collect()
}

#[derive(Serialize)]
struct SubscribeView {
    national: FeedLink,
    regions: Vec<FeedLink>,
}

impl Feeds<'_> {
    /// `/feed.xsl`: turns a feed into a page in a browser, with the
    /// site's styles (from the theme's `feed.xsl`, under the base path).
    fn stylesheet(&self, cx: &Published) -> Result<Output, Diagnostic> {
        #[derive(Serialize)]
        struct Xsl {
            base: String,
            title: String,
        }
        let view = Xsl { base: esc(cx.base.path()), title: esc(cx.site_title()) };
        let xsl = self.html.fragment("feed.xsl", "feed", &view)?;
        Ok(Output { path: SitePath::feed_stylesheet().into_file(), body: Body::Bytes(xsl.into_bytes()) })
    }

    /// `/subscribe/`: the feeds, and how to add a calendar to Outlook,
    /// Google Calendar and Apple Calendar.
    fn subscribe_page(&self, cx: &Published) -> Result<Output, Diagnostic> {
        let view = SubscribeView {
            national: FeedLink { text: "Every CCG".into(), url: cx.href(&SitePath::national_feed()) },
            regions: region_feeds(cx),
        };
        let description = "Follow new decisions and meetings in a feed reader, or add committee meetings to your calendar";
        self.html.render_page(cx, "subscribe.html", "Feeds and calendars", description, &SitePath::subscribe_page(), "subscribe", &view)
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
            let _ = write!(html, "<li>{}</li>", esc(&conflict_text(name, interest, action)));
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
pub(crate) fn atom(cx: &Published, title: &str, self_at: &SitePath, alternate: &SitePath, entries: &[&Entry], limit: usize) -> String {
    let entries = &entries[..entries.len().min(limit)];
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(cx.input.as_of);
    let site = cx.site();
    let author = site.and_then(|s| s.publisher.as_deref()).filter(|p| !p.trim().is_empty()).unwrap_or(cx.site_title());
    let lang = site.and_then(|s| s.language.as_deref()).unwrap_or("en-GB");
    let mut x = String::with_capacity(4096 + entries.len() * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    // A browser shows the feed as a page (same origin: under the base path).
    let _ = writeln!(x, "<?xml-stylesheet type=\"text/xsl\" href=\"{}\"?>", esc(&cx.href(&SitePath::feed_stylesheet())));
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

/// The host the calendars' UIDs name: site.yaml's address, not
/// --base-url, so that a preview build keeps the UIDs.
fn calendar_host<'a>(cx: &Published<'a>) -> &'a str {
    host(cx.site().map_or(cx.input.base_url.as_str(), |s| s.base_url.as_str()))
}

/// A calendar's head, up to its events: named when it is one to subscribe
/// to (a file of one event has no name, so that a calendar app adds the
/// event to a calendar of the user's, not a new one).
fn calendar_head(c: &mut Ics, name: Option<&str>) {
    c.line("BEGIN:VCALENDAR");
    c.line("VERSION:2.0");
    c.line("PRODID:-//ccgpages//ccgpages//EN");
    c.line("CALSCALE:GREGORIAN");
    c.line("METHOD:PUBLISH");
    if let Some(name) = name {
        c.prop("X-WR-CALNAME", name);
        c.line("X-WR-TIMEZONE:Europe/London");
    }
    c.raw(VTIMEZONE);
}

/// The CCG's meetings, and those held in common by its groups, as a calendar.
pub(crate) fn calendar(cx: &Published, ccg: &Ccg) -> String {
    let mut c = Ics::default();
    calendar_head(&mut c, Some(&format!("{}: committee meetings", ccg.profile.data.name)));
    let host = calendar_host(cx);
    for (m, owner) in cx.meetings_of(ccg) {
        event(&mut c, cx, m, owner, host);
    }
    c.line("END:VCALENDAR");
    c.out
}

/// A meeting as a calendar of its one event ("Add to calendar"): the same
/// event, with the same UID, as in its CCGs' calendars.
fn meeting_calendar(cx: &Published, m: &Meeting, owner: Owner, host: &str) -> Output {
    let mut c = Ics { out: String::with_capacity(2048) };
    calendar_head(&mut c, None);
    event(&mut c, cx, m, owner, host);
    c.line("END:VCALENDAR");
    Output { path: SitePath::meeting_calendar(m, &owner).into_file(), body: Body::Bytes(c.out.into_bytes()) }
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
