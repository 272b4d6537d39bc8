//! `/decisions/`: every decision in the country, in numbered pages.
//!
//! Without JavaScript the decisions are read in pages of [`PER_PAGE`],
//! newest first: `/decisions/` is the first, `/decisions/page/2/` the next,
//! each with numbered page links. For `decisions.js` the same decisions are
//! also written as compact JSON in `/decisions/data/`: `index.json` (the
//! CCGs, regions, categories and outcomes, and the list of pieces) and the
//! decisions in pieces of [`PER_PIECE`] (`1.json`, `2.json`…), in the same
//! order, each decision an array whose CCG, category and outcome are
//! indices into the index's lists. The script fetches nothing until a
//! filter or a sort is chosen, then the pieces it needs (all but those
//! outside the dates asked for), and shows the matches in the same pages.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use crate::checks::CheckId;
use crate::diag::Diagnostic;
use crate::model::*;
use crate::render::views::DateView;
use crate::render::views::ccg::decisions::flag;
use crate::render::{Body, Emit, HtmlSite, Output, Published, Renderer, SitePath, region_order};

pub(crate) struct DecisionsPage<'h> {
    pub html: &'h HtmlSite,
}

/// Decisions on each page without JavaScript (and on each page of a
/// filtered view): about 250 KB of HTML, 25 KB compressed.
pub(crate) const PER_PAGE: usize = 200;

/// Decisions in each JSON piece: a whole number of pages, about 200 KB
/// (50 KB compressed) on the national corpus.
pub(crate) const PER_PIECE: usize = 10 * PER_PAGE;

/// How many page numbers the pager shows on either side of the current.
const WINDOW: usize = 2;

/// One decision of the country, with what the listing shows of it.
struct Item<'a> {
    /// The CCG's index in the content (and in `index.json`'s `ccgs`).
    ccg_ix: usize,
    ccg: &'a Ccg,
    d: &'a Decision,
    level: Option<Level>,
}

/// Every decision of every CCG, newest first; ties by CCG name then id.
fn items<'a>(content: &'a Content) -> Vec<Item<'a>> {
    let mut all: Vec<Item> = content
        .ccgs
        .iter()
        .enumerate()
        .flat_map(|(ccg_ix, ccg)| {
            let entries = ccg.decisions.as_ref().map_or(&[][..], |r| &r.data.entries[..]);
            entries.iter().map(move |d| Item { ccg_ix, ccg, d, level: ccg.level_on(d.date) })
        })
        .collect();
    all.sort_by(|a, b| (b.d.date, &a.ccg.profile.data.name, &a.d.id).cmp(&(a.d.date, &b.ccg.profile.data.name, &b.d.id)));
    all
}

/// What every page shows alike.
#[derive(Serialize)]
struct Common {
    count: usize,
    ccgs: usize,
    /// The oldest and newest dates.
    first: Option<DateView>,
    last: Option<DateView>,
    regions: Vec<String>,
    levels: Vec<Choice>,
    categories: Vec<Choice>,
    outcomes: Vec<Choice>,
    /// Every CCG for the type-ahead, by name.
    ccg_choices: Vec<Choice<String>>,
    pages: usize,
    per_page: usize,
    csv: String,
    feed: String,
    /// `decisions/data/index.json`, for decisions.js.
    data: String,
    /// `/decisions/`: where a filtered view lives.
    root: String,
    /// How many decisions carry check 11's flag, and the page that lists
    /// them (for a reader without JavaScript); check 11's page.
    flagged: usize,
    flagged_url: String,
    check_11: String,
}

#[derive(Serialize)]
struct Choice<K = &'static str> {
    key: K,
    label: String,
}

#[derive(Serialize)]
struct View<'a> {
    #[serde(flatten)]
    common: &'a Common,
    page: usize,
    /// The first and last decision shown, counted from 1.
    from: usize,
    to: usize,
    rows: Vec<Row>,
    pager: Pager,
    /// The page of the flagged decisions only.
    only_flagged: bool,
}

