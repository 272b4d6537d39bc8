//! The CCG page's past meetings and decisions, by financial year (April to
//! March, [`FinancialYear`]): newest year first, one open and the others
//! folded, so that a CCG with many years stays short on a phone.

use serde::Serialize;

use super::decisions::DecisionView;
use super::meetings::MeetingRow;
use crate::date::{Date, FinancialYear};

#[derive(Serialize)]
pub(crate) struct YearView {
    /// "2019-20": the year's id on the page is `year-2019-20`.
    slug: String,
    /// "April 2019 to March 2020".
    label: String,
    /// Shown open; the others are folded.
    open: bool,
    /// What it holds: "8 meetings, 30 decisions".
    summary: String,
    meetings: Vec<MeetingRow>,
    decisions: Vec<DecisionView>,
}

/// The years that hold a past meeting or a decision, newest first, each
/// with its meetings and decisions in the order given (newest first).
/// Open is the year of `day` (the as-of date, or the day the CCG closed)
/// if it holds anything, else the newest year: a CCG whose year has just
/// begun, or that closed, shows its latest year open. `register`: the CCG
/// publishes a register of decisions (the summary then counts them, none
/// included).
pub(crate) fn years(past: Vec<MeetingRow>, decisions: Vec<DecisionView>, day: Date, register: bool) -> Vec<YearView> {
    let mut years: Vec<(FinancialYear, Vec<MeetingRow>, Vec<DecisionView>)> = Vec::new();
    let slot = |years: &mut Vec<(FinancialYear, Vec<MeetingRow>, Vec<DecisionView>)>, y: FinancialYear| match years
        .binary_search_by(|(x, _, _)| y.cmp(x))
    {
        Ok(i) => i,
        Err(i) => {
            years.insert(i, (y, Vec::new(), Vec::new()));
            i
        }
    };
    for m in past {
        let i = slot(&mut years, FinancialYear::of(m.day));
        years[i].1.push(m);
    }
    for d in decisions {
        let i = slot(&mut years, FinancialYear::of(d.day));
        years[i].2.push(d);
    }
    let current = FinancialYear::of(day);
    let open = if years.iter().any(|(y, _, _)| *y == current) { Some(current) } else { years.first().map(|(y, _, _)| *y) };
    years
        .into_iter()
        .map(|(y, meetings, decisions)| YearView {
            slug: y.slug(),
            label: y.label(),
            open: Some(y) == open,
            summary: summary(meetings.len(), decisions.len(), register),
            meetings,
            decisions,
        })
        .collect()
}

/// "8 meetings, 30 decisions", "1 meeting, no decisions", "no meetings, 2
/// decisions"; without a register, the meetings alone.
fn summary(meetings: usize, decisions: usize, register: bool) -> String {
    let count = |n: usize, one: &str, many: &str| match n {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{} {many}", crate::model::thousands(n as u64)),
    };
    let mut s = count(meetings, "meeting", "meetings");
    if register {
        s.push_str(", ");
        s.push_str(&count(decisions, "decision", "decisions"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_say_what_a_year_holds() {
        assert_eq!(summary(12, 31, true), "12 meetings, 31 decisions");
        assert_eq!(summary(1, 0, true), "1 meeting, no decisions");
        assert_eq!(summary(0, 1, true), "no meetings, 1 decision");
        assert_eq!(summary(3, 0, false), "3 meetings");
        assert_eq!(summary(1200, 0, false), "1,200 meetings");
    }
}
