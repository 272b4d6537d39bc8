//! `/decisions/`: every decision in the country in one table.
//!
//! The page is complete without JavaScript: one row per decision, newest
//! first. `decisions.js` adds filters and sorting: it reads the rows once,
//! filters and sorts in memory and shows a page of them at a time, so it
//! stays instant on 30,000 rows; the filters and sort are kept in the URL.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::*;
use crate::render::opendata::{DecisionRow, decision_rows};
use crate::render::{HtmlSite, Output, Published, Renderer, SitePath, region_order};

pub struct DecisionsPage<'h> {
    pub html: &'h HtmlSite,
}

#[derive(Serialize)]
struct View {
    count: usize,
    /// The table's rows, rendered with `decisions_rows.html`.
    rows_html: String,
    regions: Vec<String>,
    levels: Vec<Choice>,
    categories: Vec<Choice>,
    outcomes: Vec<Choice>,
    first: Option<String>,
    last: Option<String>,
    ccgs: usize,
    csv: String,
    feed: String,
}

#[derive(Serialize)]
struct Choice {
    key: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct Row {
    url: String,
    title: String,
    ccg: String,
    region: String,
    level: u8,
    date: String,
    day: String,
    category: &'static str,
    outcome: &'static str,
    conflicts: usize,
    value: Option<String>,
    value_sort: Option<u64>,
}

fn row(cx: &Published, r: &DecisionRow) -> Row {
    let d = r.d;
    let value = d.procurement.as_ref().and_then(|p| p.value_total);
    Row {
        url: cx.href(&SitePath::decision(r.ccg, &d.id)),
        title: d.title.clone(),
        ccg: r.ccg.profile.data.name.clone(),
        region: r.ccg.profile.data.region.clone(),
        level: r.level.map_or(0, Level::number),
        date: d.date.to_string(),
        day: short_date(d.date),
        category: d.category.label(),
        outcome: d.outcome.label(),
        conflicts: r.conflicts.len(),
        value: value.map(Money::display),
        value_sort: value.map(|m| m.0),
    }
}

/// "17 Sep 2015": the long form would add half a megabyte to 30,000 rows.
fn short_date(d: Date) -> String {
    format!("{} {}", d.day(), d.month_year())
}

/// Rows rendered per piece: small enough that the pieces spread over the
/// cores and no one holds the country's decisions as template values.
const ROWS_PER_PIECE: usize = 500;

impl DecisionsPage<'_> {
    fn rows(&self, cx: &Published, all: &[DecisionRow]) -> Result<String, Diagnostic> {
        let pieces: Vec<String> = all
            .par_chunks(ROWS_PER_PIECE)
            .map(|chunk| {
                let rows: Vec<Row> = chunk.iter().map(|r| row(cx, r)).collect();
                self.html.fragment("decisions_rows.html", "rows", &rows)
            })
            .collect::<Result<_, _>>()?;
        Ok(pieces.concat())
    }
}

impl Renderer for DecisionsPage<'_> {
    fn render(&self, cx: &Published) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let content = cx.content;
        let mut all: Vec<DecisionRow> = content.ccgs.iter().flat_map(|c| decision_rows(cx, c)).collect();
        all.sort_by(|a, b| (b.d.date, &a.ccg.profile.data.name, &a.d.id).cmp(&(a.d.date, &b.ccg.profile.data.name, &b.d.id)));
        let regions: BTreeSet<&str> = content.ccgs.iter().map(|c| c.profile.data.region.as_str()).collect();
        let mut regions: Vec<String> = regions.into_iter().map(str::to_owned).collect();
        regions.sort_by_key(|r| region_order(r));
        let view = View {
            first: all.last().map(|r| r.d.date.to_string()),
            last: all.first().map(|r| r.d.date.to_string()),
            ccgs: all.iter().map(|r| r.ccg.id.as_str()).collect::<BTreeSet<_>>().len(),
            count: all.len(),
            rows_html: self.rows(cx, &all).map_err(|d| vec![d])?,
            regions,
            levels: Level::ALL.iter().map(|l| Choice { key: level_key(*l), label: l.label() }).collect(),
            categories: Category::ALL.iter().map(|c| Choice { key: c.as_str(), label: c.label() }).collect(),
            outcomes: Outcome::ALL.iter().map(|o| Choice { key: o.as_str(), label: o.label() }).collect(),
            csv: cx.href(&SitePath::national_decisions_csv()),
            feed: cx.href(&SitePath::national_feed()),
        };
        let description = "Every decision of every CCG's primary care commissioning committee in one table, with filters by region, level, category, outcome, conflicts of interest and date";
        let at = SitePath::decisions_page();
        let page = self.html.render_page(cx, "decisions.html", "Every decision in the country", description, &at, "decisions", &view);
        page.map(|p| vec![p]).map_err(|d| vec![d])
    }
}

fn level_key(l: Level) -> &'static str {
    match l.number() {
        1 => "1",
        2 => "2",
        _ => "3",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_dates() {
        assert_eq!(short_date(Date::parse("2015-09-07").unwrap()), "7 Sep 2015");
        assert_eq!(short_date(Date::parse("2016-05-31").unwrap()), "31 May 2016");
    }
}
