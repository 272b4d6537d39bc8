//! The theme: templates and static files. The default theme is compiled into
//! the binary; a `themes/default/` folder beside the content folder
//! overrides it file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
}

/// Theme files by path under the theme folder (`templates/base.html`,
/// `static/css/site.css`).
pub(crate) struct Theme {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Where overriding files were read from, if anywhere.
    pub override_dir: Option<PathBuf>,
}

impl Theme {
    /// The embedded theme, overlaid with `<content>/../themes/default/`.
    pub(crate) fn load(content_dir: &Path) -> Result<Theme, Diagnostic> {
        let mut files = Theme::built_in().files;
        let dir = content_dir.canonicalize().ok().and_then(|c| c.parent().map(|p| p.join("themes/default"))).filter(|d| d.is_dir());
        if let Some(dir) = &dir {
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.map_err(|e| Diagnostic::error(dir, format!("cannot read the theme folder: {e}")))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                if rel.split('/').any(|s| s.starts_with('.')) {
                    continue;
                }
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| Diagnostic::error(entry.path(), format!("cannot read this theme file: {e}")))?;
                files.insert(rel, bytes);
            }
        }
        Ok(Theme { files, override_dir: dir })
    }

    /// The embedded theme alone.
    pub(crate) fn built_in() -> Theme {
        Theme { files: embedded::FILES.iter().map(|(p, b)| ((*p).to_owned(), b.to_vec())).collect(), override_dir: None }
    }

    /// `(name, source)` of every template (`templates/*.html` → `base.html`).
    pub(crate) fn templates(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(p, b)| p.strip_prefix("templates/").map(|n| (n, b.as_slice())))
    }

    /// Static files, by path under `static/`.
    pub(crate) fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(p, b)| p.strip_prefix("static/").map(|n| (n, b.as_slice())))
    }
}
