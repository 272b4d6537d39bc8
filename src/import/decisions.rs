//! The register of procurement decisions, from NHS England's template, into
//! the register of decisions (`decisions.yaml`): each row a decision of
//! category `procurement` with its `procurement` details. The template's
//! columns that the format has no field for (the decision-making process,
//! the conflicts noted and the actions taken, comments) go into the
//! decision's summary, one paragraph each.

use super::gifts::money_yaml;
use super::header::Column;
use super::values::{self, means_nothing, words};
use super::{Converted, Rows, yaml};
use crate::model::{DecisionRoute, Outcome};

pub(super) const COLUMNS: &[Column] = &[
    Column { key: "reference", label: "Reference", required: true, headings: &["ref", "reference", "id"] },
    Column {
        key: "date",
        label: "Date of decision",
        required: true,
        headings: &[
            "date decision",
            "decision date",
            "date award",
            "date agreed",
            "date approved",
            "date !start !end !commencement !expiry",
        ],
    },
    Column { key: "title", label: "Contract or service title", required: true, headings: &["title", "service !description"] },
    Column { key: "description", label: "Procurement description", required: false, headings: &["description !title"] },
    Column { key: "existing", label: "Existing contract or new procurement", required: false, headings: &["existing", "new procurement"] },
    Column {
        key: "procedure",
        label: "Procurement type",
        required: false,
        headings: &["procurement type", "type", "procedure", "route market"],
    },
    Column { key: "clinical_lead", label: "Clinical lead", required: false, headings: &["clinical lead", "clinical"] },
    Column { key: "contract_manager", label: "Contract manager", required: false, headings: &["contract manager", "manager"] },
    Column {
        key: "process",
        label: "Decision-making process and committee",
        required: false,
        headings: &["decision making", "committee", "process"],
    },
    Column { key: "conflicts", label: "Conflicts of interest noted", required: false, headings: &["conflict !justification !action"] },
    Column {
        key: "actions",
        label: "Actions taken to mitigate",
        required: false,
        headings: &["action !justification", "mitigate !justification"],
    },
    Column { key: "justification", label: "Justification", required: false, headings: &["justification"] },
    Column { key: "supplier", label: "Supplier", required: false, headings: &["supplier", "awarded", "provider"] },
    Column { key: "address", label: "Supplier's address", required: false, headings: &["address !supplier !awarded !provider"] },
    Column { key: "value_total", label: "Contract sum", required: false, headings: &["value !annual", "sum", "total", "price"] },
    Column { key: "value_annual", label: "Annual value", required: false, headings: &["annual", "per year", "per annum"] },
    Column { key: "start", label: "Contract start", required: false, headings: &["start", "commencement"] },
    Column { key: "end", label: "Contract end", required: false, headings: &["end !spend", "expiry"] },
    Column { key: "outcome", label: "Outcome", required: false, headings: &["outcome"] },
    Column { key: "comments", label: "Comments", required: false, headings: &["comment", "note"] },
];

pub(super) fn convert(rows: &mut Rows<'_>) -> Converted {
    let mut entries = String::new();
    let mut ids: Vec<(String, u32)> = Vec::new();
    let mut count = 0;
    if !rows.has("outcome") {
        rows.notes.push("every decision is recorded as approved (`outcome: approved`): the register lists contracts awarded".to_owned());
    }
    for i in rows.data() {
        let reference = rows.required(i, "reference", "each decision needs a reference, unique in the register");
        let date = match rows.date(i, "date") {
            Ok(Some(d)) => Ok(d),
            Ok(None) => {
                rows.problem(i, Some("date"), "the date of decision is empty: write the day the decision was taken");
                Err(())
            }
            Err(()) => Err(()),
        };
        let title = rows.required(i, "title", "write the contract's or service's title");
        let value_total = rows.money(i, "value_total");
        let value_annual = rows.money(i, "value_annual");
        let start = rows.date(i, "start");
        let end = rows.date(i, "end");
        let outcome = outcome(rows, i);
        let (Ok(reference), Ok(date), Ok(title), Ok(value_total), Ok(value_annual), Ok(start), Ok(end), Ok(outcome)) =
            (reference, date, title, value_total, value_annual, start, end, outcome)
        else {
            continue;
        };
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            rows.problem(i, Some("end"), format!("the contract ends ({}) before it starts ({})", e.long(), s.long()));
            continue;
        }
        let id = decision_id(&reference);
        if let Some((_, row)) = ids.iter().find(|(other, _)| *other == id) {
            rows.problem(i, Some("reference"), format!("the reference {reference} is also on row {row}: each decision needs its own"));
            continue;
        }
        ids.push((id.clone(), rows.number(i)));

        let process = rows.text(i, "process");
        let route = match process.as_deref().map(words) {
            Some(w) if w.contains("urgent") => Some(DecisionRoute::Urgent),
            _ => None,
        };
        let (existing_contract, existing_text) = existing(rows.text(i, "existing"));
        let mut summary = Vec::new();
        if let Some(p) = process {
            summary.push(format!("Decision-making process: {p}"));
        }
        if let Some(c) = rows.something(i, "conflicts") {
            summary.push(format!("Conflicts of interest noted: {c}"));
        }
        if let Some(a) = rows.something(i, "actions") {
            summary.push(format!("Actions taken to mitigate: {a}"));
        }
        if let Some(e) = existing_text {
            summary.push(format!("Existing contract or new procurement: {e}"));
        }
        if let Some(c) = rows.something(i, "comments") {
            summary.push(format!("Comments: {c}"));
        }
        let (supplier, address) = supplier(rows, i);

        let mut procurement = String::new();
        let fields: Vec<(&str, Option<String>)> = vec![
            ("reference", Some(yaml::text(&reference))),
            ("description", rows.text(i, "description").map(|t| yaml::text(&t))),
            ("existing_contract", existing_contract.map(|b| b.to_string())),
            ("procedure", rows.something(i, "procedure").map(|t| yaml::text(&t))),
            ("clinical_lead", rows.something(i, "clinical_lead").map(|t| yaml::text(&t))),
            ("contract_manager", rows.something(i, "contract_manager").map(|t| yaml::text(&t))),
            ("supplier", supplier.map(|t| yaml::text(&t))),
            ("supplier_address", address.map(|t| yaml::text(&t))),
            ("value_total", value_total.map(money_yaml)),
            ("value_annual", value_annual.map(money_yaml)),
            ("start", start.map(|d| d.to_string())),
            ("end", end.map(|d| d.to_string())),
            ("justification", rows.something(i, "justification").map(|t| yaml::text(&t))),
        ];
        // The procurement's fields as a mapping under its key, six spaces in.
        for (key, value) in fields {
            if let Some(value) = value {
                procurement.push_str(&format!("      {key}: {value}\n"));
            }
        }
        yaml::item(
            &mut entries,
            2,
            &[
                ("id", Some(yaml::text(&id))),
                ("date", Some(date.to_string())),
                ("title", Some(yaml::text(&title))),
                ("category", Some("procurement".to_owned())),
                ("route", route.map(|r| r.as_str().to_owned())),
                ("outcome", Some(outcome.as_str().to_owned())),
                ("summary", (!summary.is_empty()).then(|| yaml::multiline(&summary.join("\n\n"), 6))),
                ("procurement", Some(format!("\n{}", procurement.trim_end_matches('\n')))),
            ],
        );
        count += 1;
    }
    Converted { entries, counts: values::plural(count, "decision") }
}

