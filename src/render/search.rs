//! Site search: `/search/` and a static, sharded index the page's script
//! fetches piece by piece, only once someone searches.
//!
//! Why our own index: the national corpus has ~85,000 documents (CCGs,
//! decisions, meetings, papers, pages). One index for the whole site
//! (elasticlunr, as mdBook and Zola use) would be a download of megabytes
//! before the first result; pagefind's chunked index scales but brings an
//! async runtime and some 160 crates. This index is a few hundred lines and
//! a search downloads only what its words need:
//!
//! - `search/index/manifest.json`: the kinds of document with their id
//!   ranges, the owners (CCGs and groups) that documents name, the list of
//!   term shards, and a version that busts caches;
//! - `search/index/t/<prefix>.json`: the terms starting with `<prefix>` and
//!   their postings, a shard split on a longer prefix while it is large;
//! - `search/index/d/<n>.json`: documents `n * CHUNK ..`, as
//!   `[title, url, owner, date]`, fetched only for the results shown.
//!
//! A posting is one number, `(doc id delta) * 4 + weight`, weight 1 for a
//! word of the text, 2 for a word of the title, 3 for both. Documents are
//! numbered by kind, and newest first within a kind, so equal scores rank
//! the newest first and the first results of a kind share a chunk.
//!
//! Nothing withheld is indexed: no register of interests, no person's name
//! (conflicts and declarations contribute their interest, not who holds it),
//! and free text that names a withheld person already stops the build.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::markdown;
use crate::model::*;
use crate::render::{Body, HtmlSite, Output, Owner, Published, Renderer, SitePath, meeting_title};

/// Documents per chunk file.
pub(crate) const CHUNK: usize = 100;
/// A shard bigger than this (bytes of JSON) is split on a longer prefix.
const SHARD_LIMIT: usize = 48 * 1024;
/// Prefixes are at least this long (a query word shorter than it is not looked up).
pub(crate) const MIN_PREFIX: usize = 2;
const MAX_PREFIX: usize = 5;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Ccg,
    Decision,
    Meeting,
    Paper,
    Page,
}

impl Kind {
    const ALL: [Kind; 5] = [Kind::Ccg, Kind::Decision, Kind::Meeting, Kind::Paper, Kind::Page];
    fn key(self) -> &'static str {
        match self {
            Kind::Ccg => "ccg",
            Kind::Decision => "decision",
            Kind::Meeting => "meeting",
            Kind::Paper => "paper",
            Kind::Page => "page",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Kind::Ccg => "CCGs",
            Kind::Decision => "Decisions",
            Kind::Meeting => "Meetings",
            Kind::Paper => "Papers",
            Kind::Page => "Pages",
        }
    }
}

/// One searchable thing.
struct Doc<'a> {
    kind: Kind,
    title: String,
    /// The link to it: below the base path, or another site's address.
    url: String,
    /// Index into the owners list, or -1.
    owner: i64,
    date: Option<Date>,
    /// Words only in the text (the title's are added to it).
    text: String,
    /// Markdown whose text is indexed too: turned into text only while
    /// the postings are made, so the minutes are never held as text.
    body: Markdown<'a>,
}

#[derive(Clone, Copy)]
enum Markdown<'a> {
    None,
    Text(&'a str),
    /// Read back from the meeting's file.
    Minutes(&'a Meeting),
}

/// Splits text into words: runs of letters and digits of at least two
/// characters (the script does the same to a query). Terms are the words
/// in lower case, see [`lower`]. ASCII is checked byte by byte: the
/// national corpus has some 150 MB of minutes to go through.
fn words(text: &str) -> Words<'_> {
    Words { s: text, i: 0 }
}

struct Words<'a> {
    s: &'a str,
    i: usize,
}

