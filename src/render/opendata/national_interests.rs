//! The national register of interests: `/interests.csv` (every CCG's rows,
//! the columns of `interests.csv`), `/interests.json` (every CCG's Popolo
//! file in one) and the `/interests/` page, complete without JavaScript
//! (a section per CCG, reached from a list of them); `interests.js` adds
//! filters by CCG, type and name.

use serde::Serialize;

use super::interests::{InterestRow, InterestsFile, PersonIds, in_published_order, interest_rows, interests_json};
use super::{INTEREST_COLUMNS, csv_of, json_bytes};
use crate::diag::Diagnostic;
use crate::model::*;
use crate::render::published::{Published, SitePath};
use crate::render::{HtmlSite, NAME_WITHHELD, Output};

/// `/interests.json`: each CCG's register as its own `interests.json` has it.
#[derive(Serialize)]
struct NationalFile<'a> {
    registers: Vec<InterestsFile<'a>>,
}

#[derive(Serialize)]
struct PageView {
    ccgs: Vec<CcgSection>,
    types: Vec<Choice>,
    people: usize,
    interests: usize,
    withheld: usize,
    csv: String,
    json: String,
}

#[derive(Serialize)]
struct Choice {
    key: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct CcgSection {
    id: String,
    name: String,
    url: String,
    updated: String,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    name: String,
    url: Option<String>,
    withheld: bool,
    nil_return: bool,
    kind: &'static str,
    kind_label: &'static str,
    description: String,
    dates: String,
    ended: bool,
}

/// The national CSV and JSON files and the page, appended to `out`.
pub(super) fn national_interests(cx: &Published, html: &HtmlSite, out: &mut Vec<Output>) -> Result<(), Diagnostic> {
    let mut rows: Vec<InterestRow> = Vec::new();
    let mut files = Vec::new();
    let mut view = PageView {
        ccgs: Vec::new(),
        types: InterestType::ALL.iter().map(|t| Choice { key: t.as_str(), label: t.label() }).collect(),
        people: 0,
        interests: 0,
        withheld: 0,
        csv: cx.href(&SitePath::national_interests(false)),
        json: cx.href(&SitePath::national_interests(true)),
    };
    let as_of = cx.input.as_of;
    for ccg in &cx.content.ccgs {
        let Some(reg) = &ccg.interests else { continue };
        let ids = PersonIds::new(cx, ccg);
        rows.extend(interest_rows(cx, ccg, &reg.data, &ids));
        files.push(interests_json(cx, ccg, &reg.data, &ids));
        let mut section = CcgSection {
            id: ccg.id.clone(),
            name: ccg.profile.data.name.clone(),
            url: cx.href(&SitePath::ccg_section(&ccg.id, "interests")),
            updated: reg.data.updated.long(),
            rows: Vec::new(),
        };
        for (e, w) in in_published_order(cx, &reg.data) {
            view.people += 1;
            // `withheld`: the whole entry (the page shows "Entry withheld").
            let withheld = w.is_entry();
            let base = Row {
                name: if w.is_withheld() { NAME_WITHHELD.to_owned() } else { person_key(&e.name) },
                url: if w.is_withheld() { None } else { cx.person_href(ccg, &e.name) },
                withheld,
                nil_return: !withheld && e.nil_return,
                kind: "",
                kind_label: "",
                description: String::new(),
                dates: String::new(),
                ended: false,
            };
            if withheld || e.interests.is_empty() {
                view.withheld += usize::from(withheld);
                section.rows.push(base);
                continue;
            }
            for i in &e.interests {
                view.interests += 1;
                let dates = match (i.from, i.to) {
                    (Some(f), Some(t)) => format!("{} to {}", f.long(), t.long()),
                    (Some(f), None) => format!("From {}", f.long()),
                    (None, Some(t)) => format!("To {}", t.long()),
                    (None, None) => String::new(),
                };
                section.rows.push(Row {
                    kind: i.kind.as_str(),
                    kind_label: i.kind.label(),
                    description: i.description.clone(),
                    dates,
                    ended: i.to.is_some_and(|t| t < as_of),
                    name: base.name.clone(),
                    url: base.url.clone(),
                    ..base
                });
            }
        }
        view.ccgs.push(section);
    }
    out.push(super::file(SitePath::national_interests(false), csv_of(INTEREST_COLUMNS, &rows, |f, r| f(r))));
    out.push(super::file(SitePath::national_interests(true), json_bytes(&NationalFile { registers: files })));
    let description =
        "Every CCG's register of interests in one place, by CCG, with filters by CCG, type of interest and name, and as CSV and JSON";
    out.push(html.render_page(
        cx,
        "interests.html",
        "Every register of interests",
        description,
        &SitePath::interests_page(),
        "interests",
        &view,
    )?);
    Ok(())
}
