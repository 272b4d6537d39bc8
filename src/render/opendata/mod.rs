//! The registers as open data: per CCG `decisions.csv`, `decisions.json`,
//! `interests.csv`, `interests.json`; nationally `/decisions.csv`,
//! `/ccgs.json`, the checks' results (`/checks.csv`, `/checks.json`) and
//! what was recorded at meetings (`/attendance.csv`, `/declarations.csv`);
//! the site's manifest `/ccgpages.json` and its schema (`manifest.rs`); and
//! the page that documents them, `/open-data/`.
//!
//! Every column is declared once, in the `*_COLUMNS` of each file's module
//! (`DECISION_COLUMNS`, [`INTEREST_COLUMNS`]…), with its name, its meaning
//! and how it is filled, so the files and their documentation cannot drift
//! apart. A cell that holds a list is made by `csv::list_cell`: one
//! separator in every file. Names go through
//! the same redaction as the pages: a withheld register entry is
//! "Name withheld" with no roles or interests, and a withheld name is
//! replaced wherever a person is named (conflicts, procurement leads,
//! committee members).
//!
//! CSV is written here rather than with the `csv` crate: RFC 4180 quoting is
//! a dozen lines, and the parts a spreadsheet needs (BOM, CRLF, neutralising
//! cells that start like a formula) are ours to add either way. JSON uses
//! `serde_json`: escaping and number formatting are easy to get subtly wrong.

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::*;
use crate::render::{Body, DataFile, HtmlSite, Output, Published, Renderer, SitePath};

mod ccgs;
mod checks;
mod csv;
mod decisions;
mod docs;
mod interests;
mod manifest;
mod meetings;
mod national_interests;

pub(crate) use decisions::{DecisionRow, conflict_text, decision_rows, decisions_csv};
pub use docs::columns_markdown;
pub(crate) use interests::{INTEREST_COLUMNS, PersonIds};
pub(crate) use manifest::schema_text as manifest_schema_text;

use ccgs::ccgs_json;
use checks::{CHECK_COLUMNS, check_rows, checks_json};
use csv::csv_of;
use decisions::{DecisionsFile, decision_json};
use docs::docs_view;
use interests::{interest_rows, interests_json};
use meetings::{ATTENDANCE_COLUMNS, DECLARATION_COLUMNS, attendance_rows, declaration_rows};

// ---------------------------------------------------------------------------
// The renderer.

/// Open data files, and the page that documents them.
pub(crate) struct OpenData<'h> {
    pub html: &'h HtmlSite,
}

impl Renderer for OpenData<'_> {
    fn render(&self, cx: &Published) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let input = cx.input;
        let mut out = Vec::new();
        let mut national: Vec<DecisionRow> = Vec::new();
        for ccg in &input.content.ccgs {
            if let Some(reg) = &ccg.decisions {
                let rows = decision_rows(cx, ccg);
                out.push(file(SitePath::data_file(ccg, DataFile::DecisionsCsv), decisions_csv(&rows)));
                let json = DecisionsFile {
                    ccg: CcgRef::of(cx, ccg),
                    updated: reg.data.updated,
                    decisions: rows.iter().map(decision_json).collect(),
                };
                out.push(file(SitePath::data_file(ccg, DataFile::DecisionsJson), json_bytes(&json)));
                national.extend(rows);
            }
            if let Some(reg) = &ccg.interests {
                let ids = PersonIds::new(cx, ccg);
                let rows = interest_rows(cx, ccg, &reg.data, &ids);
                out.push(file(SitePath::data_file(ccg, DataFile::InterestsCsv), csv_of(INTEREST_COLUMNS, &rows, |f, r| f(r))));
                out.push(file(SitePath::data_file(ccg, DataFile::InterestsJson), json_bytes(&interests_json(cx, ccg, &reg.data, &ids))));
            }
        }
        national.sort_by(|a, b| (b.d.date, &a.ccg.id, &a.d.id).cmp(&(a.d.date, &b.ccg.id, &b.d.id)));
        out.push(file(SitePath::national_decisions_csv(), decisions_csv(&national)));
        out.push(file(SitePath::ccgs_json(), json_bytes(&ccgs_json(cx))));
        out.push(file(SitePath::manifest(), manifest::manifest_bytes(cx)));
        out.push(file(SitePath::manifest_schema(), manifest::schema_text().into_bytes()));
        let checks = check_rows(cx);
        out.push(file(SitePath::national_checks(false), csv_of(CHECK_COLUMNS, &checks, |f, r| f(r))));
        out.push(file(SitePath::national_checks(true), json_bytes(&checks_json(cx, &checks))));
        let meetings = meetings::meetings(cx);
        out.push(file(SitePath::attendance_csv(), csv_of(ATTENDANCE_COLUMNS, &attendance_rows(cx, &meetings), |f, r| f(r))));
        out.push(file(SitePath::declarations_csv(), csv_of(DECLARATION_COLUMNS, &declaration_rows(cx, &meetings), |f, r| f(r))));
        national_interests::national_interests(cx, self.html, &mut out).map_err(|d| vec![d])?;
        // Compact: it holds every practice of the country.
        let lookup = serde_json::to_vec(&lookup_entries(cx)).expect("serialising plain data cannot fail");
        out.push(file(SitePath::lookup_json(), lookup));
        out.push(
            self.html
                .render_page(cx, "opendata.html", "Open data", OPEN_DATA_DESCRIPTION, &SitePath::open_data_page(), "data", &docs_view())
                .map_err(|d| vec![d])?,
        );
        Ok(out)
    }
}

