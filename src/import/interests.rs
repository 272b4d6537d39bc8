//! The register of interests (`interests.yaml`) from NHS England's
//! template: one row per interest, a person over as many rows as they have
//! interests (their name on the first, or on each), the type of interest
//! in one column or as ticks in one column per type.

use super::header::Column;
use super::values::{self, means_nothing, words};
use super::{Converted, Rows, yaml};
use crate::model::InterestType;
use crate::validate::PracticeNames;

pub(super) const COLUMNS: &[Column] = &[
    Column { key: "name", label: "Name", required: true, headings: &["name !organisation !business !withheld"] },
    Column { key: "roles", label: "Current position(s)", required: false, headings: &["position", "role", "job title"] },
    Column {
        key: "interest",
        label: "Declared interest",
        required: true,
        headings: &[
            "declared interest",
            "organisation",
            "nature business",
            "detail interest",
            "description interest",
            "interest !type !date !financial !professional !personal !direct !indirect !action !mitigate !from !to",
        ],
    },
    Column {
        key: "type",
        label: "Type of interest",
        required: false,
        headings: &["type !financial !professional !personal !direct !indirect", "category"],
    },
    Column { key: "financial", label: "Financial interests", required: false, headings: &["financial !non"] },
    Column { key: "professional", label: "Non-financial professional interests", required: false, headings: &["professional"] },
    Column { key: "personal", label: "Non-financial personal interests", required: false, headings: &["personal"] },
    Column { key: "indirect", label: "Direct or indirect", required: false, headings: &["indirect"] },
    Column { key: "from", label: "Date of interest: from", required: false, headings: &["from", "start", "began", "commenced"] },
    Column {
        key: "to",
        label: "Date of interest: to",
        required: false,
        headings: &["to !action !mitigate !risk", "until", "end", "ceased"],
    },
    Column { key: "action", label: "Action taken to mitigate risk", required: true, headings: &["action", "mitigate", "managed"] },
    // Not in NHS England's template: a mark (`Yes`, `X`) on the rows of a
    // person whose entry is withheld, added to the CCG's own copy.
    Column { key: "withheld", label: "Withheld", required: false, headings: &["withheld", "redacted"] },
];

struct Person {
    name: String,
    first_row: usize,
    roles: Vec<String>,
    /// Each interest's YAML, as an item of `interests:`.
    interests: Vec<String>,
    nil_return: bool,
    /// The rows of their interests linked to practices, and the practices.
    linked: Vec<(u32, String)>,
    /// A row of theirs could not be imported.
    failed: bool,
    /// A row of theirs has a mark in the Withheld column.
    withheld: bool,
    /// Their name cell says "Name withheld" (or is empty, with a mark in
    /// the Withheld column): a person of their own, whose real name the
    /// import does not have.
    nameless: bool,
}

impl Person {
    fn new(name: String, first_row: usize) -> Person {
        Person {
            name,
            first_row,
            roles: Vec::new(),
            interests: Vec::new(),
            linked: Vec::new(),
            nil_return: false,
            failed: false,
            withheld: false,
            nameless: false,
        }
    }
}