#[derive(Serialize)]
struct Row {
    url: String,
    title: String,
    ccg: String,
    region: String,
    level: u8,
    date: DateView,
    category: &'static str,
    outcome: &'static str,
    conflicts: usize,
    value: Option<String>,
    /// Check 11's flag, with its count, as the decision's card shows it.
    flag: Option<String>,
}

fn row(cx: &Published, it: &Item) -> Row {
    let d = it.d;
    Row {
        url: cx.href(&SitePath::decision(it.ccg, &d.id)),
        title: d.title.clone(),
        ccg: it.ccg.profile.data.name.clone(),
        region: it.ccg.profile.data.region.clone(),
        level: it.level.map_or(0, Level::number),
        date: DateView::of(d.date),
        category: d.category.label(),
        outcome: d.outcome.label(),
        conflicts: d.conflicts.len(),
        value: d.procurement.as_ref().and_then(|p| p.value_total).map(Money::display),
        flag: flag(cx, it.ccg, &d.id),
    }
}

/// The numbered page links: previous, numbers, next.
#[derive(Serialize)]
struct Pager {
    prev: Option<String>,
    next: Option<String>,
    /// A page number and its link, or a gap (`n` 0) shown as an ellipsis.
    items: Vec<PagerItem>,
}

#[derive(Serialize)]
struct PagerItem {
    n: usize,
    url: String,
    current: bool,
}

/// The page numbers the pager shows for page `current` of `pages`: the
/// first, the last and [`WINDOW`] either side of the current, `None` for
/// a gap (a gap of one page shows that page instead). decisions.js's
/// `numbers` does the same.
pub(crate) fn pager_numbers(current: usize, pages: usize) -> Vec<Option<usize>> {
    let mut want: Vec<usize> = vec![1, pages];
    want.extend(current.saturating_sub(WINDOW).max(1)..=(current + WINDOW).min(pages));
    want.sort_unstable();
    want.dedup();
    let mut out = Vec::new();
    let mut prev = 0;
    for n in want {
        if n == prev + 2 {
            out.push(Some(prev + 1));
        } else if n > prev + 2 {
            out.push(None);
        }
        out.push(Some(n));
        prev = n;
    }
    out
}

