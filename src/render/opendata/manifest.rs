//! `/ccgpages.json`, the site's manifest: what an index of many sites
//! (national, regional, a Healthwatch's) reads to find everything this site
//! publishes about each of its CCGs and groups, and `/ccgpages.schema.json`,
//! its JSON Schema (draft 2020-12), published beside it and printed by
//! `ccgpages schema --manifest`.
//!
//! A versioned contract (`docs/manifest.md` documents every field, and what
//! changes bump [`VERSION`]): identifiers (id, name, ODS code, region,
//! level), the addresses of pages and data files, meetings with their
//! papers' addresses, the transparency checks' results, and GP practices.
//! It holds no person: people are reached through the registers it links
//! (and it is scanned for withheld names like every output). Every address
//! is absolute, made by [`SitePath`] and [`Published::abs`]; the file is
//! sorted, with no date but the as-of date, so the same content gives the
//! same bytes.
//!
//! The schema is derived from the types below (`schemars`, as the content
//! files' schemas are from the model): a field's doc comment is its
//! description, and the file cannot hold a field its schema does not list.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde_json::Value;

use super::json_bytes;
use crate::checks::{STATUSES, Status};
use crate::markdown;
use crate::model::*;
use crate::render::{DataFile, Owner, Published, SitePath, meeting_title};

/// The manifest format's version. Adding a field, or an entry of `files`,
/// is not a new version; removing or renaming a field, changing its type
/// or meaning, letting it be null where it never was, or a new value of a
/// field with a list of values (a status, a level, a region) is, with a new
/// [`SCHEMA_ID`] (see `docs/manifest.md`).
pub(crate) const VERSION: u32 = 1;

/// The schema's `$id`: one for each version of the format.
pub(crate) const SCHEMA_ID: &str = "https://ccgpages.github.io/schema/ccgpages-manifest-v1.schema.json";

/// The generator's name, as the manifest gives it.
const GENERATOR: &str = "ccgpages";

/// A site-wide data file: where it is, its media type and what it holds.
struct SiteFile {
    at: fn() -> SitePath,
    media_type: &'static str,
    description: &'static str,
}

/// The site-wide data files the manifest lists (`files`); a new site-wide
/// file is a row here. Listed in the manifest with each region's feed,
/// sorted by name.
const SITE_FILES: &[SiteFile] = &[
    SiteFile {
        at: SitePath::national_decisions_csv,
        media_type: "text/csv",
        description: "Every decision of every CCG of the site, newest first (the columns of decisions.csv).",
    },
    SiteFile {
        at: || SitePath::national_interests(false),
        media_type: "text/csv",
        description: "Every CCG's register of interests, one row per interest.",
    },
    SiteFile {
        at: || SitePath::national_interests(true),
        media_type: "application/json",
        description: "Every CCG's register of interests, as Popolo people.",
    },
    SiteFile {
        at: SitePath::ccgs_json,
        media_type: "application/json",
        description: "Every CCG: profile, co-commissioning levels, check results and reasons, committees and their members as Popolo organizations, persons and memberships.",
    },
    SiteFile {
        at: || SitePath::national_checks(false),
        media_type: "text/csv",
        description: "Every CCG's result of every transparency check: outcome, reason, the day it was worked out for.",
    },
    SiteFile {
        at: || SitePath::national_checks(true),
        media_type: "application/json",
        description: "The same results as JSON, with the checks and the outcomes they can have.",
    },
    SiteFile {
        at: SitePath::attendance_csv,
        media_type: "text/csv",
        description: "Who was present, in attendance or sent apologies at every meeting whose attendance is recorded.",
    },
    SiteFile {
        at: SitePath::declarations_csv,
        media_type: "text/csv",
        description: "Every interest declared at a meeting: the meeting, the item, who declared it, the interest and the action taken.",
    },
    SiteFile {
        at: SitePath::national_feed,
        media_type: "application/atom+xml",
        description: "Atom feed of the latest decisions and meetings of the whole site.",
    },
];