pub(super) fn convert(rows: &mut Rows<'_>, practices: &PracticeNames, ccg: &str) -> Converted {
    let mut people: Vec<Person> = Vec::new();
    let mut current: Option<usize> = None;
    for i in rows.data() {
        let marked = rows.has("withheld") && values::ticked(rows.cell(i, "withheld"));
        let p = match rows.text(i, "name") {
            // "Name withheld" is no one's name: each such row, with the
            // unnamed rows below it, is one person, never merged with
            // another "Name withheld".
            Some(name) if values::says_withheld(&name) => {
                people.push(Person { withheld: true, nameless: true, ..Person::new(name, i) });
                current = Some(people.len() - 1);
                people.len() - 1
            }
            Some(name) => {
                let p = people.iter().position(|p| p.name == name && !p.nameless).unwrap_or_else(|| {
                    people.push(Person::new(name, i));
                    people.len() - 1
                });
                current = Some(p);
                p
            }
            // An empty name marked withheld below someone who is not: the
            // name was blanked out, so this is someone else.
            None if marked && current.is_none_or(|p| !people[p].withheld) => {
                people.push(Person { withheld: true, nameless: true, ..Person::new(String::new(), i) });
                current = Some(people.len() - 1);
                people.len() - 1
            }
            None => match current {
                Some(p) => p,
                None => {
                    rows.problem(i, Some("name"), "the name is empty, and no row above it names the person: write their name");
                    continue;
                }
            },
        };
        people[p].withheld |= marked;
        for role in roles(rows, i) {
            if !people[p].roles.contains(&role) {
                people[p].roles.push(role);
            }
        }
        let Some(description) = rows.text(i, "interest") else {
            let has_more = ["type", "financial", "professional", "personal", "from", "to", "action"]
                .iter()
                .any(|k| !rows.cell(i, k).is_empty() && !means_nothing(&rows.cell(i, k).raw_text()));
            if has_more {
                rows.problem(i, Some("interest"), "the declared interest is empty: write the organisation and the nature of the interest");
                people[p].failed = true;
            }
            continue;
        };
        if is_nil(&description) {
            people[p].nil_return = true;
            continue;
        }
        match interest(rows, i, &description, (practices, ccg)) {
            Ok((item, linked)) => {
                people[p].interests.push(item);
                people[p].linked.extend(linked);
            }
            Err(()) => people[p].failed = true,
        }
    }
    let mut entries = String::new();
    let (mut interests, mut nil, mut withheld) = (0, 0, 0);
    let mut linked: Vec<(u32, String)> = Vec::new();
    for person in &people {
        if person.nameless {
            rows.problem(
                person.first_row,
                Some("name"),
                format!(
                    "{}: ccgpages needs the person's real name, to keep it off the published site wherever it is \
                     written. In the CCG's own copy of the spreadsheet (kept outside the site's folder), write their \
                     real name here and Yes in a column headed “Withheld”: the import then writes their entry with \
                     `withheld: true`, and the site shows “Name withheld” instead of the name",
                    if person.name.is_empty() {
                        "the name is empty and marked withheld".to_owned()
                    } else {
                        format!("the name says “{}”", values::one_line(&person.name))
                    }
                ),
            );
            continue;
        }
        if person.interests.is_empty() && !person.nil_return {
            if !person.failed {
                rows.problem(
                    person.first_row,
                    Some("interest"),
                    format!(
                        "{} has no interest on any row: write each interest, or Nil if they declared none",
                        values::one_line(&person.name)
                    ),
                );
            }
            continue;
        }
        interests += person.interests.len();
        withheld += usize::from(person.withheld);
        linked.extend(person.linked.iter().cloned());
        let listed = (!person.interests.is_empty()).then(|| format!("\n{}", person.interests.concat().trim_end_matches('\n')));
        if listed.is_none() {
            nil += 1;
        }
        yaml::item(
            &mut entries,
            2,
            &[
                ("name", Some(yaml::text(&person.name))),
                ("roles", Some(yaml::flow_list(&person.roles))),
                ("withheld", person.withheld.then(|| "true".to_owned())),
                ("nil_return", listed.is_none().then(|| "true".to_owned())),
                ("interests", listed),
            ],
        );
    }
    linked.sort();
    rows.linked = linked.into_iter().map(|(row, named)| format!("row {row}: {named}")).collect();
    let written = people.iter().filter(|p| !p.nameless && (!p.interests.is_empty() || p.nil_return)).count();
    let mut counts =
        format!("{}, {}", values::plural(written, "person").replace("persons", "people"), values::plural(interests, "interest"));
    if nil > 0 {
        counts.push_str(&format!(", {}", values::plural(nil, "nil return")));
    }
    if withheld > 0 {
        counts.push_str(&format!(", {withheld} withheld"));
    }
    Converted { entries, counts }
}

/// The row's roles: the positions cell's lines and `;`-separated parts
/// (commas stay: `Lay member, Chair` is one role).
fn roles(rows: &Rows<'_>, i: usize) -> Vec<String> {
    rows.cell(i, "roles").raw_text().split(['\n', '\r', ';']).map(values::one_line).filter(|r| !r.is_empty() && !means_nothing(r)).collect()
}

