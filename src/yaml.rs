//! YAML, read and written: the one module that uses serde_yaml (and
//! serde_path_to_error, which tells the path of the field an error is
//! about). Every other module parses through [`parse`] or [`Tree`], and
//! serialises through [`to_string`]. A leaf: it uses no other module.
//!
//! An error comes as its place in the document (the deserializer's path,
//! [`Step`]s), serde's message without the place, and the line and column
//! the parser gave: `load` puts it in plain words.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// One step of the path to a value: a field, or an item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Item(usize),
}

/// Why a document did not parse into the type asked for.
#[derive(Debug)]
pub(crate) struct Error {
    /// Where in the document, as the deserializer went: the field or item
    /// the error is about (an unknown field's own name last).
    pub(crate) path: Vec<Step>,
    /// serde's or the parser's message, without the path and position.
    pub(crate) message: String,
    /// The 1-based line and column the parser gives, if any.
    pub(crate) at: Option<(usize, usize)>,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses the YAML `text` into `T`.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text)).map_err(|e| {
        let mut path: Vec<Step> = e
            .path()
            .iter()
            .filter_map(|s| match s {
                serde_path_to_error::Segment::Seq { index } => Some(Step::Item(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        let inner = e.into_inner();
        let mut message = inner.to_string();
        let at = inner.location().map(|loc| {
            // The position is given apart: not in the message's words too.
            message = message.replace(&format!(" at line {} column {}", loc.line(), loc.column()), "");
            (loc.line(), loc.column())
        });
        let (about_a_value, message) = without_path(&message);
        // An error about the document itself (aliases that expand too far,
        // nesting too deep) has no place, though the deserializer was inside it.
        if !about_a_value {
            path.clear();
        }
        Error { path, message: message.to_owned(), at }
    })
}

/// serde_yaml starts a message about a value below the top with its own
/// copy of the path (`entries[0].category: …`): whether it does, and the
/// message without it.
fn without_path(message: &str) -> (bool, &str) {
    match message.split_once(": ") {
        Some((path, rest)) if !path.is_empty() && path.bytes().all(|c| c.is_ascii_alphanumeric() || b"_-.[]?".contains(&c)) => (true, rest),
        _ => (false, message),
    }
}

/// `value` as YAML text.
pub(crate) fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// A document read without a type, to look values up in.
pub(crate) struct Tree(Value);

impl Tree {
    /// The document `text`, if it is YAML.
    pub(crate) fn parse(text: &str) -> Option<Tree> {
        serde_yaml::from_str(text).ok().map(Tree)
    }

    /// The value at `path`, as text if it is text, a number or true/false.
    pub(crate) fn text_at(&self, path: &[Step]) -> Option<String> {
        let mut value = &self.0;
        for step in path {
            value = match step {
                Step::Key(k) => value.get(k.as_str())?,
                Step::Item(i) => value.get(*i)?,
            };
        }
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The top-level field `key`, if it is text (trimmed) or a number.
    pub(crate) fn field_text(&self, key: &str) -> Option<String> {
        match self.0.get(key)? {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// Whether `s`, written as it is (unquoted), reads back as the same text.
pub(crate) fn reads_as_text(s: &str) -> bool {
    matches!(serde_yaml::from_str::<Value>(s), Ok(Value::String(back)) if back == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        entries: Vec<Entry>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Entry {
        id: String,
        count: u32,
    }

    #[test]
    fn errors_carry_the_deserializers_path_and_the_position_apart() {
        let e = parse::<Doc>("entries:\n  - id: a\n    count: 1\n  - id: b\n    count: many\n").unwrap_err();
        assert_eq!(e.path, [Step::Key("entries".into()), Step::Item(1), Step::Key("count".into())]);
        assert_eq!(e.message, "invalid type: string \"many\", expected u32");
        assert_eq!(e.at, Some((5, 12)));
        let e = parse::<Doc>("entries:\n  - id: a\n    cuont: 1\n").unwrap_err();
        assert_eq!(e.path, [Step::Key("entries".into()), Step::Item(0), Step::Key("cuont".into())], "the unknown field last");
        assert!(e.message.starts_with("unknown field `cuont`, expected"), "{}", e.message);
        let e = parse::<Doc>("{}").unwrap_err();
        assert!(e.path.is_empty());
        assert_eq!(e.message, "missing field `entries`");
        let e = parse::<Doc>("entries: [\n").unwrap_err();
        assert!(e.at.is_some() && !e.message.contains(" at line "), "{e:?}");
    }

    #[test]
    fn trees_give_text_at_a_path() {
        let t = Tree::parse("ods_code: \" 09A \"\nn: 7\nl:\n  - id: x\n  - id: 2\n").unwrap();
        assert_eq!(t.field_text("ods_code").as_deref(), Some("09A"));
        assert_eq!(t.field_text("n").as_deref(), Some("7"));
        assert_eq!(t.field_text("l"), None);
        assert_eq!(t.text_at(&[Step::Key("l".into()), Step::Item(1), Step::Key("id".into())]).as_deref(), Some("2"));
        assert_eq!(t.text_at(&[Step::Key("l".into()), Step::Item(2)]), None);
        assert!(Tree::parse("a: [").is_none());
        assert!(reads_as_text("hello") && !reads_as_text("1.5") && !reads_as_text("null") && !reads_as_text("true"));
        assert_eq!(to_string(&vec!["a"]).unwrap(), "- a\n");
    }
}