/// ASCII letters and digits, by byte.
const WORD_BYTE: [bool; 128] = {
    let mut t = [false; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// The character at byte `i` of `s` (a character boundary).
fn char_at(s: &str, i: usize) -> char {
    s[i..].chars().next().unwrap_or(' ')
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let s = self.s;
        let b = s.as_bytes();
        let mut i = self.i;
        loop {
            // To the next letter or digit.
            loop {
                let Some(&c) = b.get(i) else {
                    self.i = i;
                    return None;
                };
                if c < 0x80 {
                    if WORD_BYTE[c as usize] {
                        break;
                    }
                    i += 1;
                } else {
                    let ch = char_at(s, i);
                    if ch.is_alphanumeric() {
                        break;
                    }
                    i += ch.len_utf8();
                }
            }
            // To the end of the word.
            let start = i;
            let mut wide = false;
            while let Some(&c) = b.get(i) {
                if c < 0x80 {
                    if !WORD_BYTE[c as usize] {
                        break;
                    }
                    i += 1;
                } else {
                    let ch = char_at(s, i);
                    if !ch.is_alphanumeric() {
                        break;
                    }
                    i += ch.len_utf8();
                    wide = true;
                }
            }
            let w = &s[start..i];
            if w.len() >= 2 && (!wide || w.chars().count() >= 2) {
                self.i = i;
                return Some(w);
            }
        }
    }
}

/// A word in lower case, copied only when it has capitals.
fn lower(w: &str) -> Cow<'_, str> {
    if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) { Cow::Owned(w.to_lowercase()) } else { Cow::Borrowed(w) }
}

/// Every document, by kind (newest first within a kind), with the owners
/// they name.
fn collect_docs<'a>(cx: &Published<'a>) -> (Vec<Doc<'a>>, Vec<(String, String)>) {
    let owners = Owners::new(cx);
    let mut docs = ccg_docs(cx);
    docs.extend(decision_docs(cx, &owners));
    docs.extend(meeting_docs(cx, &owners));
    docs.extend(terms_docs(cx, &owners));
    docs.extend(page_docs(cx));
    // By kind; newest first within a kind; then by owner and address.
    docs.sort_by(|a, b| {
        (a.kind, std::cmp::Reverse(a.date), a.owner, &a.url, &a.title).cmp(&(b.kind, std::cmp::Reverse(b.date), b.owner, &b.url, &b.title))
    });
    (docs, owners.list)
}

/// The CCGs and groups that documents name, by index: `[name, link]`.
struct Owners<'a> {
    list: Vec<(String, String)>,
    index: HashMap<(bool, &'a str), i64>,
}

impl<'a> Owners<'a> {
    fn new(cx: &Published<'a>) -> Owners<'a> {
        let mut owners = Owners { list: Vec::new(), index: HashMap::new() };
        for c in &cx.content.ccgs {
            owners.index.insert((true, &c.id), owners.list.len() as i64);
            owners.list.push((c.profile.data.name.clone(), cx.href(&SitePath::ccg(&c.id))));
        }
        for g in &cx.content.groups {
            owners.index.insert((false, &g.id), owners.list.len() as i64);
            owners.list.push((g.profile.data.name.clone(), cx.href(&SitePath::group(&g.id))));
        }
        owners
    }

    fn of(&self, o: &Owner) -> i64 {
        match o {
            Owner::Ccg(c) => self.index[&(true, c.id.as_str())],
            Owner::Group(g) => self.index[&(false, g.id.as_str())],
        }
    }
}

/// Appends ` word` for each of `words`.
fn push_words<'w>(text: &mut String, words: impl IntoIterator<Item = &'w str>) {
    for w in words {
        text.push(' ');
        text.push_str(w);
    }
}

fn ccg_docs<'a>(cx: &Published<'a>) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    for c in &cx.content.ccgs {
        let p = &c.profile.data;
        let mut text = format!("{} {} {}", p.ods_code, p.region, p.area_team.as_deref().unwrap_or(""));
        push_words(&mut text, p.committees.iter().map(|com| com.name.as_str()));
        docs.push(Doc {
            kind: Kind::Ccg,
            title: p.name.clone(),
            url: cx.href(&SitePath::ccg(&c.id)),
            owner: -1,
            date: None,
            text,
            body: Markdown::None,
        });
    }
    docs
}

