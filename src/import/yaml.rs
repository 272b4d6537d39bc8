//! Writing the registers' YAML by hand, laid out as the content format's
//! examples are (one `field: value` a line, short lists on one line), with
//! every value quoted exactly when YAML needs it.

use crate::escape::{is_yaml_special_space, yaml_quoted};

/// A text value: plain when YAML reads it back as the same text, in double
/// quotes otherwise.
pub(crate) fn text(s: &str) -> String {
    if plain_ok(s, false) { s.to_owned() } else { yaml_quoted(s) }
}

/// A list of texts on one line: `[GP, Governing Body member]`.
pub(crate) fn flow_list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| if plain_ok(s, true) { s.clone() } else { yaml_quoted(s) }).collect();
    format!("[{}]", inner.join(", "))
}

/// Text over several lines (a Markdown summary) as a literal block whose
/// lines are indented by `indent` spaces; on one line when it has no line
/// break.
pub(crate) fn multiline(s: &str, indent: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let safe = lines.len() > 1
        && lines.iter().all(|l| l.trim() == *l && !l.chars().any(|c| c.is_control() || is_yaml_special_space(c)))
        && !lines[0].is_empty();
    if !safe {
        return text(s);
    }
    let pad = " ".repeat(indent);
    let mut out = String::from("|-");
    for l in lines {
        out.push('\n');
        if !l.is_empty() {
            out.push_str(&pad);
            out.push_str(l);
        }
    }
    out
}

/// Characters YAML or its readers treat as line breaks or that editors
/// hide: always escaped.
fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if s.trim() != s || s.chars().any(|c| c.is_control() || is_yaml_special_space(c)) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if in_flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    // Words other YAML readers (1.1) take for true, false or nothing.
    if matches!(s.to_ascii_lowercase().as_str(), "yes" | "no" | "y" | "n" | "on" | "off" | "true" | "false" | "null" | "~") {
        return false;
    }
    // Anything YAML would read as a number, a date or something else.
    crate::yaml::reads_as_text(s)
}

/// Writes one list item at `indent`: `- key: value` for its first field,
/// `  key: value` for the others, leaving out fields that are None. A value
/// that starts with a line break is a nested block, written after `key:`.
pub(crate) fn item(out: &mut String, indent: usize, fields: &[(&str, Option<String>)]) {
    let pad = " ".repeat(indent);
    let mut first = true;
    for (key, value) in fields {
        let Some(value) = value else { continue };
        out.push_str(&pad);
        out.push_str(if first { "- " } else { "  " });
        first = false;
        out.push_str(key);
        out.push(':');
        if !value.starts_with('\n') {
            out.push(' ');
        }
        out.push_str(value);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every way of writing a value reads back as the same text.
    #[test]
    fn text_reads_back_the_same() {
        let tricky = [
            "Dr Sam Sample",
            "Partner: Example Surgery",
            "Partner, Example Surgery",
            "Item #4",
            "#4",
            "- a dash",
            "yes",
            "No",
            "null",
            "~",
            "2015",
            "2.0",
            "0x1F",
            "1e3",
            "2015-09-17",
            ".inf",
            "'quoted'",
            "\"double\"",
            "back\\slash",
            "ends with colon:",
            "tab\there",
            "line\nbreak",
            " leading space",
            "Müller & Söhne [UK] {Ltd}",
            "@home",
            "*star",
            "&anchor",
            "!tag",
            "%percent",
            "|pipe",
            ">fold",
            "?question",
            "a\u{2028}b",
            "£1,250,000",
            "O'Brien",
            "",
        ];
        for s in tricky {
            let yaml = format!("k: {}\nl: {}\n", text(s), flow_list(&[s.to_owned(), "x".to_owned()]));
            let back: std::collections::BTreeMap<String, Back> = crate::yaml::parse(&yaml).unwrap_or_else(|e| panic!("{s:?}: {yaml}: {e}"));
            assert_eq!(back["k"], Back::Text(s.to_owned()), "{yaml}");
            assert_eq!(back["l"], Back::List(vec![s.to_owned(), "x".to_owned()]), "{yaml}");
        }
        assert_eq!(text("Dr Sam Sample"), "Dr Sam Sample", "plain when it can be");
        assert_eq!(text("2015"), "\"2015\"");
        assert_eq!(flow_list(&["GP".into(), "Lay member, Chair".into()]), "[GP, \"Lay member, Chair\"]");
    }

    /// A value read back: text only, not a number or a date.
    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Back {
        Text(String),
        List(Vec<String>),
    }

    #[test]
    fn a_multiline_block_reads_back() {
        let s = "Decided by: the committee.\n\nConflicts of interest noted: #1 \"x\"";
        let yaml = format!("a:\n  - summary: {}\n", multiline(s, 6));
        let back: std::collections::BTreeMap<String, Vec<std::collections::BTreeMap<String, String>>> = crate::yaml::parse(&yaml).unwrap();
        assert_eq!(back["a"][0]["summary"], s, "{yaml}");
        assert_eq!(multiline("one line: here", 4), "\"one line: here\"");
    }

    #[test]
    fn items_lay_out_like_the_format() {
        let mut out = String::new();
        item(&mut out, 2, &[("name", Some("A".into())), ("role", None), ("value", Some("45".into()))]);
        assert_eq!(out, "  - name: A\n    value: 45\n");
    }
}