/// `/ccgpages.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "ccgpages manifest", description = "What a ccgpages site publishes about each of its CCGs and groups (/ccgpages.json)")]
pub(crate) struct Manifest<'a> {
    /// The version of the manifest format: 1. A reader refuses a version it does not know.
    #[schemars(schema_with = "version_schema")]
    version: u32,
    /// The program that built the site.
    generator: Generator,
    /// The address of this file's JSON Schema on the site (`/ccgpages.schema.json`).
    #[schemars(schema_with = "url_schema")]
    schema: String,
    /// The site.
    site: SiteInfo<'a>,
    /// The site-wide data files, sorted by `name`.
    files: Vec<FileEntry>,
    /// Every CCG of the site, sorted by `id`.
    ccgs: Vec<CcgEntry<'a>>,
    /// Every group of CCGs whose committees meet in common, sorted by `id`.
    groups: Vec<GroupEntry<'a>>,
}

/// The program that built the site.
#[derive(Serialize, JsonSchema)]
struct Generator {
    /// `ccgpages`.
    name: &'static str,
    /// Its version (`0.1.0`).
    version: &'static str,
}

/// The site.
#[derive(Serialize, JsonSchema)]
struct SiteInfo<'a> {
    /// The address the site is published at, ending in `/`: every address in this file starts with it.
    #[schemars(schema_with = "url_schema")]
    base: &'a str,
    /// The site's title.
    title: &'a str,
    /// Who publishes the site, if it says.
    publisher: Option<&'a str>,
    /// The day the site was built as of (`YYYY-MM-DD`): what is upcoming, current and overdue is as on this day.
    as_of: Date,
    /// `true` for a site of made-up example content, not a CCG's real records.
    sample: bool,
}

/// A data file.
#[derive(Serialize, JsonSchema)]
struct FileEntry {
    /// Its path below the site's base (`decisions.csv`, `regions/london/feed.xml`).
    name: String,
    /// Its address.
    #[schemars(schema_with = "url_schema")]
    url: String,
    /// Its media type (`text/csv`, `application/json`, `application/atom+xml`).
    media_type: &'static str,
    /// What it holds.
    description: String,
}

/// A CCG.
#[derive(Serialize, JsonSchema)]
struct CcgEntry<'a> {
    /// The CCG's id: its folder's name, and part of its addresses (`central-london`).
    id: &'a str,
    /// Its name, as printed.
    name: &'a str,
    /// Its ODS code (`09A`).
    ods_code: &'a str,
    /// Its NHS England region.
    #[schemars(schema_with = "region_schema")]
    region: &'a str,
    /// Its NHS England area team, if the content says.
    area_team: Option<&'a str>,
    /// Its page.
    #[schemars(schema_with = "url_schema")]
    url: String,
    /// The day it was established, if the content says.
    established: Option<Date>,
    /// The day it closed (merged or dissolved), or null while open.
    closed: Option<Date>,
    /// The id of the CCG it became part of, if it closed into one.
    successor: Option<&'a str>,
    /// Its co-commissioning level on the day its checks were worked out (`checks.on`), if it had one.
    level: Option<Level>,
    /// Its co-commissioning levels over time, as the content gives them.
    levels: Vec<LevelEntry>,
    /// The ids of the groups whose meetings in common it is a member of, sorted.
    groups: Vec<&'a str>,
    /// Its committees, in the content's order.
    committees: Vec<CommitteeEntry<'a>>,
    /// Its register of decisions, or null if it publishes none.
    decisions: Option<RegisterEntry>,
    /// Its register of interests, or null if it publishes none.
    interests: Option<RegisterEntry>,
    /// Its register of gifts and hospitality (a section of its page, with no data file), or null if it publishes none.
    gifts: Option<GiftsEntry>,
    /// Its meetings and those held in common by its groups, as a calendar (iCalendar).
    #[schemars(schema_with = "url_schema")]
    calendar: String,
    /// Its latest decisions and meetings, as an Atom feed.
    #[schemars(schema_with = "url_schema")]
    feed: String,
    /// Its own meetings, by date (meetings in common are the groups').
    meetings: Vec<MeetingEntry<'a>>,
    /// The transparency checks' results.
    checks: ChecksEntry,
    /// Its member GP practices, sorted by ODS code.
    practices: Vec<PracticeEntry<'a>>,
}