/// Decisions, with their summaries, the interests in conflict (not who
/// holds them) and the procurement's words.
fn decision_docs<'a>(cx: &Published<'a>, owners: &Owners) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    for c in &cx.content.ccgs {
        let Some(reg) = &c.decisions else { continue };
        for d in &reg.data.entries {
            let mut text = format!("{} {} {} {} {}", d.id, d.category.label(), d.outcome.label(), c.profile.data.name, d.date.year());
            if let Some(s) = &d.summary {
                text.push(' ');
                markdown::text_into(s, &mut text);
            }
            push_words(&mut text, d.conflicts.iter().map(|conflict| conflict.interest.as_str()));
            if let Some(p) = &d.procurement {
                push_words(&mut text, [&p.reference, &p.description, &p.procedure, &p.supplier].into_iter().flatten().map(String::as_str));
            }
            docs.push(Doc {
                kind: Kind::Decision,
                title: d.title.clone(),
                url: cx.href(&SitePath::decision(c, &d.id)),
                owner: owners.of(&Owner::Ccg(c)),
                date: Some(d.date),
                text,
                body: Markdown::None,
            });
        }
    }
    docs
}

/// Every meeting (its minutes read back only when the postings are made)
/// followed by its papers, the meetings in parallel.
fn meeting_docs<'a>(cx: &Published<'a>, owners: &Owners) -> Vec<Doc<'a>> {
    let content = cx.content;
    let mut meetings: Vec<(&Meeting, Owner)> = Vec::new();
    for c in &content.ccgs {
        meetings.extend(c.meetings.iter().map(|m| (m, Owner::Ccg(c))));
    }
    for g in &content.groups {
        meetings.extend(g.meetings.iter().map(|m| (m, Owner::Group(g))));
    }
    let per_meeting: Vec<Vec<Doc>> = meetings.par_iter().map(|(m, owner)| meeting_and_papers(cx, owners, m, owner)).collect();
    per_meeting.into_iter().flatten().collect()
}

fn meeting_and_papers<'a>(cx: &Published, owners: &Owners, m: &'a Meeting, owner: &Owner) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    let f = &m.front;
    let title = meeting_title(m, owner);
    let mut text = format!("{} {} {}", owner.name(), f.date.year(), f.status.label());
    push_words(&mut text, f.venue.as_deref());
    push_words(&mut text, f.agenda.iter().map(|item| item.title.as_str()));
    push_words(&mut text, f.declarations.iter().map(|d| d.interest.as_str()));
    docs.push(Doc {
        kind: Kind::Meeting,
        title: title.clone(),
        url: cx.href(&SitePath::meeting(m, owner)),
        owner: owners.of(owner),
        date: Some(f.date),
        text,
        body: Markdown::Minutes(m),
    });
    for item in &f.agenda {
        for p in &item.papers {
            let url = match (&p.file, &p.url) {
                (Some(file), _) => cx.href(&SitePath::paper(owner, file)),
                (None, Some(u)) if markdown::is_safe_link(u) => u.clone(),
                _ => continue,
            };
            docs.push(Doc {
                kind: Kind::Paper,
                title: p.title.clone(),
                url,
                owner: owners.of(owner),
                date: Some(f.date),
                text: format!("{} {} {}", item.title, title, owner.name()),
                body: Markdown::None,
            });
        }
    }
    docs
}

fn terms_docs<'a>(cx: &Published<'a>, owners: &Owners) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    for c in &cx.content.ccgs {
        for t in &c.terms {
            let front = &t.data.front;
            let committee = c.committee_name(&front.committee).unwrap_or(&front.committee);
            docs.push(Doc {
                kind: Kind::Page,
                title: front.title.clone().unwrap_or_else(|| format!("Terms of reference: {committee}")),
                url: cx.href(&SitePath::terms(c, &front.committee)),
                owner: owners.of(&Owner::Ccg(c)),
                date: Some(front.approved),
                text: format!("terms of reference {}", c.profile.data.name),
                body: Markdown::Text(&t.data.body),
            });
        }
    }
    docs
}

fn page_docs<'a>(cx: &Published<'a>) -> Vec<Doc<'a>> {
    cx.content
        .pages
        .iter()
        .map(|p| Doc {
            kind: Kind::Page,
            title: p.front.title.clone(),
            url: cx.href(&SitePath::free_page(&p.slug)),
            owner: -1,
            date: None,
            text: String::new(),
            body: Markdown::Text(&p.body),
        })
        .collect()
}

#[derive(Serialize)]
struct Manifest<'a> {
    /// Changes whenever any index file does: appended to fetches as `?v=`.
    version: String,
    docs: usize,
    chunk: usize,
    min_prefix: usize,
    /// `[key, label, first id, count]`.
    kinds: Vec<(&'static str, &'static str, usize, usize)>,
    /// `[name, url]`: documents name their owner by index.
    owners: &'a [(String, String)],
    /// The term shards' prefixes, sorted.
    shards: Vec<String>,
}

