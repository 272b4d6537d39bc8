//! Stage 2, validate: the rules that span fields and files (identifiers,
//! cross-references, date order, papers), reported as errors. The
//! transparency checks, which are warnings, are in `checks`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::model::*;
use crate::papertext::{self, Extracted};
use crate::source::{line_col, yaml_key_at};
use crate::withheld::Withheld;

/// Validates loaded content. Returns one error per broken rule.
/// `withheld` is the matcher of the content's withheld names.
pub fn validate(content: &Content, withheld: &Withheld, as_of: Date) -> Vec<Diagnostic> {
    let mut v = Validator { content, withheld, as_of, diags: Vec::new() };
    v.site();
    v.pages();
    v.groups();
    v.ccgs();
    if !withheld.is_empty() {
        v.withheld_in_markdown();
        v.withheld_in_fields();
        v.withheld_in_file_names();
    }
    v.papers();
    v.diags
}

struct Validator<'a> {
    content: &'a Content,
    withheld: &'a Withheld,
    as_of: Date,
    diags: Vec<Diagnostic>,
}

/// `a-z`, `0-9` and `-`, starting with a letter or digit.
pub fn is_url_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-') && !s.starts_with('-')
}

/// Letters, digits, `-`, `_` and `.`.
pub fn is_decision_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// `YYYY-MM-DD` or `YYYY-MM-DD-<suffix>`: the date part, if the id is well formed.
pub fn meeting_id_date(id: &str) -> Option<Date> {
    let date = Date::parse(id.get(..10)?)?;
    match id.get(10..) {
        Some("") => Some(date),
        Some(rest) => {
            let suffix = rest.strip_prefix('-')?;
            is_url_id(suffix).then_some(date)
        }
        None => None,
    }
}

/// Only http and https links may leave the site from content fields.
pub fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && s.len() > 8 && !s.contains(char::is_whitespace)
}

/// Why `url` cannot be the address a site is published at (`site.yaml`'s
/// `base_url`, `--base-url`), or `None`. Every internal link is built from
/// its path, so the rules are strict: http or https, a host and perhaps a
/// port, and a path of plain segments. `//` in the path would make every
/// root-relative link protocol-relative (`//x/assets/…`: another site,
/// `x`); `.` and `..`, `?` and `#` have no meaning there.
pub fn base_url_problem(url: &str) -> Option<String> {
    const EXPECTED: &str = "must be an absolute http or https address, such as https://example.github.io/repo/";
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '\\' | '"' | '<' | '>' | '`' | '^' | '{' | '|' | '}')) {
        return Some(format!("{EXPECTED}, without spaces, control characters or any of \\ \" < > ` ^ {{ | }}"));
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return Some(EXPECTED.to_owned());
    };
    let rest = &url[url.len() - rest.len()..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if authority.contains('@') {
        return Some(format!("{EXPECTED}, without a user name or password (`@`)"));
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((inside, port)) if inside.parse::<std::net::Ipv6Addr>().is_ok() => (authority, port),
            _ => return Some(format!("{EXPECTED}: `{authority}` is not a host")),
        },
        None => match authority.split_once(':') {
            Some((host, _)) => (host, &authority[host.len()..]),
            None => (authority, ""),
        },
    };
    let name_ok = !host.is_empty()
        && (host.starts_with('[')
            || host.split('.').all(|label| !label.is_empty() && label.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')));
    if !name_ok {
        return Some(format!("{EXPECTED}: `{authority}` is not a host"));
    }
    if !port.is_empty()
        && port.strip_prefix(':').is_none_or(|p| {
            p.is_empty() || p.len() > 5 || !p.bytes().all(|c| c.is_ascii_digit()) || !(1..=65535).contains(&p.parse::<u32>().unwrap_or(0))
        })
    {
        return Some(format!("{EXPECTED}: `{authority}` has a port that is not a number from 1 to 65535"));
    }
    if path.starts_with(['?', '#']) || path.contains(['?', '#']) {
        return Some(format!("{EXPECTED}, without a `?` or `#` part"));
    }
    if path.contains("//") {
        return Some(format!("{EXPECTED}, without `//` in its path: pages would load their styles and scripts from another site"));
    }
    if path.split('/').any(|segment| segment == "." || segment == "..") {
        return Some(format!("{EXPECTED}, without `.` or `..` in its path"));
    }
    let b = path.as_bytes();
    if path
        .match_indices('%')
        .any(|(i, _)| !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)))
    {
        return Some(format!("{EXPECTED}: a `%` in its path must start an escape such as %20"));
    }
    None
}

/// Pages whose names the site uses itself.
const RESERVED_PAGES: &[&str] = &["ccgs", "groups", "decisions", "search", "open-data", "404", "assets", "static"];

