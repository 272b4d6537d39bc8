//! Site search: `/search/` and a static, sharded index the page's script
//! fetches piece by piece, only once someone searches.
//!
//! Why our own index: the national corpus has ~100,000 documents (CCGs,
//! people, decisions, meetings, papers, pages). One index for the whole
//! site (elasticlunr, as mdBook and Zola use) would be a download of
//! megabytes before the first result; pagefind's chunked index scales but
//! brings an async runtime and some 160 crates. This index is a few hundred
//! lines and a search downloads only what its words need:
//!
//! - `search/index/manifest.json`: the kinds of document with their id
//!   ranges, rows per file and owners (as runs: documents are numbered by
//!   kind, then by owner), the owners (CCGs, then groups), the list of term
//!   shards, and a version that busts caches;
//! - `search/index/t/<prefix>.json`: the terms starting with `<prefix>` and
//!   their postings, a shard split on a longer prefix while it is large;
//! - `search/index/d/<kind>/<n>.json`: the kind's documents `n * per ..`, as
//!   `[title, url, owner, date, excerpt text]`, fetched only for the
//!   results shown. The excerpt text is the start of the document's
//!   readable text, at most [`EXCERPT_MAX`] bytes; `per` is chosen for each
//!   kind so that a file is about [`ROWS_BYTES`].
//!
//! A posting is one number, `(doc id delta) * 4 + weight`, weight 1 for a
//! word of the text, 2 for a word of the title, 3 for both. Within a kind
//! and an owner, documents are newest first, so equal scores rank a CCG's
//! newest first and the first results of a kind share a file.
//!
//! Nothing withheld is indexed: people's names only as the pages publish
//! them, a withheld one (in any spelling) not at all (see [`docs`]), and
//! free text that names a withheld person already stops the build.

mod docs;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::markdown;
use crate::render::{Body, HtmlSite, Output, Published, Renderer, SitePath};
use docs::{Doc, Kind, Markdown, collect_docs};

/// The most bytes of a document's text kept for its excerpts.
pub(crate) const EXCERPT_MAX: usize = 1500;
/// About this many bytes of JSON per document file.
const ROWS_BYTES: usize = 4 * 1024;
/// The most documents per document file.
const ROWS_MAX: usize = 100;
/// A shard bigger than this (bytes of JSON) is split on a longer prefix.
const SHARD_LIMIT: usize = 48 * 1024;
/// Prefixes are at least this long (a query word shorter than it is not looked up).
pub(crate) const MIN_PREFIX: usize = 2;
const MAX_PREFIX: usize = 5;

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

#[derive(Serialize)]
struct Manifest<'a> {
    /// Changes whenever any index file does: appended to fetches as `?v=`.
    version: String,
    docs: usize,
    min_prefix: usize,
    kinds: Vec<KindEntry>,
    /// `[name, url, id]`: documents name their owner by index.
    owners: &'a [(String, String, String)],
    /// Owners below this index are CCGs, the others groups.
    ccgs: usize,
    /// The term shards' prefixes, sorted.
    shards: Vec<String>,
}

#[derive(Serialize)]
struct KindEntry {
    key: &'static str,
    label: &'static str,
    one: &'static str,
    many: &'static str,
    first: usize,
    count: usize,
    /// Documents per file of `d/<key>/`.
    per: usize,
    /// `[owner, count, owner, count…]`: whose the kind's documents are, in
    /// order of id.
    runs: Vec<i64>,
}

/// One document's row in its file: `[title, url, owner, date, excerpt]`.
type Row<'d> = (&'d str, &'d str, i64, String, &'d str);

