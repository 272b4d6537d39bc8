//! The register of gifts and hospitality (`gifts-hospitality.yaml`) from
//! NHS England's template: one row per offer; a row with no name is
//! another offer to the person named above it.

use super::header::Column;
use super::values::{self, words};
use super::{Converted, Rows, yaml};

pub(super) const COLUMNS: &[Column] = &[
    Column {
        key: "name",
        label: "Name",
        required: true,
        headings: &["name !supplier !offeror !organisation !business !company !provider"],
    },
    Column { key: "role", label: "Position", required: true, headings: &["position", "role", "job title"] },
    Column { key: "date", label: "Date of offer", required: true, headings: &["date offer", "date !receipt !received"] },
    Column { key: "received", label: "Date of receipt", required: false, headings: &["receipt", "received !declined"] },
    Column {
        key: "description",
        label: "Details of gift or hospitality",
        required: true,
        headings: &["detail gift", "detail hospitality", "description", "gift hospitality !value !date !reason !declined !accepted"],
    },
    Column { key: "value", label: "Estimated value", required: false, headings: &["value", "cost", "worth"] },
    Column {
        key: "offered_by",
        label: "Supplier or offeror",
        required: true,
        headings: &["supplier !previou", "offeror !previou", "offered by", "provided by", "company"],
    },
    Column { key: "previous", label: "Previous offers", required: false, headings: &["previou"] },
    Column {
        key: "accepted",
        label: "Declined or accepted",
        required: true,
        headings: &["declined accepted !reason", "accepted !reason", "declined !reason", "outcome"],
    },
    Column { key: "reason", label: "Reason for accepting or declining", required: false, headings: &["reason", "why"] },
    Column { key: "comments", label: "Other comments", required: false, headings: &["comment", "note"] },
];

pub(super) fn convert(rows: &mut Rows<'_>) -> Converted {
    let mut entries = String::new();
    let (mut count, mut accepted_count) = (0, 0);
    let mut person: Option<(String, Option<String>)> = None;
    for i in rows.data() {
        let (name, role) = match rows.text(i, "name") {
            Some(name) => {
                let role = rows.text(i, "role");
                person = Some((name.clone(), role.clone()));
                (name, role)
            }
            None => match &person {
                // Another offer to the person above.
                Some((name, role)) => (name.clone(), rows.text(i, "role").or_else(|| role.clone())),
                None => {
                    rows.problem(i, Some("name"), "the name is empty, and no row above it names the person: write who was offered it");
                    continue;
                }
            },
        };
        if values::says_withheld(&name) {
            rows.problem(
                i,
                Some("name"),
                format!(
                    "the name says “{}”: write the person's real name (in the CCG's own copy of the spreadsheet, kept \
                     outside the site's folder). The site shows “Name withheld” instead of it when the person's entry \
                     in the register of interests has `withheld: true`",
                    values::one_line(&name)
                ),
            );
            continue;
        }
        let role = match role {
            Some(r) => Ok(r),
            None => rows.required(i, "role", "write the person's position"),
        };
        let date = match rows.date(i, "date") {
            Ok(None) => match rows.date(i, "received") {
                Ok(Some(d)) => Ok(d),
                Ok(None) => {
                    rows.problem(i, Some("date"), "the date of offer is empty: write the day it was offered");
                    Err(())
                }
                Err(()) => Err(()),
            },
            Ok(Some(d)) => Ok(d),
            Err(()) => Err(()),
        };
        let description = rows.required(i, "description", "write what was offered");
        let offered_by = rows.required(i, "offered_by", "write who offered it");
        let value = rows.money(i, "value");
        let accepted = accepted(rows, i);
        let (Ok(role), Ok(date), Ok(description), Ok(offered_by), Ok(value), Ok(accepted)) =
            (role, date, description, offered_by, value, accepted)
        else {
            continue;
        };
        let mut notes = Vec::new();
        notes.extend(rows.something(i, "reason"));
        if let Some(previous) = rows.something(i, "previous") {
            notes.push(format!("Previous offers: {previous}"));
        }
        notes.extend(rows.something(i, "comments"));
        let notes = (!notes.is_empty()).then(|| yaml::text(&notes.join("; ")));
        yaml::item(
            &mut entries,
            2,
            &[
                ("name", Some(yaml::text(&name))),
                ("role", Some(yaml::text(&role))),
                ("date", Some(date.to_string())),
                ("offered_by", Some(yaml::text(&offered_by))),
                ("description", Some(yaml::text(&description))),
                ("value", value.map(money_yaml)),
                ("accepted", Some(accepted.to_string())),
                ("notes", notes),
            ],
        );
        count += 1;
        accepted_count += usize::from(accepted);
    }
    let counts = format!("{} ({} accepted, {} declined)", values::plural(count, "offer"), accepted_count, count - accepted_count);
    Converted { entries, counts }
}

/// Money as the content format writes it: pounds, with pence only when
/// there are some (`45`, `4999.50`).
pub(super) fn money_yaml(m: crate::model::Money) -> String {
    if m.0.is_multiple_of(100) { format!("{}", m.0 / 100) } else { format!("{}.{:02}", m.0 / 100, m.0 % 100) }
}

fn accepted(rows: &mut Rows<'_>, i: usize) -> Result<bool, ()> {
    let Some(t) = rows.text(i, "accepted") else {
        rows.problem(i, Some("accepted"), "it does not say whether the offer was declined or accepted: write Declined or Accepted");
        return Err(());
    };
    let w = words(&t);
    let first = w.split(' ').next().unwrap_or("");
    if w.starts_with("not accepted")
        || w.starts_with("refus")
        || w.starts_with("declin")
        || w.starts_with("reject")
        || w.starts_with("returned")
    {
        Ok(false)
    } else if first.starts_with("accept") || matches!(first, "yes" | "y" | "a") {
        Ok(true)
    } else if matches!(first, "no" | "n" | "d") {
        Ok(false)
    } else {
        rows.problem(
            i,
            Some("accepted"),
            format!("`{t}` does not say whether the offer was declined or accepted: write Declined or Accepted"),
        );
        Err(())
    }
}