impl<'a> Validator<'a> {
    fn file(&self, id: FileId) -> &'a SourceFile {
        &self.content.files[id]
    }

    /// An error pointed at the first line, at or after the line holding
    /// `anchor` (`key: value`), that holds `key: value`.
    fn err(&mut self, file: FileId, anchor: Option<(&str, &str)>, key: &str, value: &str, message: String) {
        let src = self.file(file);
        let (line, col) = locate(&src.text, anchor, key, value);
        let mut d = Diagnostic::error(&src.path, message);
        if line > 0 {
            d = d.at(&src.text, line, col);
        }
        self.diags.push(d);
    }

    fn err_path(&mut self, path: &Path, message: String) {
        self.diags.push(Diagnostic::error(path, message));
    }

    fn site(&mut self) {
        let Some(site) = &self.content.site else { return };
        let s = &site.data;
        if let Some(problem) = base_url_problem(&s.base_url) {
            self.err(site.file, None, "base_url", &s.base_url, format!("`base_url` {problem} (found `{}`)", s.base_url));
        }
        if let Some(cname) = &s.cname
            && (cname.is_empty() || !cname.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.') || !cname.contains('.'))
        {
            self.err(
                site.file,
                None,
                "cname",
                cname,
                format!("`cname` must be a domain name only, such as transparency.example.nhs.uk (found `{cname}`)"),
            );
        }
    }

    fn pages(&mut self) {
        for page in &self.content.pages {
            let path = &self.file(page.file).path;
            if !is_url_id(&page.slug) {
                self.err_path(
                    path,
                    format!(
                        "the file name `{}` becomes the page's address: use only a-z, 0-9 and -, starting with a letter or digit",
                        page.slug
                    ),
                );
            } else if RESERVED_PAGES.contains(&page.slug.as_str()) {
                self.err_path(path, format!("the page name `{}` is used by the site itself: choose another file name", page.slug));
            }
        }
    }

    fn groups(&mut self) {
        let ccg_ids: BTreeSet<&str> = self.content.ccgs.iter().map(|c| c.id.as_str()).collect();
        for group in &self.content.groups {
            let file = group.profile.file;
            if !is_url_id(&group.id) {
                let path = self.file(file).path.parent().unwrap_or(Path::new("")).to_path_buf();
                self.err_path(
                    &path,
                    format!(
                        "the folder name `{}` becomes part of the address: use only a-z, 0-9 and -, starting with a letter or digit",
                        group.id
                    ),
                );
            }
            let mut seen = BTreeSet::new();
            for member in &group.profile.data.members {
                if !seen.insert(member.as_str()) {
                    self.err(file, None, "members", member, format!("`{member}` is listed twice in `members`"));
                } else if !ccg_ids.contains(member.as_str()) && !self.unparsed(&format!("ccgs/{member}/ccg.yaml")) {
                    self.err(
                        file,
                        None,
                        "members",
                        member,
                        format!("`members` lists `{member}`, but there is no CCG folder ccgs/{member}/"),
                    );
                }
            }
            for meeting in &group.meetings {
                self.meeting(meeting, None, &group.papers, None);
            }
        }
    }

    /// Minutes, terms of reference and pages are published as written: a
    /// withheld person's name in them, in any spelling (see `withheld`),
    /// cannot be redacted, so it is refused here, at its line and column,
    /// before anything is built. (Every generated file is scanned again
    /// before it is written, see `render::render_all`.)
    fn withheld_in_markdown(&mut self) {
        let (content, withheld) = (self.content, self.withheld);
        let found: Vec<Diagnostic> = content
            .bodies()
            .par_bridge()
            .flat_map_iter(|(file, first_line, body)| {
                let path = &content.files[file].path;
                let body = match body {
                    Ok(b) => b,
                    Err(e) => return vec![Diagnostic::error(path, e)],
                };
                withheld
                    .find_in_markdown(&body)
                    .into_iter()
                    .map(|m| {
                        let (line, col) = line_col(&body, m.range.start);
                        let mut d = Diagnostic::error(path, WITHHELD_NAME_IN_TEXT).at(&body, line, col);
                        d.line = first_line + line - 1;
                        d
                    })
                    .collect()
            })
            .collect();
        self.diags.extend(found);
    }

    /// Every free-text value of the YAML is published as written too (fields
    /// that name a person are not: they are published as "Name withheld").
    /// Each file is read once as it is written; only one that may hold a
    /// name (or a YAML escape, which could spell one) is read field by
    /// field, and a field that names someone is pointed at where it is.
    fn withheld_in_fields(&mut self) {
        let (content, withheld) = (self.content, self.withheld);
        let suspect: Vec<bool> = content.files.par_iter().map(|f| f.text.contains('\\') || withheld.contains(&f.text)).collect();
        let mut fields = Fields { suspect: &suspect, withheld, list: Vec::new() };
        fields.content(content);
        // The places in each file's text that hold a name, by the key they are under.
        let mut places: HashMap<FileId, Vec<(usize, Option<String>)>> = HashMap::new();
        for (file, key, value, markdown) in fields.list {
            let named = if markdown { !withheld.find_in_markdown(value).is_empty() } else { withheld.contains(value) };
            if !named {
                continue;
            }
            let src = &content.files[file];
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

    /// File and folder names are published in the site's addresses (meetings,
    /// pages, papers, CCG and group folders).
    fn withheld_in_file_names(&mut self) {
        let root = &self.content.root;
        let papers = self.content.ccgs.iter().flat_map(|c| c.papers.iter()).chain(self.content.groups.iter().flat_map(|g| g.papers.iter()));
        let paths = self.content.files.iter().map(|f| &f.path).chain(papers.map(|p| &p.source));
        let mut reported: BTreeSet<PathBuf> = BTreeSet::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(root) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let Some(m) = self.withheld.find_in_text(&rel) else { continue };
            // The file, or the folder, whose name holds the name.
            let end = rel[m.range.end..].find('/').map_or(rel.len(), |i| m.range.end + i);
            let shown = root.join(&rel[..end]);
            if reported.insert(shown.clone()) {
                let what = if end < rel.len() { "folder" } else { "file" };
                self.diags.push(Diagnostic::error(shown, format!("this {what}'s name {WITHHELD_NAME_IN_PATH}")));
            }
        }
    }

    /// Papers are published as they are. One that no meeting links to is
    /// not published at all, and said so. When a name is withheld, every
    /// linked paper is read: one that names a withheld person is refused at
    /// each line that links it, and one that cannot be read is pointed out,
    /// since nobody has looked in it for names.
    fn papers(&mut self) {
        let owners: Vec<(String, &'a [Meeting], &'a [PaperFile])> = (self.content.ccgs.iter())
            .map(|c| (format!("ccgs/{}", c.id), c.meetings.as_slice(), c.papers.as_slice()))
            .chain(self.content.groups.iter().map(|g| (format!("groups/{}", g.id), g.meetings.as_slice(), g.papers.as_slice())))
            .collect();
        for (dir, _, papers) in &owners {
            // A meeting that did not load may link any of them: no guessing.
            let meetings = self.content.root.join(dir).join("meetings");
            if self.content.unparsed.iter().any(|p| p.starts_with(&meetings)) {
                continue;
            }
            for p in papers.iter().filter(|p| !p.linked) {
                self.diags.push(Diagnostic::warning(
                    &p.source,
                    format!(
                        "not linked from any meeting, so not published: list it under a meeting's agenda item \
                     (`papers:` with `file: {}`), or remove it",
                        p.rel
                    ),
                ));
            }
        }

        if self.withheld.is_empty() {
            return;
        }
        let w = self.withheld;
        let finds_withheld = move |text: &str| w.find_in_text(text).map(|m| m.name.to_owned());
        let names: Vec<&str> = w.names().iter().map(String::as_str).collect();
        // Every link to a paper that exists; each paper is read once.
        let mut links: Vec<(FileId, &'a Paper, &'a str, usize)> = Vec::new();
        let mut read: Vec<&'a PaperFile> = Vec::new();
        let mut index: HashMap<&'a Path, usize> = HashMap::new();
        for (_, meetings, papers) in &owners {
            for m in meetings.iter() {
                for paper in m.front.agenda.iter().flat_map(|item| &item.papers) {
                    let Some(file) = &paper.file else { continue };
                    let Some(found) = find_paper(papers, paper_rel(file)) else { continue };
                    let i = *index.entry(&found.source).or_insert_with(|| {
                        read.push(found);
                        read.len() - 1
                    });
                    links.push((m.file, paper, file.as_str(), i));
                }
            }
        }
        let key = names_key(&names);
        let scans: Vec<Scan> = read.par_iter().map(|p| scan(p, key, &finds_withheld)).collect();
        let mut warned = vec![false; read.len()];
        for (meeting, paper, file, i) in links {
            let at = Some(("title", paper.title.as_str()));
            match &scans[i] {
                Scan::Clean => {}
                Scan::Names(name) => {
                    let place = self.withheld_at(name).map(|p| format!(" ({p})")).unwrap_or_default();
                    self.err(
                        meeting,
                        at,
                        "file",
                        file,
                        format!(
                            "paper `{file}` names a person whose register entry is withheld{place}: the published site \
                         must never contain that name; remove the name from the paper, or do not publish the paper \
                         (take it off this agenda)"
                        ),
                    );
                }
                Scan::Unread(why) if !std::mem::replace(&mut warned[i], true) => {
                    let src = self.file(meeting);
                    let (line, col) = locate(&src.text, at, "file", file);
                    let mut d = Diagnostic::warning(
                        &src.path,
                        format!(
                            "paper `{file}` was not scanned for withheld names: {why}; check it by eye for the names of \
                         people whose register entries are withheld"
                        ),
                    );
                    if line > 0 {
                        d = d.at(&src.text, line, col);
                    }
                    self.diags.push(d);
                }
                Scan::Unread(_) => {}
            }
        }
    }

    /// Where `name` is withheld: `ccgs/<id>/interests.yaml, line N`.
    fn withheld_at(&self, name: &str) -> Option<String> {
        self.content.ccgs.iter().find_map(|c| {
            let reg = c.interests.as_ref()?;
            reg.data.entries.iter().find(|e| e.withheld && e.name == name)?;
            let src = self.file(reg.file);
            let rel = src.path.strip_prefix(&self.content.root).unwrap_or(&src.path);
            match locate(&src.text, None, "name", name) {
                (0, _) => Some(rel.display().to_string()),
                (line, _) => Some(format!("{}, line {line}", rel.display())),
            }
        })
    }

    fn ccgs(&mut self) {
        let ids: BTreeSet<&str> = self.content.ccgs.iter().map(|c| c.id.as_str()).collect();
        let mut ods: HashMap<&str, &str> = HashMap::new();
        for ccg in &self.content.ccgs {
            let file = ccg.profile.file;
            let p = &ccg.profile.data;
            if !is_url_id(&ccg.id) {
                let path = self.file(file).path.parent().unwrap_or(Path::new("")).to_path_buf();
                self.err_path(
                    &path,
                    format!(
                        "the folder name `{}` becomes part of the address: use only a-z, 0-9 and -, starting with a letter or digit",
                        ccg.id
                    ),
                );
            }
            if let Some(other) = ods.insert(p.ods_code.as_str(), ccg.id.as_str()) {
                self.err(
                    file,
                    None,
                    "ods_code",
                    &p.ods_code,
                    format!("ODS code `{}` is already used by ccgs/{other}/: each CCG's code must be unique", p.ods_code),
                );
            }
            if let Some(succ) = &p.successor {
                if succ == &ccg.id {
                    self.err(file, None, "successor", succ, "a CCG cannot be its own successor".into());
                } else if !ids.contains(succ.as_str()) && !self.unparsed(&format!("ccgs/{succ}/ccg.yaml")) {
                    self.err(file, None, "successor", succ, format!(
                        "`successor` is `{succ}`, but there is no CCG folder ccgs/{succ}/ (use `successor_name` for a CCG not on this site)"
                    ));
                }
            }
            if let (Some(a), Some(b)) = (p.established, p.closed)
                && b < a
            {
                self.err(file, None, "closed", &b.to_string(), format!("`closed` ({b}) is before `established` ({a})"));
            }
            if let Some(w) = &p.website
                && !is_web_url(w)
            {
                self.err(file, None, "website", w, format!("`website` must be an http or https address (found `{w}`)"));
            }
            self.levels(ccg);
            self.committees(ccg);
            self.terms(ccg);
            let decision_ids = self.decisions(ccg);
            for meeting in &ccg.meetings {
                self.meeting(meeting, Some(ccg), &ccg.papers, Some(&decision_ids));
            }
            self.interests(ccg);
            if let Some(g) = &ccg.gifts {
                // Nothing spans files here; dates and money were checked on load.
                let _ = g;
            }
        }
    }

    fn levels(&mut self, ccg: &Ccg) {
        let file = ccg.profile.file;
        let mut periods: Vec<&LevelPeriod> = ccg.profile.data.co_commissioning.iter().collect();
        for p in &periods {
            if let Some(to) = p.to
                && to < p.from
            {
                self.err(
                    file,
                    Some(("from", &p.from.to_string())),
                    "to",
                    &to.to_string(),
                    format!("co-commissioning period ends ({to}) before it starts ({})", p.from),
                );
            }
        }
        periods.sort_by_key(|p| p.from);
        for w in periods.windows(2) {
            let ends = w[0].to;
            if ends.is_none_or(|t| t >= w[1].from) {
                self.err(file, None, "from", &w[1].from.to_string(), format!(
                    "co-commissioning periods overlap: `{}` from {} {} while `{}` starts on {}; periods are inclusive, so the next must start after the other's `to`",
                    w[0].level.as_str(),
                    w[0].from,
                    ends.map_or("has no end".to_owned(), |t| format!("runs to {t}")),
                    w[1].level.as_str(),
                    w[1].from
                ));
            }
        }
    }

    fn committees(&mut self, ccg: &Ccg) {
        let file = ccg.profile.file;
        let mut seen = BTreeSet::new();
        for c in &ccg.profile.data.committees {
            if !is_url_id(&c.id) {
                self.err(
                    file,
                    None,
                    "id",
                    &c.id,
                    format!("committee id `{}` becomes part of an address: use only a-z, 0-9 and -, starting with a letter or digit", c.id),
                );
            }
            if !seen.insert(c.id.as_str()) {
                self.err(file, None, "id", &c.id, format!("committee id `{}` is used twice in this CCG", c.id));
            }
            if let Some(g) = &c.group {
                match self.content.group(g) {
                    None if self.unparsed(&format!("groups/{g}/group.yaml")) => {}
                    None => self.err(
                        file,
                        Some(("id", &c.id)),
                        "group",
                        g,
                        format!("committee `{}` meets in common with group `{g}`, but there is no folder groups/{g}/", c.id),
                    ),
                    Some(group) if !group.profile.data.members.contains(&ccg.id) => self.err(
                        file,
                        Some(("id", &c.id)),
                        "group",
                        g,
                        format!(
                            "committee `{}` names group `{g}`, but groups/{g}/group.yaml does not list `{}` in `members`",
                            c.id, ccg.id
                        ),
                    ),
                    Some(_) => {}
                }
            }
            let mut chairs = Vec::new();
            for m in &c.members {
                if let (Some(from), Some(to)) = (m.from, m.to)
                    && to < from
                {
                    self.err(
                        file,
                        Some(("name", &m.name)),
                        "to",
                        &to.to_string(),
                        format!("{}'s membership ends ({to}) before it starts ({from})", m.name),
                    );
                }
                if m.chair && m.is_current(self.as_of) {
                    chairs.push(m.name.as_str());
                }
            }
            if chairs.len() > 1 {
                let second = chairs[1].to_owned();
                self.err(
                    file,
                    None,
                    "name",
                    &second,
                    format!(
                        "committee `{}` has {} current chairs on {} ({}): a committee has at most one current chair",
                        c.id,
                        chairs.len(),
                        self.as_of,
                        chairs.join(", ")
                    ),
                );
            }
        }
    }

    fn terms(&mut self, ccg: &Ccg) {
        let mut seen: BTreeMap<&str, FileId> = BTreeMap::new();
        for t in &ccg.terms {
            let f = &t.data.front;
            if !ccg.profile.data.committees.iter().any(|c| c.id == f.committee) {
                self.err(
                    t.file,
                    None,
                    "committee",
                    &f.committee,
                    format!("`committee` is `{}`, but {}/ccg.yaml has no committee with that id", f.committee, ccg.id),
                );
            } else if let Some(prev) = seen.insert(f.committee.as_str(), t.file) {
                let other = self.file(prev).path.display().to_string();
                self.err(
                    t.file,
                    None,
                    "committee",
                    &f.committee,
                    format!("committee `{}` already has terms of reference in {other}: one file per committee", f.committee),
                );
            }
            if let Some(review) = f.review
                && review < f.approved
            {
                self.err(t.file, None, "review", &review.to_string(), format!("`review` ({review}) is before `approved` ({})", f.approved));
            }
        }
    }

    /// Checks the register of decisions; returns its ids.
    fn decisions(&mut self, ccg: &Ccg) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        let Some(reg) = &ccg.decisions else { return ids };
        let file = reg.file;
        for d in &reg.data.entries {
            let anchor = Some(("id", d.id.as_str()));
            if !is_decision_id(&d.id) {
                self.err(
                    file,
                    None,
                    "id",
                    &d.id,
                    format!("decision id `{}` may hold only letters, digits, -, _ and . (e.g. CL-2015-007)", d.id),
                );
            }
            if !ids.insert(d.id.clone()) {
                let first = locate(&self.file(file).text, None, "id", &d.id).0;
                let src = self.file(file);
                let (line, col) = locate_after(&src.text, first, "id", &d.id);
                let mut diag =
                    Diagnostic::error(&src.path, format!("decision id `{}` is used twice in this register (first on line {first})", d.id));
                if line > 0 {
                    diag = diag.at(&src.text, line, col);
                }
                self.diags.push(diag);
            }
            if let Some(m) = &d.meeting {
                match self.meeting_date(ccg, m) {
                    Err(why) => self.err(file, anchor, "meeting", m, why),
                    Ok(Some(date)) if date != d.date => self.err(
                        file,
                        anchor,
                        "date",
                        &d.date.to_string(),
                        format!(
                            "decision `{}` is dated {} but its meeting `{m}` was on {date}: a decision's date is its meeting's date",
                            d.id, d.date
                        ),
                    ),
                    Ok(_) => {}
                }
            }
            if let Some(p) = &d.procurement
                && let (Some(s), Some(e)) = (p.start, p.end)
                && e < s
            {
                self.err(
                    file,
                    anchor,
                    "end",
                    &e.to_string(),
                    format!("procurement of decision `{}` ends ({e}) before it starts ({s})", d.id),
                );
            }
            if let Some(summary) = &d.summary {
                for problem in crate::markdown::problems(summary) {
                    self.err(file, anchor, "summary", "", format!("in the summary of decision `{}`: {}", d.id, problem.message));
                }
            }
        }
        ids
    }

    /// The date of the meeting a decision names: `<meeting-id>` of this CCG
    /// or `<group-id>/<meeting-id>` of a group it is in.
    /// Whether `rel` (under the content folder) exists but failed to load.
    fn unparsed(&self, rel: &str) -> bool {
        self.content.unparsed.contains(&self.content.root.join(rel))
    }

    fn meeting_date(&self, ccg: &Ccg, reference: &str) -> Result<Option<Date>, String> {
        if let Some((group_id, meeting_id)) = reference.split_once('/') {
            let Some(group) = self.content.group(group_id) else {
                return Err(format!("`meeting` is `{reference}`, but there is no group folder groups/{group_id}/"));
            };
            if !group.profile.data.members.contains(&ccg.id) {
                return Err(format!("`meeting` is `{reference}`, but group `{group_id}` does not list `{}` as a member", ccg.id));
            }
            if self.unparsed(&format!("groups/{group_id}/meetings/{meeting_id}.md")) {
                return Ok(None);
            }
            group
                .meetings
                .iter()
                .find(|m| m.id == meeting_id)
                .map(|m| Some(meeting_id_date(&m.id).unwrap_or(m.front.date)))
                .ok_or_else(|| format!("`meeting` is `{reference}`, but there is no groups/{group_id}/meetings/{meeting_id}.md"))
        } else {
            if self.unparsed(&format!("ccgs/{}/meetings/{reference}.md", ccg.id)) {
                return Ok(None);
            }
            ccg.meetings
                .iter()
                .find(|m| m.id == reference)
                // The date in the file name: a meeting whose `date` disagrees is reported once, there.
                .map(|m| Some(meeting_id_date(&m.id).unwrap_or(m.front.date)))
                .ok_or_else(|| format!(
                    "`meeting` is `{reference}`, but there is no ccgs/{}/meetings/{reference}.md (a group's meeting is written <group-id>/<meeting-id>)",
                    ccg.id
                ))
        }
    }

    /// A meeting of a CCG (`ccg` is `Some`) or of a group.
    fn meeting(&mut self, m: &Meeting, ccg: Option<&Ccg>, papers: &[PaperFile], decisions: Option<&BTreeSet<String>>) {
        let file = m.file;
        let f = &m.front;
        match meeting_id_date(&m.id) {
            None => self.err_path(&self.file(file).path.clone(), format!(
                "the file name `{}.md` must be the meeting's date, YYYY-MM-DD.md, or YYYY-MM-DD-<suffix>.md for a second meeting that day (suffix: a-z, 0-9, -)",
                m.id
            )),
            Some(d) if d != f.date => self.err(file, None, "date", &f.date.to_string(), format!(
                "`date` is {} but the file name says {d}: they must be equal",
                f.date
            )),
            Some(_) => {}
        }
        match (ccg, &f.committee) {
            (Some(ccg), None) => {
                self.err(file, None, "date", "", format!("`committee` is required in a CCG's meeting: one of {}", committee_list(ccg)))
            }
            (Some(ccg), Some(c)) if !ccg.profile.data.committees.iter().any(|x| &x.id == c) => self.err(
                file,
                None,
                "committee",
                c,
                format!("`committee` is `{c}`, but {}/ccg.yaml has no such committee; expected one of {}", ccg.id, committee_list(ccg)),
            ),
            (None, Some(c)) => self.err(
                file,
                None,
                "committee",
                c,
                "a group's meeting has no `committee`: it is the meeting of every member CCG's committee".into(),
            ),
            _ => {}
        }
        if let (Some(s), Some(e)) = (f.start, f.end)
            && e < s
        {
            self.err(file, None, "end", &e.to_string(), format!("`end` ({e}) is before `start` ({s})"));
        }
        let mut numbers = BTreeSet::new();
        for item in &f.agenda {
            let anchor = Some(("number", item.number.as_str()));
            if !numbers.insert(item.number.as_str()) {
                self.err(file, None, "number", &item.number, format!("agenda number `{}` is used twice in this meeting", item.number));
            }
            for paper in &item.papers {
                let panchor = Some(("title", paper.title.as_str()));
                match (&paper.file, &paper.url) {
                    (Some(_), Some(_)) | (None, None) => self.err(
                        file,
                        anchor,
                        "title",
                        &paper.title,
                        format!(
                            "paper \"{}\" needs exactly one of `file` (a file under papers/) and `url` (a link elsewhere)",
                            paper.title
                        ),
                    ),
                    (Some(path), None) => {
                        if let Err(why) = check_paper_path(path, papers) {
                            self.err(file, panchor, "file", path, why);
                        }
                    }
                    (None, Some(url)) => {
                        if !is_web_url(url) {
                            self.err(
                                file,
                                panchor,
                                "url",
                                url,
                                format!("a paper's `url` must be an http or https address (found `{url}`)"),
                            );
                        }
                    }
                }
            }
            if let Some(dec) = &item.decision {
                match decisions {
                    None => self.err(file, anchor, "decision", dec,
                        "a group's meeting cannot record a `decision`: each CCG records its own decisions in its decisions.yaml, with `meeting: <group-id>/<meeting-id>`".into()),
                    Some(_) if ccg.is_some_and(|c| self.unparsed(&format!("ccgs/{}/decisions.yaml", c.id))) => {}
                    Some(ids) if !ids.contains(dec) => {
                        let why = if ccg.is_some_and(|c| c.decisions.is_none()) {
                            "this CCG has no decisions.yaml".to_owned()
                        } else {
                            "the register of decisions (decisions.yaml) has no entry with that id".to_owned()
                        };
                        self.err(file, anchor, "decision", dec, format!(
                            "agenda item {} records decision `{dec}`, but {why}",
                            item.number
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
        for d in &f.declarations {
            if let Some(item) = &d.item
                && !numbers.contains(item.as_str())
            {
                self.err(
                    file,
                    Some(("name", &d.name)),
                    "item",
                    item,
                    format!("{}'s declaration names agenda item `{item}`, but this meeting's agenda has no such number", d.name),
                );
            }
        }
    }

    fn interests(&mut self, ccg: &Ccg) {
        let Some(reg) = &ccg.interests else { return };
        for e in &reg.data.entries {
            if e.interests.is_empty() && !e.nil_return {
                self.err(
                    reg.file,
                    None,
                    "name",
                    &e.name,
                    format!(
                        "{} has no interests listed: list them under `interests`, or write `nil_return: true` if they declared none",
                        if e.withheld { "an entry (name withheld)" } else { &e.name }
                    ),
                );
            }
            for i in &e.interests {
                if let (Some(from), Some(to)) = (i.from, i.to)
                    && to < from
                {
                    self.err(
                        reg.file,
                        Some(("name", &e.name)),
                        "to",
                        &to.to_string(),
                        format!("an interest ends ({to}) before it starts ({from})"),
                    );
                }
            }
        }
    }
}

/// What reading a paper for withheld names found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scan {
    Clean,
    /// It names this withheld person.
    Names(String),
    /// It was not read: why, in plain words.
    Unread(String),
}

/// Identifies a set of withheld names, for [`SCANNED`].
fn names_key(names: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    names.hash(&mut h);
    h.finish()
}

/// A paper as it was when scanned, for the same set of names.
type ScanKey = (PathBuf, u64, Option<std::time::SystemTime>, u64);

/// Scans already made in this process: `serve` checks the content again on
/// every change, and reading every paper each time would make it slow.
static SCANNED: OnceLock<Mutex<HashMap<ScanKey, Scan>>> = OnceLock::new();

/// Reads one paper and looks in it for withheld names.
fn scan(paper: &PaperFile, names: u64, finds_withheld: &(impl Fn(&str) -> Option<String> + Sync)) -> Scan {
    let meta = std::fs::metadata(&paper.source).ok();
    let key: ScanKey = (paper.source.clone(), meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok()), names);
    let cache = SCANNED.get_or_init(Default::default);
    if let Some(known) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return known.clone();
    }
    let result = match papertext::extract(&paper.source) {
        Extracted::Text(text) => finds_withheld(&text).map_or(Scan::Clean, Scan::Names),
        Extracted::NotText => Scan::Unread("it is an image, a sound or a video, which this check cannot read".into()),
        Extracted::Unreadable(why) => Scan::Unread(why),
    };
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= 100_000 {
        cache.clear();
    }
    cache.insert(key, result.clone());
    result
}

fn committee_list(ccg: &Ccg) -> String {
    let ids: Vec<String> = ccg.profile.data.committees.iter().map(|c| format!("`{}`", c.id)).collect();
    if ids.is_empty() { "(ccg.yaml lists no committees)".into() } else { ids.join(", ") }
}

/// A paper's `file` must be a relative path under the folder's `papers/`,
/// without `..`, naming a file that exists.
fn check_paper_path(path: &str, papers: &[PaperFile]) -> Result<(), String> {
    if path.starts_with('/') || path.starts_with('\\') || path.contains(':') {
        return Err(format!("paper file `{path}` must be a relative path under this folder's papers/, not an absolute path"));
    }
    if path.split(['/', '\\']).any(|seg| seg == "..") {
        return Err(format!("paper file `{path}` may not use `..`: it must stay inside this folder's papers/"));
    }
    let normal = paper_rel(path);
    if !normal.starts_with("papers/") {
        return Err(format!("paper file `{path}` must be under this folder's papers/ (e.g. papers/2015-09-17/item.pdf)"));
    }
    if find_paper(papers, normal).is_none() {
        return Err(format!("paper file `{path}` does not exist (or is refused, see above): add the file, or correct the path"));
    }
    Ok(())
}

/// The published free-text values of the content, as (file, key, value,
/// whether it is Markdown), of the files that may name a withheld person.
/// Fields that name a person are left out: they are published as "Name
/// withheld" when they name one, and so is a register entry that does.
struct Fields<'a> {
    suspect: &'a [bool],
    withheld: &'a Withheld,
    list: Vec<(FileId, &'a str, &'a str, bool)>,
}

impl<'a> Fields<'a> {
    fn text(&mut self, file: FileId, key: &'a str, value: &'a str) {
        if self.suspect[file.index()] {
            self.list.push((file, key, value, false));
        }
    }

    fn opt(&mut self, file: FileId, key: &'a str, value: &'a Option<String>) {
        if let Some(v) = value {
            self.text(file, key, v);
        }
    }

    fn extra(&mut self, file: FileId, extra: &'a ExtraMap) {
        if let Some(map) = extra {
            self.map(file, map);
        }
    }

    fn map(&mut self, file: FileId, map: &'a BTreeMap<String, Extra>) {
        for (k, v) in map {
            self.text(file, k, k);
            self.value(file, k, v);
        }
    }

    fn value(&mut self, file: FileId, key: &'a str, v: &'a Extra) {
        match v {
            Extra::Text(s) => self.text(file, key, s),
            Extra::List(l) => l.iter().for_each(|x| self.value(file, key, x)),
            Extra::Map(m) => self.map(file, m),
            _ => {}
        }
    }

    fn content(&mut self, c: &'a Content) {
        if let Some(site) = &c.site {
            let (f, s) = (site.file, &site.data);
            self.text(f, "title", &s.title);
            self.opt(f, "description", &s.description);
            self.text(f, "base_url", &s.base_url);
            self.opt(f, "language", &s.language);
            self.opt(f, "publisher", &s.publisher);
            self.opt(f, "contact", &s.contact);
            self.opt(f, "cname", &s.cname);
            self.extra(f, &s.extra);
        }
        for p in &c.pages {
            self.text(p.file, "title", &p.front.title);
            self.opt(p.file, "description", &p.front.description);
            self.extra(p.file, &p.front.extra);
        }
        for g in &c.groups {
            let (f, p) = (g.profile.file, &g.profile.data);
            self.text(f, "name", &p.name);
            self.opt(f, "description", &p.description);
            p.members.iter().for_each(|m| self.text(f, "members", m));
            self.extra(f, &p.extra);
            g.meetings.iter().for_each(|m| self.meeting(m));
        }
        for ccg in &c.ccgs {
            self.ccg(ccg);
        }
    }

    fn ccg(&mut self, ccg: &'a Ccg) {
        let (f, p) = (ccg.profile.file, &ccg.profile.data);
        self.text(f, "name", &p.name);
        self.text(f, "ods_code", &p.ods_code);
        self.text(f, "region", &p.region);
        self.opt(f, "area_team", &p.area_team);
        self.opt(f, "website", &p.website);
        self.opt(f, "successor", &p.successor);
        self.opt(f, "successor_name", &p.successor_name);
        self.extra(f, &p.extra);
        p.co_commissioning.iter().for_each(|l| self.extra(f, &l.extra));
        for com in &p.committees {
            self.text(f, "id", &com.id);
            self.text(f, "name", &com.name);
            self.opt(f, "group", &com.group);
            self.extra(f, &com.extra);
            for m in &com.members {
                self.text(f, "role", &m.role);
                self.extra(f, &m.extra);
            }
        }
        for t in &ccg.terms {
            let (f, d) = (t.file, &t.data.front);
            self.text(f, "committee", &d.committee);
            self.opt(f, "title", &d.title);
            self.opt(f, "version", &d.version);
            self.opt(f, "approved_by", &d.approved_by);
            self.opt(f, "quorum", &d.quorum);
            self.opt(f, "voting", &d.voting);
            self.extra(f, &d.extra);
            for r in &d.decisions {
                self.text(f, "function", &r.function);
                self.opt(f, "area", &r.area);
                self.extra(f, &r.extra);
            }
        }
        ccg.meetings.iter().for_each(|m| self.meeting(m));
        if let Some(reg) = &ccg.decisions {
            let f = reg.file;
            self.extra(f, &reg.data.extra);
            for d in &reg.data.entries {
                self.text(f, "id", &d.id);
                self.text(f, "title", &d.title);
                self.opt(f, "meeting", &d.meeting);
                if let Some(s) = &d.summary {
                    // Published as Markdown, read as it is published: a link
                    // (`[Dr Quentin](…) Zyborg`) can join words the file as
                    // written does not, so it is read whatever the file holds.
                    self.list.push((f, "summary", s, true));
                }
                self.extra(f, &d.extra);
                for c in &d.conflicts {
                    self.text(f, "interest", &c.interest);
                    self.text(f, "action", &c.action);
                    self.extra(f, &c.extra);
                }
                if let Some(p) = &d.procurement {
                    self.opt(f, "reference", &p.reference);
                    self.opt(f, "description", &p.description);
                    self.opt(f, "procedure", &p.procedure);
                    self.opt(f, "supplier", &p.supplier);
                    self.opt(f, "supplier_address", &p.supplier_address);
                    self.opt(f, "justification", &p.justification);
                    self.extra(f, &p.extra);
                }
            }
        }
        if let Some(reg) = &ccg.interests {
            let f = reg.file;
            self.extra(f, &reg.data.extra);
            for e in &reg.data.entries {
                // A withheld entry publishes nothing but "Name withheld".
                if !self.suspect[f.index()] || e.withheld || self.withheld.is_withheld_name(&e.name) {
                    continue;
                }
                e.roles.iter().for_each(|r| self.text(f, "roles", r));
                self.extra(f, &e.extra);
                for i in &e.interests {
                    self.text(f, "description", &i.description);
                    self.text(f, "action", &i.action);
                    self.extra(f, &i.extra);
                }
            }
        }
        if let Some(reg) = &ccg.gifts {
            let f = reg.file;
            self.extra(f, &reg.data.extra);
            for g in &reg.data.entries {
                self.text(f, "role", &g.role);
                self.text(f, "offered_by", &g.offered_by);
                self.text(f, "description", &g.description);
                self.opt(f, "notes", &g.notes);
                self.extra(f, &g.extra);
            }
        }
    }

    fn meeting(&mut self, m: &'a Meeting) {
        let (f, fr) = (m.file, &m.front);
        self.opt(f, "committee", &fr.committee);
        self.opt(f, "title", &fr.title);
        self.opt(f, "venue", &fr.venue);
        self.extra(f, &fr.extra);
        for item in &fr.agenda {
            self.text(f, "number", &item.number);
            self.text(f, "title", &item.title);
            self.opt(f, "decision", &item.decision);
            self.extra(f, &item.extra);
            for p in &item.papers {
                self.text(f, "title", &p.title);
                self.opt(f, "file", &p.file);
                self.opt(f, "url", &p.url);
                self.extra(f, &p.extra);
            }
        }
        if let Some(a) = &fr.attendance {
            self.extra(f, &a.extra);
        }
        for d in &fr.declarations {
            self.opt(f, "item", &d.item);
            self.text(f, "interest", &d.interest);
            self.text(f, "action", &d.action);
            self.extra(f, &d.extra);
        }
    }
}

/// Column (1-based) of `value` on `line` when the line holds `key: value`.
fn holds(line: &str, key: &str, value: &str) -> Option<usize> {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    let rest = trimmed.strip_prefix(key)?.trim_start().strip_prefix(':')?;
    if value.is_empty() {
        return Some(line.len() - trimmed.len() + 1);
    }
    let at = rest.find(value)?;
    Some(line.len() - rest.len() + at + 1)
}

/// Like [`locate`], for the first match after line `after` (1-based).
fn locate_after(text: &str, after: usize, key: &str, value: &str) -> (usize, usize) {
    text.lines().enumerate().skip(after).find_map(|(i, l)| holds(l, key, value).map(|c| (i + 1, c))).unwrap_or((0, 0))
}

/// Finds `key: value` (1-based line and the value's column), searching from
/// the line holding `anchor` when given. (0, 0) when not found.
pub fn locate(text: &str, anchor: Option<(&str, &str)>, key: &str, value: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let start = match anchor {
        Some((k, v)) => lines.iter().position(|l| holds(l, k, v).is_some()).unwrap_or(0),
        None => 0,
    };
    for (i, line) in lines.iter().enumerate().skip(start) {
        if let Some(col) = holds(line, key, value) {
            return (i + 1, col);
        }
    }
    // The value may sit in a flow list (`members: [a, b]`): find it anywhere.
    if !value.is_empty() {
        for (i, line) in lines.iter().enumerate().skip(start) {
            if line.trim_start().starts_with(key)
                && let Some(at) = line.find(value)
            {
                return (i + 1, at + 1);
            }
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_url_id("central-london"));
        assert!(is_url_id("09a"));
        assert!(!is_url_id("-x"));
        assert!(!is_url_id("Central"));
        assert!(!is_url_id("a/b"));
        assert!(is_decision_id("CL-2015-007"));
        assert!(is_decision_id("a_b.c"));
        assert!(!is_decision_id("a b"));
        assert_eq!(meeting_id_date("2015-09-17").unwrap().to_string(), "2015-09-17");
        assert!(meeting_id_date("2015-09-17-extra").is_some());
        assert!(meeting_id_date("2015-09-17extra").is_none());
        assert!(meeting_id_date("2015-09-17-").is_none());
        assert!(meeting_id_date("2015-9-17").is_none());
    }

    #[test]
    fn paper_paths() {
        let papers = vec![PaperFile { rel: "papers/a.pdf".into(), source: "x".into(), size: 1, linked: true }];
        assert!(check_paper_path("papers/a.pdf", &papers).is_ok());
        assert!(check_paper_path("/etc/passwd", &papers).unwrap_err().contains("absolute"));
        assert!(check_paper_path("papers/../ccg.yaml", &papers).unwrap_err().contains(".."));
        assert!(check_paper_path("other/a.pdf", &papers).unwrap_err().contains("under"));
        assert!(check_paper_path("papers/b.pdf", &papers).unwrap_err().contains("does not exist"));
    }

    #[test]
    fn locate_finds_key_after_anchor() {
        let text = "entries:\n  - id: A\n    meeting: x\n  - id: B\n    meeting: x\n";
        assert_eq!(locate(text, Some(("id", "B")), "meeting", "x"), (5, 14));
        assert_eq!(locate(text, None, "meeting", "x"), (3, 14));
        assert_eq!(locate(text, None, "nothing", ""), (0, 0));
    }

    #[test]
    fn base_urls() {
        for ok in [
            "https://example.github.io/repo/",
            "https://example.github.io/repo",
            "http://localhost:8000/",
            "https://transparency.example.nhs.uk",
            "HTTPS://X.ORG/A/B/",
            "http://127.0.0.1:1111/",
            "http://[::1]:8080/x/",
            "https://x.org/a%20b/",
        ] {
            assert_eq!(base_url_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("javascript:alert(1)//", "absolute http or https"),
            ("ftp://x.org/", "absolute http or https"),
            ("example.org/repo/", "absolute http or https"),
            ("//x.org/", "absolute http or https"),
            ("https://x.org//evil.example/", "`//` in its path"),
            ("https://x.org/repo//", "`//` in its path"),
            ("https://x.org/a/../b/", "`..`"),
            ("https://x.org/./", "`.`"),
            ("https://x.org/?q=1", "`?` or `#`"),
            ("https://x.org/#top", "`?` or `#`"),
            ("https://evil.example@x.org/", "`@`"),
            ("https:///repo/", "not a host"),
            ("https://x..org/", "not a host"),
            ("https://x_y.org/", "not a host"),
            ("https://[zz]/", "not a host"),
            ("https://x.org:0/", "port"),
            ("https://x.org:99999/", "port"),
            ("https://x.org:/", "port"),
            ("https://x.org/a b/", "spaces"),
            ("https://x.org/a\\b/", "spaces"),
            ("https://x.org/\"onload=\"x/", "spaces"),
            ("https://x.org/100%/", "escape"),
            ("", "absolute http or https"),
        ] {
            let problem = base_url_problem(bad).unwrap_or_else(|| panic!("{bad} was accepted"));
            assert!(problem.contains(why), "{bad}: {problem}");
        }
    }

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://www.england.nhs.uk/x"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("ftp://x"));
    }
}