/// A decision id from a reference: letters, digits, `-`, `_` and `.`, each
/// run of other characters one `-` (`CL/PC/2015/003` → `CL-PC-2015-003`).
fn decision_id(reference: &str) -> String {
    let mut id = String::new();
    for c in reference.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_owned();
    if id.is_empty() { "decision".to_owned() } else { id }
}

/// `existing_contract` from the column's words, and the text too when it
/// says more than "Existing" or "New" (the template asks for details).
fn existing(text: Option<String>) -> (Option<bool>, Option<String>) {
    let Some(t) = text.filter(|t| !means_nothing(t)) else { return (None, None) };
    let w = words(&t);
    let value = if ["existing", "extension", "extend", "variation", "vary", "renewal", "renew"].iter().any(|k| w.contains(k)) {
        Some(true)
    } else if w.starts_with("new") {
        Some(false)
    } else {
        None
    };
    let bare = matches!(w.as_str(), "existing" | "new" | "new procurement" | "existing contract" | "new contract");
    (value, (!bare).then_some(t))
}

/// The supplier, and its address: from their own columns, or the
/// template's one cell "supplier name and registered address" (its first
/// line the name, the other lines the address).
fn supplier(rows: &Rows<'_>, i: usize) -> (Option<String>, Option<String>) {
    let lines = values::lines(rows.cell(i, "supplier"));
    let address = rows.something(i, "address");
    match lines.split_first() {
        None => (None, address),
        Some((first, _)) if means_nothing(first) => (None, address),
        Some((first, rest)) if address.is_none() && !rest.is_empty() => (Some(first.clone()), Some(rest.join(", "))),
        Some(_) => (Some(lines.join(" ")), address),
    }
}

fn outcome(rows: &mut Rows<'_>, i: usize) -> Result<Outcome, ()> {
    let Some(t) = rows.text(i, "outcome") else { return Ok(Outcome::Approved) };
    let w = words(&t);
    let first = w.split(' ').next().unwrap_or("");
    let found = match first {
        "approved" | "agreed" | "awarded" | "accepted" | "approve" => Some(Outcome::Approved),
        "rejected" | "declined" | "refused" | "not" => Some(Outcome::Rejected),
        "deferred" | "postponed" => Some(Outcome::Deferred),
        "noted" => Some(Outcome::Noted),
        _ => None,
    };
    found.ok_or_else(|| rows.problem(i, Some("outcome"), format!("`{t}` is not an outcome: write Approved, Rejected, Deferred or Noted")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_references() {
        assert_eq!(decision_id("CL/PC/2015/003"), "CL-PC-2015-003");
        assert_eq!(decision_id(" RIV 2016 (01) "), "RIV-2016-01");
        assert_eq!(decision_id("CL-2015.07_a"), "CL-2015.07_a");
    }

    #[test]
    fn existing_or_new() {
        assert_eq!(existing(Some("New procurement".into())), (Some(false), None));
        assert_eq!(existing(Some("Existing".into())), (Some(true), None));
        assert_eq!(
            existing(Some("Existing – extension of the 2013 APMS contract".into())),
            (Some(true), Some("Existing – extension of the 2013 APMS contract".into()))
        );
        assert_eq!(existing(Some("N/A".into())), (None, None));
    }
}