/// The index files, by path below `search/index/`.
pub(crate) fn build_index(cx: &Published) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let (docs, owners, ccgs) = collect_docs(cx);
    let (mut all, excerpts) = postings(cx, &docs)?;
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let all: Vec<(&str, &Vec<(u32, u8)>)> = all.iter().map(|(t, p)| (t.as_str(), p)).collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut shards = Vec::new();
    shard(&all, MIN_PREFIX, &mut shards, &mut files);

    let mut kinds = Vec::new();
    for k in Kind::ALL {
        let first = docs.iter().position(|d| d.kind == k).unwrap_or(docs.len());
        let count = docs[first..].iter().take_while(|d| d.kind == k).count();
        let rows: Vec<Row> = (first..first + count)
            .map(|i| {
                let d = &docs[i];
                (d.title.as_str(), d.url.as_str(), d.owner, d.date.map(|x| x.to_string()).unwrap_or_default(), excerpts[i].as_str())
            })
            .collect();
        // Rows per file so that a file is about ROWS_BYTES.
        let bytes: usize = rows.iter().map(|r| r.0.len() + r.1.len() + r.4.len() + 30).sum();
        let per = (ROWS_BYTES * count).checked_div(bytes).unwrap_or(1).clamp(1, ROWS_MAX);
        let chunks: Vec<(String, Vec<u8>)> = rows
            .par_chunks(per)
            .enumerate()
            .map(|(n, chunk)| (format!("d/{}/{n}.json", k.key()), serde_json::to_vec(chunk).expect("plain data")))
            .collect();
        files.extend(chunks);
        let mut runs: Vec<i64> = Vec::new();
        for d in &docs[first..first + count] {
            match runs.len() {
                n if n >= 2 && runs[n - 2] == d.owner => runs[n - 1] += 1,
                _ => runs.extend([d.owner, 1]),
            }
        }
        let (one, many) = k.nouns();
        kinds.push(KindEntry { key: k.key(), label: k.label(), one, many, first, count, per, runs });
    }
    let mut hash = Fnv::default();
    for (path, bytes) in &files {
        hash.write(path.as_bytes());
        hash.write(bytes);
    }
    hash.write(serde_json::to_string(&owners).expect("plain data").as_bytes());
    hash.write(serde_json::to_string(&kinds).expect("plain data").as_bytes());
    let manifest =
        Manifest { version: format!("{:016x}", hash.0), docs: docs.len(), min_prefix: MIN_PREFIX, kinds, owners: &owners, ccgs, shards };
    files.push(("manifest.json".into(), serde_json::to_vec(&manifest).expect("plain data")));
    Ok(files)
}

/// `(doc id, weight)`.
type Posting = (u32, u8);
type Postings = HashMap<String, Vec<Posting>, BuildTermHasher>;

/// The start of a document's readable text, its whitespace collapsed, cut
/// at a word's end before [`EXCERPT_MAX`] bytes.
fn excerpt_text(parts: [&str; 2]) -> String {
    let mut out = String::new();
    'all: for part in parts {
        for w in part.split_whitespace() {
            if out.len() + w.len() + 1 > EXCERPT_MAX {
                break 'all;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Every term with its postings, `(doc id, weight)` by ascending id, and
/// each document's excerpt text.
///
/// Documents are split into runs that are indexed in parallel, each run in
/// order of id, so a term's last posting tells whether this document has
/// had the word already. Each word costs one lookup; a term is copied once
/// per run; a minutes body is turned into text in one reused buffer.
#[allow(clippy::type_complexity)]
fn postings(cx: &Published, docs: &[Doc]) -> Result<(Vec<(String, Vec<Posting>)>, Vec<String>), Vec<Diagnostic>> {
    struct Run {
        map: Postings,
        text: String,
        lower: String,
        excerpts: Vec<(u32, String)>,
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
    let runs: Vec<Run> = docs
        .par_iter()
        .enumerate()
        .fold(
            || Run { map: Postings::default(), text: String::new(), lower: String::new(), excerpts: Vec::new(), errors: Vec::new() },
            |mut run, (id, d)| {
                let id = id as u32;
                add_words(&mut run, &d.title, id, 2);
                add_words(&mut run, &d.keywords, id, 1);
                add_words(&mut run, &d.text, id, 1);
                let minutes;
                let md = match d.body {
                    Markdown::None => {
                        run.excerpts.push((id, excerpt_text([&d.text, ""])));
                        return run;
                    }
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
                run.excerpts.push((id, excerpt_text([&d.text, &text])));
                run.text = text;
                run
            },
        )
        .collect();
    let mut maps = Vec::new();
    let mut errors = Vec::new();
    let mut excerpts = vec![String::new(); docs.len()];
    for run in runs {
        maps.push(run.map);
        errors.extend(run.errors);
        for (id, e) in run.excerpts {
            excerpts[id as usize] = e;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Runs hold ascending, disjoint id ranges in order: appending keeps
    // each term's postings sorted.
    let mut runs = maps.into_iter();
    let mut all = runs.next().unwrap_or_default();
    for run in runs {
        for (term, p) in run {
            all.entry(term).or_default().extend(p);
        }
    }
    Ok((all.into_iter().collect(), excerpts))
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
pub(crate) struct Search<'h> {
    pub html: &'h HtmlSite,
}

#[derive(Serialize)]
struct SearchView {
    index: String,
    people: String,
    practices: String,
}

impl Renderer for Search<'_> {
    fn render(&self, cx: &Published) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let mut out: Vec<Output> = build_index(cx)?
            .into_iter()
            .map(|(path, bytes)| Output { path: SitePath::search_index_file(&path).into_file(), body: Body::Bytes(bytes) })
            .collect();
        let view = SearchView {
            index: cx.href(&SitePath::search_index()),
            people: cx.href(&SitePath::people_index()),
            practices: cx.href(&SitePath::practices_index()),
        };
        let description = "Search the committees' decisions, meetings, papers, people and CCGs";
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