/// A period at one co-commissioning level.
#[derive(Serialize, JsonSchema)]
struct LevelEntry {
    /// The level.
    level: Level,
    /// Its first day.
    from: Date,
    /// Its last day, or null while it lasts.
    to: Option<Date>,
}

/// A committee.
#[derive(Serialize, JsonSchema)]
struct CommitteeEntry<'a> {
    /// Its short name, unique within the CCG (`pccc`).
    id: &'a str,
    /// Its full name.
    name: &'a str,
    /// The id of the group it meets in common with, if it does.
    group: Option<&'a str>,
    /// Its terms of reference's page, or null if they are not published.
    #[schemars(schema_with = "url_or_null_schema")]
    terms: Option<String>,
}

/// A register published as data files.
#[derive(Serialize, JsonSchema)]
struct RegisterEntry {
    /// The day it was last brought up to date.
    updated: Date,
    /// How many entries it has (an entry withheld in full counted too).
    entries: usize,
    /// Its section of the CCG's page.
    #[schemars(schema_with = "url_schema")]
    url: String,
    /// It as CSV.
    #[schemars(schema_with = "url_schema")]
    csv: String,
    /// It as JSON.
    #[schemars(schema_with = "url_schema")]
    json: String,
}

/// The register of gifts and hospitality.
#[derive(Serialize, JsonSchema)]
struct GiftsEntry {
    /// The day it was last brought up to date.
    updated: Date,
    /// How many entries it has (an entry withheld in full counted too).
    entries: usize,
    /// Its section of the CCG's page.
    #[schemars(schema_with = "url_schema")]
    url: String,
}

/// A meeting.
#[derive(Serialize, JsonSchema)]
struct MeetingEntry<'a> {
    /// Its id, unique within its CCG or group: its date, with a suffix for a second meeting that day (`2015-09-17`, `2015-09-17-extraordinary`).
    id: &'a str,
    /// Its date.
    date: Date,
    /// Whether it was held, is still to come, or was cancelled or postponed.
    status: MeetingStatus,
    /// Its title as the site prints it.
    title: String,
    /// The id of the committee that met (a CCG's meeting), if the content says.
    committee: Option<&'a str>,
    /// Whether it is held in public.
    public: bool,
    /// Whether its minutes are published: `none`, `draft` or `approved`.
    minutes: MinutesStatus,
    /// Its page.
    #[schemars(schema_with = "url_schema")]
    url: String,
    /// It as a calendar of one event (iCalendar).
    #[schemars(schema_with = "url_schema")]
    calendar: String,
    /// Its papers, in agenda order.
    papers: Vec<PaperEntry<'a>>,
}

/// A meeting's paper.
#[derive(Serialize, JsonSchema)]
struct PaperEntry<'a> {
    /// The number of the agenda item it belongs to.
    item: &'a str,
    /// Its title.
    title: &'a str,
    /// Its address: below the site's base, or elsewhere when `external`.
    #[schemars(schema_with = "url_schema")]
    url: String,
    /// `true` for a paper published on another site (its `url` is not below the base).
    external: bool,
}

/// The transparency checks of a CCG.
#[derive(Serialize, JsonSchema)]
struct ChecksEntry {
    /// The day they were worked out: the as-of date, or the day the CCG closed.
    on: Date,
    /// Their section of the CCG's page (with each reason).
    #[schemars(schema_with = "url_schema")]
    url: String,
    /// One result for each check, by number.
    results: Vec<CheckEntry>,
}

