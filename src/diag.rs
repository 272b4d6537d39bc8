//! Diagnostics: what went wrong, where, and what was expected, printed in
//! the style of a compiler (`file:line:col: error: message`, the source line,
//! a caret).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; 0 when unknown.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub col: usize,
    pub message: String,
    /// The source line the position points into, when known.
    pub source_line: Option<String>,
    /// A short heading for the problem, where there is one (a failed
    /// transparency check: `Transparency check 3: …`); shown as the title
    /// of a GitHub annotation and in `--format json`.
    pub title: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
            title: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, message) }
    }

    /// Points the diagnostic at `line:col` of `text` (1-based), quoting the line.
    pub fn at(mut self, text: &str, line: usize, col: usize) -> Diagnostic {
        self.line = line;
        self.col = col;
        self.source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        self
    }

    /// The diagnostic with a short heading (see [`Diagnostic::title`]).
    pub fn titled(mut self, title: impl Into<String>) -> Diagnostic {
        self.title = Some(title.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col: error: message`, then the source line and a caret.
    /// Control characters from the content are shown escaped (`\u{1b}`),
    /// never sent to the terminal as they are.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(&escape_controls(&display_path(&self.file)));
        if self.line > 0 {
            let _ = write!(out, ":{}", self.line);
            if self.col > 0 {
                let _ = write!(out, ":{}", self.col);
            }
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(out, ": {kind}: {}", escape_controls(&self.message));
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let shown: String = src.chars().take(200).collect();
            let _ = write!(out, "\n{pad} |\n{gutter} | {}", escape_controls(&shown));
            if self.col > 0 {
                // Align the caret under the column, keeping tabs as tabs
                // and counting an escape as the characters shown for it.
                let mut lead = String::new();
                for c in src.chars().take(self.col - 1) {
                    match c {
                        '\t' => lead.push('\t'),
                        c if needs_escape(c) => lead.extend(std::iter::repeat_n(' ', escaped(c).len())),
                        _ => lead.push(' '),
                    }
                }
                let _ = write!(out, "\n{pad} | {lead}^");
            }
        }
        out
    }
}

/// Control characters other than tab (a terminal acts on them: `\x1b[2J`
/// clears the screen, `\r` writes over the line), and the bidirectional
/// controls that reorder what is shown.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// `s` with [`needs_escape`] characters written as Rust writes them, `\u{1b}`.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn display_path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

impl Severity {
    /// `error` or `warning`: the word of `--format json` and of GitHub's
    /// workflow commands.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The diagnostic as a GitHub Actions workflow command, one line:
/// `::error file=PATH,line=L,col=C,title=TITLE::MESSAGE` (or `::warning`),
/// without `line` and `col` when they are unknown. GitHub shows it as an
/// annotation on the commit, in the pull request and at the line of the
/// file. The path is the diagnostic's, with `/` between folders.
pub fn github_command(d: &Diagnostic) -> String {
    let file = display_path(&d.file).replace('\\', "/");
    let mut props = format!("file={}", command_escape(&file, true));
    if d.line > 0 {
        let _ = write!(props, ",line={}", d.line);
        if d.col > 0 {
            let _ = write!(props, ",col={}", d.col);
        }
    }
    let title = d.title.as_deref().unwrap_or("ccgpages");
    let _ = write!(props, ",title={}", command_escape(title, true));
    format!("::{} {props}::{}", d.severity.word(), command_escape(&d.message, false))
}

/// Escapes `s` as GitHub documents for workflow commands: `%` as `%25`, CR
/// as `%0D`, LF as `%0A`, and in a property's value also `:` as `%3A` and
/// `,` as `%2C`. Other control characters (a log is shown in a terminal's
/// manner) are written as Rust writes them, `\u{1b}`.
pub fn command_escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if needs_escape(c) => out.push_str(&escaped(c)),
            c => out.push(c),
        }
    }
    out
}

/// One diagnostic as a JSON object on one line (`--format json`, JSON
/// Lines): `severity` (`error` or `warning`), `file`, `line` and `column`
/// (1-based, `null` when unknown), `message`, and `title` when the
/// diagnostic has one. These names are stable.
pub fn json_line(d: &Diagnostic) -> String {
    let mut v = serde_json::json!({
        "severity": d.severity.word(),
        "file": display_path(&d.file),
        "line": (d.line > 0).then_some(d.line),
        "column": (d.line > 0 && d.col > 0).then_some(d.col),
        "message": d.message,
    });
    if let Some(t) = &d.title {
        v["title"] = serde_json::Value::String(t.clone());
    }
    v.to_string()
}

/// What stands for each character of a withheld name in a diagnostic.
pub const MASK: char = '█';

/// `text` with every withheld name in it (in any spelling the matcher
/// knows, and a withheld person's surname on its own) masked: each of
/// its characters written as [`MASK`], so that
/// columns still count the same.
pub fn mask_text(withheld: &crate::withheld::Withheld, text: &str) -> Option<String> {
    // The names, and a withheld person's surname on its own: a message
    // about a surname alone quotes the line that holds it.
    let (names, surnames) = withheld.scan_text(text);
    let mut found: Vec<std::ops::Range<usize>> = names.into_iter().map(|m| m.range).chain(surnames.into_iter().map(|s| s.range)).collect();
    if found.is_empty() {
        return None;
    }
    found.sort_by_key(|r| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in found {
        let (start, end) = (r.start.max(at), r.end);
        if end <= start || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..start]);
        out.extend(text[start..end].chars().map(|c| if c == '\n' { c } else { MASK }));
        at = end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Masks every withheld name in the diagnostics (their file, message,
/// quoted source line and title): the one place they pass before any
/// output format (the terminal's, `--format github` annotations, `--format
/// json` lines, the job summary) prints them, which in a public
/// repository's CI are public logs. `site` calls it on everything a check
/// or a build reports.
pub fn mask_withheld(withheld: &crate::withheld::Withheld, diags: &mut [Diagnostic]) {
    if withheld.is_empty() {
        return;
    }
    for d in diags {
        if let Some(m) = mask_text(withheld, &d.message) {
            d.message = m;
        }
        if let Some(m) = d.source_line.as_deref().and_then(|l| mask_text(withheld, l)) {
            d.source_line = Some(m);
        }
        if let Some(m) = d.title.as_deref().and_then(|t| mask_text(withheld, t)) {
            d.title = Some(m);
        }
        if let Some(m) = mask_text(withheld, &d.file.to_string_lossy()) {
            d.file = PathBuf::from(m);
        }
    }
}

/// Sorts diagnostics for stable output: by file, line, column, then message.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.file, a.line, a.col, a.severity, &a.message).cmp(&(&b.file, b.line, b.col, b.severity, &b.message)));
}

/// `2 errors, 5 warnings`.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_with_caret() {
        let d = Diagnostic::error("content/x/decisions.yaml", "unknown field `vaule_total`").at("a: 1\n  vaule_total: 3\n", 2, 3);
        assert_eq!(d.render(), "content/x/decisions.yaml:2:3: error: unknown field `vaule_total`\n  |\n2 |   vaule_total: 3\n  |   ^");
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let d = Diagnostic::error("content/pages/a\x1b[31m.md", "unknown field `x\x1b[2J\r\x07`").at(
            "title: t\nx\x1b[2J\r\x07: 1\tv\u{9b}\u{202e}z\n",
            2,
            12,
        );
        let shown = d.render();
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{shown:?}");
        // The caret stays under `v`: x, `\u{1b}[2J\u{d}\u{7}` (19), `: 1`, tab.
        let caret = format!("{}\t^", " ".repeat(1 + 19 + 3));
        assert_eq!(
            shown,
            format!(
                "content/pages/a\\u{{1b}}[31m.md:2:12: error: unknown field `x\\u{{1b}}[2J\\u{{d}}\\u{{7}}`\n  |\n\
                 2 | x\\u{{1b}}[2J\\u{{d}}\\u{{7}}: 1\tv\\u{{9b}}\\u{{202e}}z\n  | {caret}"
            )
        );
        // Nothing to escape: the same text.
        assert!(matches!(escape_controls("plain – é\ttab"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn workflow_command_escapes_message_and_properties() {
        // Every special character in the message: `%`, CR, LF; `:` and `,`
        // stay as they are there.
        let d = Diagnostic::error("content/a/decisions.yaml", "100% wrong:\r\nsee a, b").at("x: 1\ny: 2\n", 2, 3);
        assert_eq!(github_command(&d), "::error file=content/a/decisions.yaml,line=2,col=3,title=ccgpages::100%25 wrong:%0D%0Asee a, b");
        // And in properties: also `:` and `,`.
        let d = Diagnostic::warning("content/a,b:c%d\r\ne.yaml", "m").titled("Check 3: a, 50%\r\nb");
        assert_eq!(github_command(&d), "::warning file=content/a%2Cb%3Ac%25d%0D%0Ae.yaml,title=Check 3%3A a%2C 50%25%0D%0Ab::m");
        assert_eq!(command_escape("%\r\n:,", false), "%25%0D%0A:,");
        assert_eq!(command_escape("%\r\n:,", true), "%25%0D%0A%3A%2C");
        // A control character a terminal would act on is shown, not sent.
        assert_eq!(command_escape("a\x1b[2Jb", false), "a\\u{1b}[2Jb");
        // Line without a column; neither when unknown.
        let mut d = Diagnostic::error("f", "m");
        d.line = 4;
        assert_eq!(github_command(&d), "::error file=f,line=4,title=ccgpages::m");
        assert_eq!(github_command(&Diagnostic::error("f", "m")), "::error file=f,title=ccgpages::m");
        // Backslashes of a Windows path become slashes.
        assert_eq!(github_command(&Diagnostic::error("content\\a\\b.yaml", "m")), "::error file=content/a/b.yaml,title=ccgpages::m");
    }

    #[test]
    fn json_lines_have_stable_fields() {
        let d = Diagnostic::error("content/a.yaml", "bad \"x\"\n").at("a\nb\n", 2, 1);
        let v: serde_json::Value = serde_json::from_str(&json_line(&d)).unwrap();
        assert_eq!(v, serde_json::json!({"severity": "error", "file": "content/a.yaml", "line": 2, "column": 1, "message": "bad \"x\"\n"}));
        assert!(!json_line(&d).contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&json_line(&Diagnostic::warning("f", "m").titled("T"))).unwrap();
        assert_eq!(v, serde_json::json!({"severity": "warning", "file": "f", "line": null, "column": null, "message": "m", "title": "T"}));
    }

    #[test]
    fn withheld_names_are_masked_in_every_part_keeping_columns() {
        let w = crate::withheld::Withheld::new(["Dr Quentin Zyborg"]);
        let text = "present: [Lay Chair, Dr Quentin Zyborg]\n";
        let mut d = vec![
            Diagnostic::error("content/a/papers/Dr Zyborg/x.pdf", "the register entry of Dr Quentin Zyborg has no interests")
                .at(text, 1, 22)
                .titled("About quentin.zyborg@nhs.net"),
            Diagnostic::warning("content/a.yaml", "nothing to mask").at("a: b\n", 1, 1),
        ];
        mask_withheld(&w, &mut d);
        let all = format!("{}\n{}\n{}\n{:?}", d[0].render(), github_command(&d[0]), json_line(&d[0]), d[0]);
        assert!(!all.to_lowercase().contains("zyborg") && !all.to_lowercase().contains("quentin"), "{all}");
        assert_eq!(d[0].source_line.as_deref(), Some("present: [Lay Chair, █████████████████]"));
        assert_eq!(d[0].message, "the register entry of █████████████████ has no interests");
        assert_eq!(d[0].file, PathBuf::from("content/a/papers/█████████/x.pdf"));
        // The caret is still under the (masked) name.
        assert!(
            d[0].render().ends_with(&format!("1 | present: [Lay Chair, █████████████████]\n  | {}^", " ".repeat(21))),
            "{}",
            d[0].render()
        );
        assert_eq!(d[1].render(), "content/a.yaml:1:1: warning: nothing to mask\n  |\n1 | a: b\n  | ^");
        // A surname on its own, as a message about it quotes its line.
        let mut d = vec![Diagnostic::error("content/m.md", "a surname alone").at("Zyborg said so.\n", 1, 1)];
        mask_withheld(&w, &mut d);
        assert_eq!(d[0].source_line.as_deref(), Some("██████ said so."));
    }

    #[test]
    fn summary_counts() {
        let d = vec![Diagnostic::error("a", "x"), Diagnostic::warning("a", "y"), Diagnostic::warning("b", "z")];
        assert_eq!(summary(&d), "1 error, 2 warnings");
    }
}