/// An entry of `/lookup.json`, in short keys (the file holds every
/// practice): see `lookup.js`.
#[derive(Serialize)]
struct LookupEntry<'a> {
    /// `ccg` or `practice`.
    k: &'static str,
    n: &'a str,
    u: String,
    c: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    /// A town or an address: what a name search also looks in.
    #[serde(skip_serializing_if = "Option::is_none")]
    t: Option<&'a str>,
    /// The practice's CCG.
    #[serde(skip_serializing_if = "Option::is_none")]
    g: Option<&'a str>,
}

/// Every CCG and practice, for the home page's "Find your CCG or GP practice".
fn lookup_entries<'a>(cx: &Published<'a>) -> Vec<LookupEntry<'a>> {
    let mut v = Vec::new();
    for c in &cx.content.ccgs {
        let p = &c.profile.data;
        v.push(LookupEntry {
            k: "ccg",
            n: &p.name,
            u: cx.href(&SitePath::ccg(&c.id)),
            c: &p.ods_code,
            p: None,
            d: None,
            t: p.area_team.as_deref(),
            g: None,
        });
    }
    for (c, p) in cx.all_practices() {
        v.push(LookupEntry {
            k: "practice",
            n: &p.name,
            u: cx.href(&SitePath::practice(&p.ods)),
            c: &p.ods,
            p: p.postcode.as_deref(),
            d: p.postcode.as_deref().map(|pc| pc.split_whitespace().next().unwrap_or("").to_ascii_uppercase()),
            t: p.address.as_deref(),
            g: Some(&c.profile.data.name),
        });
    }
    v
}

const OPEN_DATA_DESCRIPTION: &str = "Download every CCG's registers of decisions and interests, its transparency check results, and the attendance and declarations of its meetings as CSV and JSON, follow them as Atom feeds and meetings as calendars: the files and their columns";

fn file(at: SitePath, bytes: Vec<u8>) -> Output {
    Output { path: at.into_file(), body: Body::Bytes(bytes) }
}

/// A CCG as a data file names it.
#[derive(Serialize)]
struct CcgRef<'a> {
    id: &'a str,
    name: &'a str,
    ods_code: &'a str,
    region: &'a str,
    url: String,
}

impl<'a> CcgRef<'a> {
    fn of(cx: &Published, ccg: &'a Ccg) -> CcgRef<'a> {
        let p = &ccg.profile.data;
        CcgRef { id: &ccg.id, name: &p.name, ods_code: &p.ods_code, region: &p.region, url: cx.abs(&SitePath::ccg(&ccg.id)) }
    }
}

fn json_bytes(v: &impl Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).expect("serialising plain data cannot fail");
    out.push(b'\n');
    out
}
