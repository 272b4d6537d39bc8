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

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col: error: message`, then the source line and a caret.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(&display_path(&self.file));
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
        let _ = write!(out, ": {kind}: {}", self.message);
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let shown: String = src.chars().take(200).collect();
            let _ = write!(out, "\n{pad} |\n{gutter} | {shown}");
            if self.col > 0 {
                // Align the caret under the column, keeping tabs as tabs.
                let lead: String = src
                    .chars()
                    .take(self.col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = write!(out, "\n{pad} | {lead}^");
            }
        }
        out
    }
}

fn display_path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Sorts diagnostics for stable output: by file, line, column, then message.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.col, a.severity, &a.message).cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
    });
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
        let d = Diagnostic::error("content/ccgs/x/decisions.yaml", "unknown field `vaule_total`")
            .at("a: 1\n  vaule_total: 3\n", 2, 3);
        assert_eq!(
            d.render(),
            "content/ccgs/x/decisions.yaml:2:3: error: unknown field `vaule_total`\n  |\n2 |   vaule_total: 3\n  |   ^"
        );
    }

    #[test]
    fn summary_counts() {
        let d = vec![Diagnostic::error("a", "x"), Diagnostic::warning("a", "y"), Diagnostic::warning("b", "z")];
        assert_eq!(summary(&d), "1 error, 2 warnings");
    }
}