fn pager(cx: &Published, page: usize, pages: usize) -> Pager {
    let href = |n: usize| cx.href(&SitePath::decisions_numbered(n));
    Pager {
        prev: (page > 1).then(|| href(page - 1)),
        next: (page < pages).then(|| href(page + 1)),
        items: pager_numbers(page, pages)
            .into_iter()
            .map(|n| match n {
                Some(n) => PagerItem { n, url: href(n), current: n == page },
                None => PagerItem { n: 0, url: String::new(), current: false },
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------
// The data decisions.js reads.

/// `decisions/data/index.json`.
#[derive(Serialize)]
struct DataIndex<'a> {
    /// Every decision.
    total: usize,
    per_page: usize,
    /// What each decision's array holds, in order.
    columns: [&'static str; 10],
    regions: &'a [String],
    /// `[id, name, region (index), link to its page]`, in content order.
    ccgs: Vec<(&'a str, &'a str, usize, String)>,
    /// `[key, label]`: a decision's category is an index into this list.
    categories: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
    pieces: Vec<PieceInfo>,
}

#[derive(Serialize)]
struct PieceInfo {
    url: String,
    /// Decisions in it.
    n: usize,
    /// Its newest and oldest dates (YYYY-MM-DD).
    newest: String,
    oldest: String,
}

/// The columns of a decision in a piece: `undeclared` is how many
/// registered interests check 11 found with no declaration recorded.
const COLUMNS: [&str; 10] = ["date", "ccg", "id", "title", "level", "category", "outcome", "conflicts", "value", "undeclared"];

/// A decision in a piece: see [`COLUMNS`]. The value is in pence.
type PieceRow<'a> = (String, usize, &'a str, &'a str, u8, usize, usize, usize, Option<u64>, usize);

fn piece_row<'a>(cx: &Published, it: &Item<'a>) -> PieceRow<'a> {
    let d = it.d;
    (
        d.date.to_string(),
        it.ccg_ix,
        &d.id,
        &d.title,
        it.level.map_or(0, Level::number),
        d.category as usize,
        d.outcome as usize,
        d.conflicts.len(),
        d.procurement.as_ref().and_then(|p| p.value_total).map(|m| m.0),
        undeclared(cx, it),
    )
}

/// How many findings of check 11 the decision has.
fn undeclared(cx: &Published, it: &Item) -> usize {
    cx.undeclared(it.ccg).iter().filter(|u| u.decision == it.d.id).count()
}

fn json(path: SitePath, value: &impl Serialize) -> Result<Output, Diagnostic> {
    let bytes = serde_json::to_vec(value).map_err(|e| Diagnostic::error(path.as_str(), e.to_string()))?;
    Ok(Output { path: path.into_file(), body: Body::Bytes(bytes) })
}

fn data_files(cx: &Published, all: &[Item], regions: &[String]) -> Result<Vec<Output>, Diagnostic> {
    let content = cx.content;
    let region_ix = |r: &str| regions.iter().position(|x| x == r).unwrap_or(0);
    let chunks: Vec<&[Item]> = all.chunks(PER_PIECE).collect();
    let piece_path = |i: usize| SitePath::decisions_data(&format!("{}.json", i + 1));
    let index = DataIndex {
        total: all.len(),
        per_page: PER_PAGE,
        columns: COLUMNS,
        regions,
        ccgs: content
            .ccgs
            .iter()
            .map(|c| (c.id.as_str(), c.profile.data.name.as_str(), region_ix(&c.profile.data.region), cx.href(&SitePath::ccg(&c.id))))
            .collect(),
        categories: Category::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
        outcomes: Outcome::ALL.iter().map(|o| (o.as_str(), o.label())).collect(),
        pieces: chunks
            .iter()
            .enumerate()
            .map(|(i, c)| PieceInfo {
                url: cx.href(&piece_path(i)),
                n: c.len(),
                newest: c.first().map(|it| it.d.date.to_string()).unwrap_or_default(),
                oldest: c.last().map(|it| it.d.date.to_string()).unwrap_or_default(),
            })
            .collect(),
    };
    let mut out = vec![json(SitePath::decisions_data("index.json"), &index)?];
    let pieces: Vec<Output> = chunks
        .par_iter()
        .enumerate()
        .map(|(i, c)| json(piece_path(i), &c.iter().map(|it| piece_row(cx, it)).collect::<Vec<_>>()))
        .collect::<Result<_, _>>()?;
    out.extend(pieces);
    Ok(out)
}

// ---------------------------------------------------------------------------

impl Renderer for DecisionsPage<'_> {
    fn render(&self, cx: &Published) -> Result<Vec<Output>, Vec<Diagnostic>> {
        crate::render::collect(|emit| self.render_to(cx, emit))
    }

    /// Pages side by side, each handed over as it is made.
    fn render_to(&self, cx: &Published, emit: &Emit) -> Result<(), Vec<Diagnostic>> {
        let content = cx.content;
        let all = items(content);
        let regions: BTreeSet<&str> = content.ccgs.iter().map(|c| c.profile.data.region.as_str()).collect();
        let mut regions: Vec<String> = regions.into_iter().map(str::to_owned).collect();
        regions.sort_by_key(|r| region_order(r));
        for o in data_files(cx, &all, &regions).map_err(|d| vec![d])? {
            emit(o).map_err(|d| vec![d])?;
        }
        let mut ccg_choices: Vec<Choice<String>> =
            content.ccgs.iter().map(|c| Choice { key: c.id.clone(), label: c.profile.data.name.clone() }).collect();
        ccg_choices.sort_by(|a, b| (&a.label, &a.key).cmp(&(&b.label, &b.key)));
        let pages = all.len().div_ceil(PER_PAGE).max(1);
        let common = Common {
            first: all.last().map(|it| DateView::of(it.d.date)),
            last: all.first().map(|it| DateView::of(it.d.date)),
            ccgs: all.iter().map(|it| it.ccg_ix).collect::<BTreeSet<_>>().len(),
            count: all.len(),
            regions,
            levels: Level::ALL.iter().map(|l| Choice { key: level_key(*l), label: l.label().to_owned() }).collect(),
            categories: Category::ALL.iter().map(|c| Choice { key: c.as_str(), label: c.label().to_owned() }).collect(),
            outcomes: Outcome::ALL.iter().map(|o| Choice { key: o.as_str(), label: o.label().to_owned() }).collect(),
            ccg_choices,
            pages,
            per_page: PER_PAGE,
            csv: cx.href(&SitePath::national_decisions_csv()),
            feed: cx.href(&SitePath::national_feed()),
            data: cx.href(&SitePath::decisions_data("index.json")),
            root: cx.href(&SitePath::decisions_page()),
            flagged: all.iter().filter(|it| undeclared(cx, it) > 0).count(),
            flagged_url: cx.href(&SitePath::decisions_flagged()),
            check_11: cx.href(&SitePath::check(CheckId::InterestsDeclaredAtDecisions.number())),
        };
        let description = "Every decision of every CCG's primary care commissioning committee, newest first, with filters by CCG, keyword, region, level, category, outcome, conflicts of interest and date";
        let mut errors: Vec<Diagnostic> = (1..=pages)
            .into_par_iter()
            .filter_map(|page| {
                let start = (page - 1) * PER_PAGE;
                let shown = &all[start.min(all.len())..(start + PER_PAGE).min(all.len())];
                let view = View {
                    common: &common,
                    page,
                    from: start + 1,
                    to: start + shown.len(),
                    rows: shown.iter().map(|it| row(cx, it)).collect(),
                    pager: pager(cx, page, pages),
                    only_flagged: false,
                };
                let title = if page == 1 {
                    "Every decision in the country".to_owned()
                } else {
                    format!("Every decision in the country: page {page} of {pages}")
                };
                let at = SitePath::decisions_numbered(page);
                self.html.render_page(cx, "decisions.html", &title, description, &at, "decisions", &view).and_then(emit).err()
            })
            .collect();
        if common.flagged > 0 {
            errors.extend(self.render_flagged(cx, &common, &all).and_then(emit).err());
        }
        errors.sort_by_key(|a| a.render());
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

impl DecisionsPage<'_> {
    /// `/decisions/no-declaration-recorded/`: the decisions that carry
    /// check 11's flag, newest first, on one page: the filter for a reader
    /// without JavaScript (decisions.js filters the same way).
    fn render_flagged(&self, cx: &Published, common: &Common, all: &[Item]) -> Result<Output, Diagnostic> {
        let rows: Vec<Row> = all.iter().filter(|it| undeclared(cx, it) > 0).map(|it| row(cx, it)).collect();
        let view = View {
            common,
            page: 1,
            from: 1,
            to: rows.len(),
            rows,
            pager: Pager { prev: None, next: None, items: Vec::new() },
            only_flagged: true,
        };
        let description = "The decisions where someone recorded present at the meeting has a registered interest that concerns the decision, with no declaration or conflict recorded for it";
        self.html.render_page(
            cx,
            "decisions.html",
            "Decisions with no declaration recorded",
            description,
            &SitePath::decisions_flagged(),
            "decisions",
            &view,
        )
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

    fn shown(current: usize, pages: usize) -> String {
        pager_numbers(current, pages).iter().map(|n| n.map_or("…".to_owned(), |n| n.to_string())).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_pager_shows_the_ends_and_the_pages_near_the_current() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(1, 2), "1 2");
        assert_eq!(shown(1, 159), "1 2 3 … 159");
        assert_eq!(shown(4, 159), "1 2 3 4 5 6 … 159");
        assert_eq!(shown(6, 159), "1 … 4 5 6 7 8 … 159");
        // A gap of one page shows the page, not an ellipsis.
        assert_eq!(shown(5, 159), "1 2 3 4 5 6 7 … 159");
        assert_eq!(shown(159, 159), "1 … 157 158 159");
        assert_eq!(shown(155, 159), "1 … 153 154 155 156 157 158 159");
    }
}