/// The index files, by path below `search/index/`.
pub(crate) fn build_index(cx: &Published) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let (docs, owners) = collect_docs(cx);
    let mut all = postings(cx, &docs)?;
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let all: Vec<(&str, &Vec<(u32, u8)>)> = all.iter().map(|(t, p)| (t.as_str(), p)).collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut shards = Vec::new();
    shard(&all, MIN_PREFIX, &mut shards, &mut files);

    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let rows: Vec<(&str, &str, i64, String)> =
            chunk.iter().map(|d| (d.title.as_str(), d.url.as_str(), d.owner, d.date.map(|x| x.to_string()).unwrap_or_default())).collect();
        files.push((format!("d/{n}.json"), serde_json::to_vec(&rows).expect("plain data")));
    }
    let mut kinds = Vec::new();
    for k in Kind::ALL {
        let first = docs.iter().position(|d| d.kind == k).unwrap_or(docs.len());
        let count = docs.iter().filter(|d| d.kind == k).count();
        kinds.push((k.key(), k.label(), first, count));
    }
    let mut hash = Fnv::default();
    for (path, bytes) in &files {
        hash.write(path.as_bytes());
        hash.write(bytes);
    }
    hash.write(serde_json::to_string(&owners).expect("plain data").as_bytes());
    let manifest = Manifest {
        version: format!("{:016x}", hash.0),
        docs: docs.len(),
        chunk: CHUNK,
        min_prefix: MIN_PREFIX,
        kinds,
        owners: &owners,
        shards,
    };
    files.push(("manifest.json".into(), serde_json::to_vec(&manifest).expect("plain data")));
    Ok(files)
}

/// `(doc id, weight)`.
type Posting = (u32, u8);
type Postings = HashMap<String, Vec<Posting>, BuildTermHasher>;

/// Every term with its postings, `(doc id, weight)` by ascending id.
///
/// Documents are split into runs that are indexed in parallel, each run in
/// order of id, so a term's last posting tells whether this document has
/// had the word already. Each word costs one lookup; a term is copied once
/// per run; a minutes body is turned into text in one reused buffer.
fn postings(cx: &Published, docs: &[Doc]) -> Result<Vec<(String, Vec<Posting>)>, Vec<Diagnostic>> {
    struct Run {
        map: Postings,
        text: String,
        lower: String,
        errors: Vec<Diagnostic>,
    }
    fn add(map: &mut Postings, term: &str, id: u32, weight: u8) {
        if let Some(p) = map.get_mut(term) {
            match p.last_mut() {
                Some(last) if last.0 == id => last.1 |= weight,
                _ => p.push((id, weight)),
            }
        } else {
            map.insert(term.to_owned(), vec![(id, weight)]);
        }
    }
    fn add_words(run: &mut Run, text: &str, id: u32, weight: u8) {
        for w in words(text) {
            if !w.is_ascii() {
                add(&mut run.map, &lower(w), id, weight);
            } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
                run.lower.clear();
                run.lower.push_str(w);
                run.lower.make_ascii_lowercase();
                add(&mut run.map, &run.lower, id, weight);
            } else {
                add(&mut run.map, w, id, weight);
            }
        }
    }
    let runs: Vec<(Postings, Vec<Diagnostic>)> = docs
        .par_iter()
        .enumerate()
        .fold(
            || Run { map: Postings::default(), text: String::new(), lower: String::new(), errors: Vec::new() },
            |mut run, (id, d)| {
                let id = id as u32;
                add_words(&mut run, &d.title, id, 2);
                add_words(&mut run, &d.text, id, 1);
                let minutes;
                let md = match d.body {
                    Markdown::None => return run,
                    Markdown::Text(t) => t,
                    Markdown::Minutes(m) => match m.body.read() {
                        Ok(t) => {
                            minutes = t;
                            &minutes
                        }
                        Err(e) => {
                            run.errors.push(Diagnostic::error(&cx.content.files[m.file].path, e));
                            return run;
                        }
                    },
                };
                let mut text = std::mem::take(&mut run.text);
                text.clear();
                markdown::text_into(md, &mut text);
                add_words(&mut run, &text, id, 1);
                run.text = text;
                run
            },
        )
        .map(|run| (run.map, run.errors))
        .collect();
    let (runs, errors): (Vec<Postings>, Vec<Vec<Diagnostic>>) = runs.into_iter().unzip();
    let errors: Vec<Diagnostic> = errors.into_iter().flatten().collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    // Runs hold ascending, disjoint id ranges in order: appending keeps
    // each term's postings sorted.
    let mut runs = runs.into_iter();
    let mut all = runs.next().unwrap_or_default();
    for run in runs {
        for (term, p) in run {
            all.entry(term).or_default().extend(p);
        }
    }
    Ok(all.into_iter().collect())
}