/// A declared interest that says there is none.
fn is_nil(description: &str) -> bool {
    let w = words(description);
    means_nothing(description)
        || w.starts_with("nil ")
        || w.starts_with("no interest")
        || w.starts_with("no declarable")
        || w.starts_with("no relevant interest")
        || w.starts_with("nothing to declare")
        || w.starts_with("none declared")
        || w.starts_with("none to declare")
}

/// One interest as an item of `interests:`, with `practices:` when the
/// description names listed practices (and then its row number and the
/// practices, for the message); Err when a problem was recorded.
fn interest(
    rows: &mut Rows<'_>,
    i: usize,
    description: &str,
    (practices, ccg): (&PracticeNames, &str),
) -> Result<(String, Option<(u32, String)>), ()> {
    let kind = interest_type(rows, i);
    let from = rows.date(i, "from");
    let to = rows.date(i, "to");
    let action = rows.required(i, "action", "the register must say how each interest is managed: write None needed if nothing is");
    let (kind, from, to, action) = (kind?, from?, to?, action?);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        rows.problem(i, Some("to"), format!("the interest ends ({}) before it began ({})", t.long(), f.long()));
        return Err(());
    }
    let named = practices.named_in(description, ccg);
    let codes: Vec<String> = named.iter().map(|(ods, _)| (*ods).to_owned()).collect();
    let mut out = String::new();
    yaml::item(
        &mut out,
        6,
        &[
            ("type", Some(kind.as_str().to_owned())),
            ("description", Some(yaml::text(description))),
            ("from", from.map(|d| d.to_string())),
            ("to", to.map(|d| d.to_string())),
            ("action", Some(yaml::text(&action))),
            ("practices", (!codes.is_empty()).then(|| yaml::flow_list(&codes))),
        ],
    );
    let linked = (!named.is_empty()).then(|| {
        let each: Vec<String> = named.iter().map(|(ods, name)| format!("{}, {ods}", values::one_line(name))).collect();
        (rows.number(i), each.join("; "))
    });
    Ok((out, linked))
}

const TYPES: &str = "write Financial, Non-financial professional, Non-financial personal or Indirect";

/// From a type column in words, or from ticks in one column per type (and
/// a direct-or-indirect column). Ticks in several columns: the first of
/// financial, professional, personal.
fn interest_type(rows: &mut Rows<'_>, i: usize) -> Result<InterestType, ()> {
    if let Some(t) = rows.text(i, "type") {
        return match type_in_words(&t) {
            Some(k) => Ok(k),
            None => {
                rows.problem(i, Some("type"), format!("`{t}` is not a type of interest: {TYPES}"));
                Err(())
            }
        };
    }
    let indirect = rows.cell(i, "indirect");
    let w = words(&indirect.raw_text());
    if w.contains("indirect") || (values::ticked(indirect) && !w.contains("direct")) {
        return Ok(InterestType::Indirect);
    }
    for (key, kind) in [
        ("financial", InterestType::Financial),
        ("professional", InterestType::NonFinancialProfessional),
        ("personal", InterestType::NonFinancialPersonal),
    ] {
        if values::ticked(rows.cell(i, key)) {
            return Ok(kind);
        }
    }
    if ["type", "financial", "professional", "personal"].iter().any(|k| rows.has(k)) {
        let key = if rows.has("type") { "type" } else { "financial" };
        rows.problem(i, Some(key), format!("the type of interest is empty: {TYPES}"));
    } else {
        rows.problem(
            i,
            None,
            format!("the sheet has no column for the type of interest: add one headed “Type of interest”, and in it {TYPES}"),
        );
    }
    Err(())
}

fn type_in_words(t: &str) -> Option<InterestType> {
    let w = words(t);
    if w.contains("indirect") {
        Some(InterestType::Indirect)
    } else if w.contains("personal") {
        Some(InterestType::NonFinancialPersonal)
    } else if w.contains("professional") {
        Some(InterestType::NonFinancialProfessional)
    } else if w.contains("financial") && !w.contains("non") {
        Some(InterestType::Financial)
    } else {
        None
    }
}
