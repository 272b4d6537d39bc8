//! The YAML parser's messages about a content file, in plain words: the
//! place is named by what a person sees ("decision RIV-2016-01", "committee
//! pccc, member 3", "agenda item 4.1") rather than `entries[0]`, a value or
//! a field name that is nearly right gets a "did you mean", and the kinds
//! of value are named as the content format names them.

use std::path::Path;

use crate::model::ContentPath;
use crate::suggest::{did_you_mean, one_of};
use crate::yaml::{Error, Step, Tree};

/// The words for an item of the list `key` in the file `file`: a noun, and
/// the field that identifies one (else it is counted).
fn noun(file: &str, key: &str) -> (String, Option<&'static str>) {
    let (noun, id) = match key {
        "entries" if file == ContentPath::DECISIONS => ("decision", Some("id")),
        "entries" => ("entry", None),
        "committees" => ("committee", Some("id")),
        "members" if file == ContentPath::GROUP_PROFILE => ("item", None),
        "members" => ("member", None),
        "co_commissioning" => ("co-commissioning period", None),
        "agenda" => ("agenda item", Some("number")),
        "papers" => ("paper", Some("title")),
        "declarations" => ("declaration", None),
        "conflicts" => ("conflict", None),
        "interests" => ("interest", None),
        "decisions" => ("row", None),
        _ => ("item", None),
    };
    if noun == "item" || noun == "row" { (format!("{noun} of `{key}`"), None) } else { (noun.to_owned(), id) }
}

/// Names the place `steps` lead to, as a person reading the file sees it.
fn place(file: &str, doc: Option<&Tree>, steps: &[Step]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut key = "";
    for (n, step) in steps.iter().enumerate() {
        match step {
            Step::Key(k) => {
                key = k;
                parts.push(format!("`{k}`"));
            }
            Step::Item(i) => {
                let (noun, id) = noun(file, key);
                let shown = id.and_then(|f| {
                    let mut at = steps[..=n].to_vec();
                    at.push(Step::Key(f.to_owned()));
                    doc?.text_at(&at)
                });
                // The list's own name is said by the noun.
                parts.pop();
                parts.push(match shown {
                    Some(id) if id.chars().count() <= 60 => format!("{noun} {id}"),
                    _ => format!("{noun} {}", i + 1),
                });
            }
        }
    }
    parts.join(", ")
}

