//! The transparency checks as open data: `/checks.csv` and `/checks.json`,
//! one row for each CCG and check, read from the results stage 2 worked
//! out (no check is run again here). The reason is the public one, as the
//! pages show it; what to edit (`fix`, `file`) is `check`'s, not published.

use serde::Serialize;

use super::csv::Column;
use crate::checks::{CHECKS, CheckResult};
use crate::model::*;
use crate::render::{Published, SitePath};

/// Each outcome, in the order the site explains them (defined once, in
/// `checks`): a code never changes once published, whatever the label says.
use crate::checks::STATUSES as OUTCOMES;

/// One row of `/checks.csv`: one CCG's result of one check.
pub(crate) struct CheckRow<'a> {
    ccg: &'a Ccg,
    /// The day the checks were worked out for.
    on: Date,
    result: &'a CheckResult,
    ccg_url: String,
    check_url: String,
}

pub(crate) type CheckColumn = Column<fn(&CheckRow<'_>) -> String>;

pub(crate) const CHECK_COLUMNS: &[CheckColumn] = &[
    Column { name: "ccg_id", doc: "The CCG's id, as in `decisions.csv` and `interests.csv`.", value: |r| r.ccg.id.clone() },
    Column { name: "ccg_name", doc: "The CCG's name.", value: |r| r.ccg.profile.data.name.clone() },
    Column { name: "ods_code", doc: "The CCG's ODS code.", value: |r| r.ccg.profile.data.ods_code.clone() },
    Column {
        name: "checked_on",
        doc: "The day the check was worked out for, YYYY-MM-DD: the day the site's records are as of, or, for a CCG that closed before it, the day the CCG closed.",
        value: |r| r.on.to_string(),
    },
    Column { name: "check_number", doc: "The check's number, 1 to 11: it never changes.", value: |r| r.result.id.number().to_string() },
    Column { name: "check_title", doc: "The check's title, as the site shows it.", value: |r| r.result.id.title().to_owned() },
    Column {
        name: "outcome",
        doc: "`met`, `not-met`, `unknown` (the records published here cannot decide it) or `not-applicable`: a code that stays the same when the words shown change.",
        value: |r| r.result.status.code().to_owned(),
    },
    Column {
        name: "outcome_label",
        doc: "The outcome as the site shows it (`Met`, `Not met`…).",
        value: |r| r.result.status.label().to_owned(),
    },
    Column { name: "reason", doc: "Why, in a sentence about the records, as the CCG's page gives it.", value: |r| r.result.reason.clone() },
    Column { name: "ccg_url", doc: "Address of the CCG's transparency checks on its page.", value: |r| r.ccg_url.clone() },
    Column {
        name: "check_url",
        doc: "Address of the check's page: what it asks, and how every CCG fares.",
        value: |r| r.check_url.clone(),
    },
];

/// Every CCG's result of every check: the CCGs in the content's order,
/// the checks in theirs.
pub(super) fn check_rows<'a>(cx: &Published<'a>) -> Vec<CheckRow<'a>> {
    let mut rows = Vec::new();
    for ccg in &cx.content.ccgs {
        let checks = cx.checks(ccg);
        let ccg_url = cx.abs(&SitePath::ccg_section(&ccg.id, "checks"));
        for result in &checks.results {
            rows.push(CheckRow {
                ccg,
                on: checks.on,
                result,
                ccg_url: ccg_url.clone(),
                check_url: cx.abs(&SitePath::check(result.id.number())),
            });
        }
    }
    rows
}

/// `/checks.json`: the checks and outcomes it uses, then the rows of
/// `/checks.csv` with the same names (the number a number).
#[derive(Serialize)]
pub(super) struct ChecksFile<'a> {
    as_of: Date,
    outcomes: Vec<OutcomeJson>,
    checks: Vec<CheckJson>,
    results: Vec<ResultJson<'a>>,
}

#[derive(Serialize)]
struct OutcomeJson {
    code: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct CheckJson {
    number: usize,
    title: &'static str,
    asks: &'static str,
    url: String,
}

#[derive(Serialize)]
struct ResultJson<'a> {
    ccg_id: &'a str,
    ccg_name: &'a str,
    ods_code: &'a str,
    checked_on: Date,
    check_number: usize,
    check_title: &'static str,
    outcome: &'static str,
    outcome_label: &'static str,
    reason: &'a str,
    ccg_url: &'a str,
    check_url: &'a str,
}

pub(super) fn checks_json<'a>(cx: &Published, rows: &'a [CheckRow<'a>]) -> ChecksFile<'a> {
    ChecksFile {
        as_of: cx.input.as_of,
        outcomes: OUTCOMES.iter().map(|&s| OutcomeJson { code: s.code(), label: s.label() }).collect(),
        checks: CHECKS
            .iter()
            .map(|c| CheckJson { number: c.id.number(), title: c.title, asks: c.id.asks(), url: cx.abs(&SitePath::check(c.id.number())) })
            .collect(),
        results: rows
            .iter()
            .map(|r| {
                let p = &r.ccg.profile.data;
                ResultJson {
                    ccg_id: &r.ccg.id,
                    ccg_name: &p.name,
                    ods_code: &p.ods_code,
                    checked_on: r.on,
                    check_number: r.result.id.number(),
                    check_title: r.result.id.title(),
                    outcome: r.result.status.code(),
                    outcome_label: r.result.status.label(),
                    reason: &r.result.reason,
                    ccg_url: &r.ccg_url,
                    check_url: &r.check_url,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::checks::Status;

    #[test]
    fn every_outcome_has_its_own_lowercase_code() {
        let codes: HashSet<&str> = OUTCOMES.iter().map(|s| s.code()).collect();
        assert_eq!(codes.len(), 4);
        assert!(codes.iter().all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
        assert_eq!(Status::Fail.code(), "not-met");
    }
}