/// One check's result.
#[derive(Serialize, JsonSchema)]
struct CheckEntry {
    /// The check's number (1 to 11): the same check on every site.
    number: usize,
    /// Its result.
    #[schemars(schema_with = "status_schema")]
    status: Status,
    /// The check's page on this site: what it asks.
    #[schemars(schema_with = "url_schema")]
    url: String,
}

/// A GP practice.
#[derive(Serialize, JsonSchema)]
struct PracticeEntry<'a> {
    /// Its ODS code (`E87001`).
    ods_code: &'a str,
    /// Its name.
    name: &'a str,
    /// Its postcode, if the content says.
    postcode: Option<&'a str>,
    /// Its page.
    #[schemars(schema_with = "url_schema")]
    url: String,
}

/// A group of CCGs whose committees meet in common.
#[derive(Serialize, JsonSchema)]
struct GroupEntry<'a> {
    /// Its id: its folder's name, and part of its addresses.
    id: &'a str,
    /// Its name.
    name: &'a str,
    /// Its page.
    #[schemars(schema_with = "url_schema")]
    url: String,
    /// The ids of its member CCGs, in the group's order.
    members: Vec<&'a str>,
    /// Its meetings, by date.
    meetings: Vec<MeetingEntry<'a>>,
}

fn version_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer", "const": VERSION })
}

fn url_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": "^https?://" })
}

fn url_or_null_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "anyOf": [{ "type": "string", "pattern": "^https?://" }, { "type": "null" }] })
}

fn region_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "enum": REGIONS })
}

fn status_schema(_: &mut SchemaGenerator) -> Schema {
    let values: Vec<Value> = STATUSES.iter().map(|s| serde_json::to_value(s).unwrap_or(Value::Null)).collect();
    json_schema!({ "type": "string", "enum": values })
}

