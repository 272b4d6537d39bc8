//! Withheld names in what is published as written: Markdown bodies, the
//! free-text fields of the YAML, and file and folder names.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use super::fields::Fields;
use super::people::person_names;
use super::{Validator, locate};
use crate::diag::Diagnostic;
use crate::model::*;
use crate::source::{line_col, yaml_key_at};
use crate::withheld::Surname;

impl Validator<'_> {
    /// Minutes, terms of reference and pages are published as written: a
    /// withheld person's name in them, in any spelling (see `withheld`),
    /// cannot be redacted, so it is refused here, at its line and column,
    /// before anything is built. (Every generated file is scanned again
    /// before it is written, see `render::render_all`.)
    pub(super) fn withheld_in_markdown(&mut self) {
        let (content, withheld) = (self.content, self.withheld);
        let shared = &self.shared_surnames();
        let found: Vec<Diagnostic> = content
            .bodies()
            .par_bridge()
            .flat_map_iter(|(file, first_line, body)| {
                let path = &content.files[file].path;
                let body = match body {
                    Ok(b) => b,
                    Err(e) => return vec![Diagnostic::error(path, e)],
                };
                let (names, alone) = withheld.scan_markdown(&body);
                let names = names.into_iter().map(|m| (m.range.start, Some(Diagnostic::error(path, WITHHELD_NAME_IN_TEXT))));
                let alone = alone.into_iter().map(|s| (s.range.start, surname_alone(&s, shared, path)));
                names
                    .chain(alone)
                    .filter_map(|(at, d)| {
                        let (line, col) = line_col(&body, at);
                        let mut d = d?.at(&body, line, col);
                        d.line = first_line + line - 1;
                        Some(d)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        self.diags.extend(found);
    }

    /// Every free-text value of the YAML is published as written too (fields
    /// that name a person are not: they are published as "Name withheld").
    /// Each file is read once as it is written; only one that may hold a
    /// name (or a YAML escape, which could spell one) is read field by
    /// field, and a field that names someone is pointed at where it is.
    pub(super) fn withheld_in_fields(&mut self) {
        let (content, withheld) = (self.content, self.withheld);
        let suspect: Vec<bool> = content.files.par_iter().map(|f| f.text.contains('\\') || withheld.mentions(&f.text)).collect();
        let shared = self.shared_surnames();
        let mut fields = Fields { content, suspect: &suspect, withheld, list: Vec::new() };
        fields.content(content);
        // The places in each file's text that hold a name, by the key they are under.
        let mut places: HashMap<FileId, Vec<(usize, Option<String>)>> = HashMap::new();
        let mut alone_places: HashMap<FileId, Vec<(usize, Option<String>)>> = HashMap::new();
        for (file, key, value, markdown) in fields.list {
            let (names, alone) = if markdown { withheld.scan_markdown(value) } else { withheld.scan_text(value) };
            let src = &content.files[file];
            for s in &alone {
                let Some(mut d) = surname_alone(s, &shared, &src.path) else { continue };
                let places = alone_places.entry(file).or_insert_with(|| {
                    withheld
                        .surnames_in_text(&src.text)
                        .into_iter()
                        .map(|m| (m.range.start, yaml_key_at(&src.text, m.range.start).map(str::to_owned)))
                        .collect()
                });
                let (line, col) = match places.iter().position(|(_, k)| k.as_deref() == Some(key)).map(|i| places.remove(i).0) {
                    Some(pos) => line_col(&src.text, pos),
                    None => locate(&src.text, None, key, ""),
                };
                if line > 0 {
                    d = d.at(&src.text, line, col);
                }
                self.diags.push(d);
            }
            if names.is_empty() {
                continue;
            }
            let places = places.entry(file).or_insert_with(|| {
                withheld
                    .find_all_in_text(&src.text)
                    .into_iter()
                    .map(|m| (m.range.start, yaml_key_at(&src.text, m.range.start).map(str::to_owned)))
                    .collect()
            });
            let mut d = Diagnostic::error(&src.path, WITHHELD_NAME_IN_TEXT);
            let at = places.iter().position(|(_, k)| k.as_deref() == Some(key)).map(|i| places.remove(i).0);
            let (line, col) = match at {
                Some(pos) => line_col(&src.text, pos),
                // Spelled by a YAML escape, say: the line of the value, or of its key.
                None => {
                    let start: String = value.trim_start().chars().take_while(|c| *c != '\\' && *c != '\n').take(12).collect();
                    match locate(&src.text, None, key, &start) {
                        (0, _) => locate(&src.text, None, key, ""),
                        found => found,
                    }
                }
            };
            if line > 0 {
                d = d.at(&src.text, line, col);
            }
            self.diags.push(d);
        }
    }

    /// A withheld register name that the site's own words match (a name
    /// written `Withheld`, or a word every page prints) would make every
    /// build refuse its own pages, which `check` never reads: refused here,
    /// at the register entry, so that `check` fails where `build` would.
    pub(super) fn withheld_names_the_site_prints(&mut self) {
        let mut own: Vec<(String, String)> = vec![(
            "the words the site prints in place of a withheld entry".to_owned(),
            format!("{} {} Entry withheld", crate::withheld::NAME_WITHHELD, crate::withheld::DETAILS_WITHHELD),
        )];
        if let Ok(theme) = crate::theme::Theme::load(&self.content.root) {
            for (name, body) in theme.templates() {
                let text = String::from_utf8_lossy(body).into_owned();
                // A template of the site's own theme folder that prints the
                // name: the template is at fault, and is pointed at.
                let file = theme.override_dir.as_ref().map(|d| d.join("templates").join(name)).filter(|f| f.is_file());
                if let Some(file) = file {
                    let found = self.withheld.find_all_in_text(&text);
                    for m in &found {
                        let (line, col) = line_col(&text, m.range.start);
                        self.diags.push(
                            Diagnostic::error(
                                &file,
                                "this theme template prints the name of a person whose register entry is withheld: \
                                 every page made with it would be refused; remove the name from the template",
                            )
                            .at(&text, line, col),
                        );
                    }
                    if !found.is_empty() {
                        continue;
                    }
                }
                own.push((format!("the theme's page template `{name}`"), text));
            }
        }
        // Each register name the site's own words match, and where first.
        let mut clashes: Vec<(String, String)> = Vec::new();
        for (label, text) in &own {
            for m in self.withheld.find_all_in_text(text) {
                if !clashes.iter().any(|(n, _)| n == m.name) {
                    clashes.push((m.name.to_owned(), format!("{label} (\"{}\")", &text[m.range.clone()])));
                }
            }
        }
        if clashes.is_empty() {
            return;
        }
        for c in &self.content.ccgs {
            let Some(reg) = &c.interests else { continue };
            for e in reg.data.entries.iter().filter(|e| e.withheld.is_withheld()) {
                if let Some((_, at)) = clashes.iter().find(|(n, _)| *n == e.name) {
                    self.err(
                        reg.file,
                        None,
                        "name",
                        &e.name,
                        format!(
                            "this withheld name is matched by {at}: every page would be refused and the site could never be built. \
                             Write the person's name in full, as the register holds it (a given name and a surname)"
                        ),
                    );
                }
            }
        }
    }

    /// File and folder names are published in the site's addresses (meetings,
    /// pages, papers, CCG and group folders).
    pub(super) fn withheld_in_file_names(&mut self) {
        let root = &self.content.root;
        let shared = self.shared_surnames();
        let papers = self.content.ccgs.iter().flat_map(|c| c.papers.iter()).chain(self.content.groups.iter().flat_map(|g| g.papers.iter()));
        let paths = self.content.files.iter().map(|f| &f.path).chain(papers.map(|p| &p.source));
        let mut reported: BTreeSet<PathBuf> = BTreeSet::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(root) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let (names, alone) = self.withheld.scan_text(&rel);
            if let Some(s) = alone.first()
                && let Some(d) = surname_alone(s, &shared, &root.join(&rel))
                && reported.insert(root.join(&rel))
            {
                self.diags.push(d);
            }
            let Some(m) = names.into_iter().next() else { continue };
            // The file, or the folder, whose name holds the name.
            let end = rel[m.range.end..].find('/').map_or(rel.len(), |i| m.range.end + i);
            let shown = root.join(&rel[..end]);
            if reported.insert(shown.clone()) {
                let what = if end < rel.len() { "folder" } else { "file" };
                self.diags.push(Diagnostic::error(shown, format!("this {what}'s name {WITHHELD_NAME_IN_PATH}")));
            }
        }
    }
}

impl Validator<'_> {
    /// For each withheld person, whether someone else named in the content
    /// (a member, someone present, a declaration…) has their surname, with
    /// a given name of their own (`Anna Zyborg` beside a withheld `Dr
    /// Quentin Zyborg`): their surname alone is then a warning, not an error.
    fn shared_surnames(&self) -> Vec<bool> {
        let mut shared = vec![false; self.withheld.names().len()];
        for ccg in &self.content.ccgs {
            for (name, ..) in person_names(ccg) {
                for s in self.withheld.surnames_in_text(name) {
                    if self.withheld.names_someone_else(name, s.person) {
                        shared[s.person] = true;
                    }
                }
            }
        }
        shared
    }
}

/// What a withheld person's surname found alone in text published as
/// written is told: by the entry's `surname_alone`, or an error unless
/// someone else named in the content has the surname (then a warning).
fn surname_alone(s: &Surname, shared: &[bool], file: &std::path::Path) -> Option<Diagnostic> {
    let error = match s.setting {
        Some(SurnameAlone::Allowed) => return None,
        Some(SurnameAlone::Error) => true,
        Some(SurnameAlone::Warning) => false,
        None => !shared.get(s.person).copied().unwrap_or(false),
    };
    Some(if error { Diagnostic::error(file, SURNAME_ALONE_ERROR) } else { Diagnostic::warning(file, SURNAME_ALONE_WARNING) })
}