/// The words in backticks in `text`: the values serde lists.
fn quoted(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// What serde expects, as the content format says it.
fn expected(what: &str) -> String {
    match what.trim() {
        "a boolean" => "`true` or `false`".into(),
        "u8" | "u16" | "u32" | "u64" | "i64" => "a whole number".into(),
        "a sequence" => "a list".into(),
        "a string" => "text".into(),
        w if w.starts_with("struct ") || w == "a map" => "a group of fields (on the lines below, indented)".into(),
        w => w.to_owned(),
    }
}

/// What was found instead, from serde's `string "yes"`, `sequence`, `integer `5``.
fn found(what: &str) -> String {
    let what = what.trim();
    if let Some(s) = what.strip_prefix("string ") {
        return format!("`{}`", s.trim_matches('"'));
    }
    match what {
        "sequence" => "a list".into(),
        "map" => "a group of fields".into(),
        "unit value" => "nothing".into(),
        w => match quoted(w).first() {
            Some(v) => format!("`{v}`"),
            None => w.to_owned(),
        },
    }
}

/// The YAML parser's error about the file at `path` (its YAML text `yaml`),
/// in plain words. The position is the caller's.
pub(super) fn plain(path: &Path, yaml: &str, error: &Error) -> String {
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let file = if file.starts_with(ContentPath::TERMS) { format!("{}.md", ContentPath::TERMS) } else { file };
    let rest = error.message.as_str();
    let mut steps = &error.path[..];
    // The deserializer's path of an unknown field ends in its name: the place is the fields around it.
    if let Some(name) = rest.strip_prefix("unknown field `").and_then(|r| r.split('`').next())
        && let Some((Step::Key(k), parent)) = steps.split_last()
        && k == name
    {
        steps = parent;
    }
    let doc = if steps.iter().any(|s| matches!(s, Step::Item(_))) { Tree::parse(yaml) } else { None };
    // The field the message is about, and the place it is in.
    let (field, within) = match steps.split_last() {
        Some((Step::Key(k), parent)) => (format!("`{k}`"), parent),
        Some((Step::Item(i), parent)) => {
            let key = match parent.last() {
                Some(Step::Key(k)) => k.as_str(),
                _ => "",
            };
            (format!("item {} of `{key}`", i + 1), parent.split_last().map_or(parent, |(_, p)| p))
        }
        None => (String::new(), steps),
    };
    let here = |steps: &[Step]| place(&file, doc.as_ref(), steps);
    let with_place = |place: String, body: String| if place.is_empty() { body } else { format!("{place}: {body}") };

    if let Some(rest) = rest.strip_prefix("unknown variant ") {
        let values = quoted(rest);
        let (given, allowed) = values.split_first().map_or(("", &[][..]), |(g, a)| (*g, a));
        let body =
            format!("{field} `{given}` is not one of {}{}", one_of(allowed.iter().copied()), did_you_mean(given, allowed.iter().copied()));
        return with_place(here(within), body);
    }
    if let Some(rest) = rest.strip_prefix("unknown field ") {
        let names = quoted(rest);
        let (given, allowed) = names.split_first().map_or(("", &[][..]), |(g, a)| (*g, a));
        let hint = did_you_mean(given, allowed.iter().copied());
        let body = if !hint.is_empty() {
            format!("`{given}` is not a field here{hint}")
        } else if allowed.is_empty() {
            format!("`{given}` is not a field here: there are no fields here")
        } else {
            format!("`{given}` is not a field here: the fields here are {}", one_of(allowed.iter().copied()))
        };
        return with_place(here(steps), body);
    }
    if let Some(rest) = rest.strip_prefix("missing field ") {
        let name = quoted(rest).first().copied().unwrap_or(rest);
        return with_place(here(steps), format!("`{name}` is missing: it is required"));
    }
    if let Some(rest) = rest.strip_prefix("duplicate field ") {
        let name = quoted(rest).first().copied().unwrap_or(rest);
        return with_place(here(steps), format!("`{name}` is written twice: a field may appear only once in the same place"));
    }
    if let Some(rest) = rest.strip_prefix("invalid type: ").or_else(|| rest.strip_prefix("invalid value: "))
        && let Some((what, want)) = rest.rsplit_once(", expected ")
    {
        let body = if what.trim() == "unit value" {
            format!("{field} is empty: write {} after the colon", expected(want))
        } else {
            format!("{field} must be {} (found {})", expected(want), found(what))
        };
        return with_place(here(within), body.trim_start().to_owned());
    }
    let mut body = if rest.starts_with('`') && !field.is_empty() { format!("{field} {rest}") } else { rest.to_owned() };
    if body.contains("repetition limit exceeded") || body.contains("recursion limit exceeded") {
        body.push_str(" (YAML aliases that expand too far, or nesting too deep, are refused)");
    }
    with_place(here(within), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `message` as the YAML parser writes it (`entries[0].category: …`), as the
    /// deserializer's path and the rest.
    fn say(file: &str, yaml: &str, message: &str) -> String {
        let (path, rest) = match message.split_once(": ") {
            Some((p, r)) if !p.contains(' ') => (p, r),
            _ => ("", message),
        };
        let mut steps = Vec::new();
        for piece in path.split('.').filter(|p| !p.is_empty()) {
            let mut parts = piece.split('[');
            steps.extend(parts.next().filter(|k| !k.is_empty()).map(|k| Step::Key(k.to_owned())));
            steps.extend(parts.map(|i| Step::Item(i.trim_end_matches(']').parse().unwrap())));
        }
        plain(Path::new(file), yaml, &Error { path: steps, message: rest.to_owned(), at: None })
    }

    #[test]
    fn places_are_named_by_what_a_person_sees() {
        let decisions = "updated: 2016-01-01\nentries:\n  - id: RIV-2016-01\n    category: procurment\n";
        assert_eq!(
            say(
                "decisions.yaml",
                decisions,
                "entries[0].category: unknown variant `procurment`, expected one of `premises`, `procurement`, `other`"
            ),
            "decision RIV-2016-01: `category` `procurment` is not one of `premises`, `procurement` or `other`; did you mean `procurement`?"
        );
        let ccg = "committees:\n  - id: pccc\n    members:\n      - name: A\n";
        assert_eq!(
            say("ccg.yaml", ccg, "committees[0].members[0].rol: unknown field `rol`, expected one of `name`, `role`, `category`"),
            "committee pccc, member 1: `rol` is not a field here; did you mean `role`?"
        );
        assert_eq!(
            say("m.md", "agenda:\n  - number: \"4.1\"\n", "agenda[0]: missing field `title`"),
            "agenda item 4.1: `title` is missing: it is required"
        );
        assert_eq!(
            say("ccg.yaml", ccg, "committees[0].members[0].chair: invalid type: string \"yes\", expected a boolean"),
            "committee pccc, member 1: `chair` must be `true` or `false` (found `yes`)"
        );
        assert_eq!(
            say("gifts-hospitality.yaml", "", "entries[2].date: `26/12/2015` is not a date: expected YYYY-MM-DD"),
            "entry 3: `date` `26/12/2015` is not a date: expected YYYY-MM-DD"
        );
        assert_eq!(say("site.yaml", "", "missing field `title`"), "`title` is missing: it is required");
        assert_eq!(
            say("interests.yaml", "", "entries[0].roles: invalid type: string \"GP\", expected a sequence"),
            "entry 1: `roles` must be a list (found `GP`)"
        );
        assert_eq!(
            say("ccg.yaml", "", "population: invalid type: unit value, expected u64"),
            "`population` is empty: write a whole number after the colon"
        );
    }
}