/// The manifest of the site.
pub(super) fn manifest<'a>(cx: &Published<'a>) -> Manifest<'a> {
    let mut files: Vec<FileEntry> = SITE_FILES
        .iter()
        .map(|f| {
            let at = (f.at)();
            FileEntry { name: at.as_str().to_owned(), url: cx.abs(&at), media_type: f.media_type, description: f.description.to_owned() }
        })
        .collect();
    for region in cx.regions() {
        let at = SitePath::region_feed(region);
        files.push(FileEntry {
            name: at.as_str().to_owned(),
            url: cx.abs(&at),
            media_type: "application/atom+xml",
            description: format!("Atom feed of the latest decisions and meetings of the CCGs of NHS England's {region} region."),
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut ccgs: Vec<&Ccg> = cx.content.ccgs.iter().collect();
    ccgs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut groups: Vec<&Group> = cx.content.groups.iter().collect();
    groups.sort_by(|a, b| a.id.cmp(&b.id));
    let site = cx.site();
    Manifest {
        version: VERSION,
        generator: Generator { name: GENERATOR, version: env!("CARGO_PKG_VERSION") },
        schema: cx.abs(&SitePath::manifest_schema()),
        site: SiteInfo {
            base: &cx.input.base_url,
            title: cx.site_title(),
            publisher: site.and_then(|s| s.publisher.as_deref()),
            as_of: cx.input.as_of,
            sample: site.is_some_and(|s| s.sample),
        },
        files,
        ccgs: ccgs.into_iter().map(|c| ccg_entry(cx, c)).collect(),
        groups: groups
            .into_iter()
            .map(|g| GroupEntry {
                id: &g.id,
                name: &g.profile.data.name,
                url: cx.abs(&SitePath::group(&g.id)),
                members: g.profile.data.members.iter().map(String::as_str).collect(),
                meetings: meetings(cx, &g.meetings, Owner::Group(g)),
            })
            .collect(),
    }
}

fn ccg_entry<'a>(cx: &Published<'a>, ccg: &'a Ccg) -> CcgEntry<'a> {
    let p = &ccg.profile.data;
    let checks = cx.checks(ccg);
    let mut groups: Vec<&str> =
        cx.content.groups.iter().filter(|g| g.profile.data.members.contains(&ccg.id)).map(|g| g.id.as_str()).collect();
    groups.sort_unstable();
    let register = |updated: Date, entries: usize, section: &str, csv: DataFile, json: DataFile| RegisterEntry {
        updated,
        entries,
        url: cx.abs(&SitePath::ccg_section(&ccg.id, section)),
        csv: cx.abs(&SitePath::data_file(ccg, csv)),
        json: cx.abs(&SitePath::data_file(ccg, json)),
    };
    let mut practices: Vec<PracticeEntry> = ccg
        .practice_entries()
        .iter()
        .map(|pr| PracticeEntry {
            ods_code: &pr.ods,
            name: &pr.name,
            postcode: pr.postcode.as_deref(),
            url: cx.abs(&SitePath::practice(&pr.ods)),
        })
        .collect();
    practices.sort_by(|a, b| a.ods_code.cmp(b.ods_code));
    CcgEntry {
        id: &ccg.id,
        name: &p.name,
        ods_code: &p.ods_code,
        region: &p.region,
        area_team: p.area_team.as_deref(),
        url: cx.abs(&SitePath::ccg(&ccg.id)),
        established: p.established,
        closed: p.closed,
        successor: p.successor.as_deref(),
        level: ccg.level_on(checks.on),
        levels: p.co_commissioning.iter().map(|l| LevelEntry { level: l.level, from: l.from, to: l.to }).collect(),
        groups,
        committees: p
            .committees
            .iter()
            .map(|c| CommitteeEntry {
                id: &c.id,
                name: &c.name,
                group: c.group.as_deref(),
                terms: ccg.terms.iter().any(|t| t.data.front.committee == c.id).then(|| cx.abs(&SitePath::terms(ccg, &c.id))),
            })
            .collect(),
        decisions: ccg
            .decisions
            .as_ref()
            .map(|r| register(r.data.updated, r.data.entries.len(), "decisions", DataFile::DecisionsCsv, DataFile::DecisionsJson)),
        interests: ccg
            .interests
            .as_ref()
            .map(|r| register(r.data.updated, r.data.entries.len(), "interests", DataFile::InterestsCsv, DataFile::InterestsJson)),
        gifts: ccg.gifts.as_ref().map(|r| GiftsEntry {
            updated: r.data.updated,
            entries: r.data.entries.len(),
            url: cx.abs(&SitePath::ccg_section(&ccg.id, "gifts")),
        }),
        calendar: cx.abs(&SitePath::data_file(ccg, DataFile::Calendar)),
        feed: cx.abs(&SitePath::data_file(ccg, DataFile::Feed)),
        meetings: meetings(cx, &ccg.meetings, Owner::Ccg(ccg)),
        checks: ChecksEntry {
            on: checks.on,
            url: cx.abs(&SitePath::ccg_section(&ccg.id, "checks")),
            results: checks
                .results
                .iter()
                .map(|r| CheckEntry { number: r.id.number(), status: r.status, url: cx.abs(&SitePath::check(r.id.number())) })
                .collect(),
        },
        practices,
    }
}

/// The meetings of one owner, by date and id.
fn meetings<'a>(cx: &Published<'a>, list: &'a [Meeting], owner: Owner<'a>) -> Vec<MeetingEntry<'a>> {
    let mut v: Vec<&Meeting> = list.iter().collect();
    v.sort_by(|a, b| (a.front.date, &a.id).cmp(&(b.front.date, &b.id)));
    v.into_iter()
        .map(|m| MeetingEntry {
            id: &m.id,
            date: m.front.date,
            status: m.front.status,
            title: meeting_title(m, &owner),
            committee: m.front.committee.as_deref(),
            public: m.front.public,
            minutes: m.minutes_status(),
            url: cx.abs(&SitePath::meeting(m, &owner)),
            calendar: cx.abs(&SitePath::meeting_calendar(m, &owner)),
            papers: m
                .front
                .agenda
                .iter()
                .flat_map(|item| item.papers.iter().map(move |p| (item, p)))
                .filter_map(|(item, p)| {
                    let (url, external) = match (&p.file, &p.url) {
                        (Some(file), _) => (cx.abs(&SitePath::paper(&owner, file)), false),
                        (None, Some(url)) if markdown::is_safe_link(url) => (url.clone(), true),
                        // A paper with no address the page would link: not listed.
                        _ => return None,
                    };
                    Some(PaperEntry { item: &item.number, title: &p.title, url, external })
                })
                .collect(),
        })
        .collect()
}