/// A term and its postings.
type Term<'a> = (&'a str, &'a Vec<(u32, u8)>);

/// Writes the terms (all sharing a prefix of `len - 1` characters) into
/// shards keyed by their first `len` characters, splitting a shard further
/// while it is large.
fn shard(terms: &[Term], len: usize, keys: &mut Vec<String>, files: &mut Vec<(String, Vec<u8>)>) {
    let mut groups: BTreeMap<String, Vec<Term>> = BTreeMap::new();
    for &(t, p) in terms {
        let key: String = t.chars().take(len).collect();
        groups.entry(key).or_default().push((t, p));
    }
    for (key, group) in groups {
        let json = shard_json(&group);
        let splittable = len < MAX_PREFIX && group.iter().any(|(t, _)| t.chars().count() > len);
        if json.len() > SHARD_LIMIT && splittable {
            // Terms exactly `key` stay in a shard of their own; longer ones split.
            let (exact, longer): (Vec<_>, Vec<_>) = group.into_iter().partition(|(t, _)| t.chars().count() <= len);
            if !exact.is_empty() {
                files.push((shard_path(&key), shard_json(&exact)));
                keys.push(key);
            }
            shard(&longer, len + 1, keys, files);
        } else {
            files.push((shard_path(&key), json));
            keys.push(key);
        }
    }
}

fn shard_json(terms: &[Term]) -> Vec<u8> {
    let mut map: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for (t, postings) in terms {
        let mut prev = 0;
        let encoded = postings
            .iter()
            .map(|&(id, w)| {
                let delta = u64::from(id - prev);
                prev = id;
                delta * 4 + u64::from(w)
            })
            .collect();
        map.insert(t, encoded);
    }
    serde_json::to_vec(&map).expect("plain data")
}

/// A shard's file: ASCII letters and digits as they are, anything else as
/// `_<hex code point>_`, so every prefix makes a safe, distinct file name.
pub(crate) fn shard_path(key: &str) -> String {
    let mut name = String::new();
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else {
            name.push_str(&format!("_{:x}_", c as u32));
        }
    }
    format!("t/{name}.json")
}

/// FNV-1a, for the cache-busting version (stable across builds and platforms).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Term maps hash eight bytes a step: some 20 million words of minutes
/// are looked up on the national corpus.
type BuildTermHasher = std::hash::BuildHasherDefault<crate::source::WordHasher>;

/// The search page and its index.
pub struct Search<'h> {
    pub html: &'h HtmlSite,
}

#[derive(Serialize)]
struct SearchView {
    index: String,
}

impl Renderer for Search<'_> {
    fn render(&self, cx: &Published) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let mut out: Vec<Output> = build_index(cx)?
            .into_iter()
            .map(|(path, bytes)| Output { path: SitePath::search_index_file(&path).into_file(), body: Body::Bytes(bytes) })
            .collect();
        let view = SearchView { index: cx.href(&SitePath::search_index()) };
        let description = "Search the committees' decisions, meetings, papers and CCGs";
        let at = SitePath::search_page();
        out.push(self.html.render_page(cx, "search.html", "Search", description, &at, "search", &view).map_err(|d| vec![d])?);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_words_of_two_or_more() {
        let t: Vec<Cow<str>> = words("PMS review: a Practice's list-closure, 2016 É").map(lower).collect();
        assert_eq!(t, ["pms", "review", "practice", "list", "closure", "2016"]);
    }

    #[test]
    fn shard_paths_are_safe() {
        assert_eq!(shard_path("pr"), "t/pr.json");
        assert_eq!(shard_path("é1"), "t/_e9_1.json");
    }
}