/// The manifest as the site publishes it.
pub(super) fn manifest_bytes(cx: &Published) -> Vec<u8> {
    json_bytes(&manifest(cx))
}

/// The manifest's JSON Schema.
pub(crate) fn schema() -> Value {
    let generator = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let mut schema: Value = generator.into_root_schema_for::<Manifest>().into();
    if let Value::Object(map) = &mut schema {
        map.insert("$id".into(), Value::String(SCHEMA_ID.into()));
    }
    strict_dates(&mut schema, &crate::date::date_pattern());
    schema
}

/// Dates as the manifest writes them: `YYYY-MM-DD` and nothing around it
/// (the content's schemas allow the spaces YAML may leave).
fn strict_dates(v: &mut Value, content_pattern: &str) {
    match v {
        Value::Object(map) => {
            if map.get("pattern").and_then(Value::as_str) == Some(content_pattern) {
                let strict = content_pattern.replacen(r"^\s*", "^", 1).replacen(r"\s*$", "$", 1);
                map.insert("pattern".into(), Value::String(strict));
                map.insert("format".into(), Value::String("date".into()));
            }
            map.values_mut().for_each(|x| strict_dates(x, content_pattern));
        }
        Value::Array(items) => items.iter_mut().for_each(|x| strict_dates(x, content_pattern)),
        _ => {}
    }
}

/// The schema as `/ccgpages.schema.json` and `ccgpages schema --manifest`
/// give it: pretty JSON and a final newline.
pub(crate) fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_describes_every_field_and_requires_it() {
        fn walk(v: &Value, at: &str, problems: &mut Vec<String>) {
            if let Some(Value::Object(props)) = v.get("properties") {
                let required: Vec<&str> =
                    v.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
                for (name, p) in props {
                    if p.get("description").is_none() {
                        problems.push(format!("{at}.{name}: no description"));
                    }
                    if !required.contains(&name.as_str()) {
                        problems.push(format!("{at}.{name}: not required (every field is always written, null when empty)"));
                    }
                }
            }
            if let Value::Object(map) = v {
                for (k, x) in map {
                    walk(x, &format!("{at}/{k}"), problems);
                }
            }
        }
        let schema = schema();
        let mut problems = Vec::new();
        walk(&schema, "", &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(schema["$id"], SCHEMA_ID);
        assert_eq!(schema["properties"]["version"]["const"], VERSION);
        assert!(SCHEMA_ID.contains(&format!("-v{VERSION}.")), "a new version, a new $id");
        let on = &schema["$defs"]["ChecksEntry"]["properties"]["on"];
        assert_eq!(on["format"], "date", "{on}");
        let pattern = on["pattern"].as_str().unwrap();
        assert!(pattern.starts_with("^(?:") && pattern.ends_with(")$") && !pattern.contains(r"\s"), "{pattern}");
    }

    #[test]
    fn every_check_status_is_in_the_schema() {
        // A new status is a new variant: this match fails to compile until
        // STATUSES lists it.
        for s in STATUSES {
            match s {
                Status::Pass | Status::Fail | Status::NotApplicable | Status::Unknown => {}
            }
        }
        let schema = schema();
        let text = schema.to_string();
        for s in ["met", "not-met", "not-applicable", "unknown"] {
            assert!(text.contains(&format!("\"{s}\"")), "{s}");
        }
    }
}
