//! The search index as built (`search/index/`): titles that tell results
//! apart, excerpt text, people's names indexed, a withheld name in no
//! spelling, and document files of a bounded size. Queries are answered
//! here as `search.js` answers them: every word starts a term of the
//! document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::*;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// The index of a built site: the manifest, every term, every document row.
struct Index {
    manifest: Value,
    terms: BTreeMap<String, Vec<u64>>,
    /// `(kind key, [title, url, owner, date, excerpt])` by id.
    docs: Vec<(String, Value)>,
}

impl Index {
    fn read(site: &Path) -> Index {
        let dir = site.join("search/index");
        let json = |p: &Path| -> Value { serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap() };
        let manifest = json(&dir.join("manifest.json"));
        let mut terms = BTreeMap::new();
        for key in manifest["shards"].as_array().unwrap() {
            let name: String = key
                .as_str()
                .unwrap()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_string() } else { format!("_{:x}_", c as u32) })
                .collect();
            let shard = json(&dir.join(format!("t/{name}.json")));
            for (term, postings) in shard.as_object().unwrap() {
                let mut id = 0;
                let ids = postings.as_array().unwrap().iter().map(|v| {
                    id += v.as_u64().unwrap() / 4;
                    id
                });
                terms.insert(term.clone(), ids.collect());
            }
        }
        let mut docs = Vec::new();
        for k in manifest["kinds"].as_array().unwrap() {
            let (key, count, per) =
                (k["key"].as_str().unwrap(), k["count"].as_u64().unwrap() as usize, k["per"].as_u64().unwrap() as usize);
            assert_eq!(k["first"].as_u64().unwrap() as usize, docs.len(), "{key}: ids run on from the kind before");
            let runs: u64 = k["runs"].as_array().unwrap().iter().skip(1).step_by(2).map(|v| v.as_u64().unwrap()).sum();
            assert_eq!(runs as usize, count, "{key}: the owner runs cover the kind");
            for n in 0..count.div_ceil(per) {
                let rows = json(&dir.join(format!("d/{key}/{n}.json")));
                docs.extend(rows.as_array().unwrap().iter().map(|r| (key.to_owned(), r.clone())));
            }
            assert_eq!(docs.len(), k["first"].as_u64().unwrap() as usize + count, "{key}: rows");
        }
        Index { manifest, terms, docs }
    }

    /// The documents every word of `q` matches (a prefix of a term), as `(kind, title)`.
    fn search(&self, q: &str) -> BTreeSet<(String, String)> {
        let mut found: Option<BTreeSet<u64>> = None;
        for w in q.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2) {
            let ids: BTreeSet<u64> =
                self.terms.range(w.to_owned()..).take_while(|(t, _)| t.starts_with(w)).flat_map(|(_, p)| p.iter().copied()).collect();
            found = Some(match found {
                None => ids,
                Some(f) => f.intersection(&ids).copied().collect(),
            });
        }
        found.unwrap_or_default().into_iter().map(|id| self.doc(id)).collect()
    }

    fn doc(&self, id: u64) -> (String, String) {
        let (kind, row) = &self.docs[id as usize];
        (kind.clone(), row[0].as_str().unwrap().to_owned())
    }

    /// The row of the document of `kind` whose link ends with `url_end`.
    fn row(&self, kind: &str, url_end: &str) -> &Value {
        self.docs
            .iter()
            .find(|(k, r)| k == kind && r[1].as_str().unwrap().ends_with(url_end))
            .map(|(_, r)| r)
            .unwrap_or_else(|| panic!("no {kind} at {url_end}"))
    }
}

fn built() -> (Fixture, Index) {
    let fx = Fixture::new("minimal");
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = Index::read(&fx.site());
    (fx, index)
}

#[test]
fn titles_name_the_committee_the_date_and_the_ccg() {
    let (_fx, index) = built();
    let title = |kind: &str, url: &str| index.row(kind, url)[0].as_str().unwrap().to_owned();
    assert_eq!(
        title("meeting", "ccgs/alpha/meetings/2016-01-14/"),
        "Primary Care Commissioning Committee, 14 January 2016 — NHS Alpha CCG"
    );
    assert_eq!(title("paper", "papers/2016-01-14/merger.pdf"), "Merger: proposal — Primary Care Commissioning Committee, 14 January 2016");
    assert!(
        title("decision", "#decision-AL-2016-01").ends_with(" — NHS Alpha CCG, 14 January 2016"),
        "{}",
        title("decision", "#decision-AL-2016-01")
    );
    let terms = index.docs.iter().find(|(k, _)| k == "terms").map(|(_, r)| r[0].as_str().unwrap()).unwrap();
    assert_eq!(terms, "Terms of reference: Primary Care Commissioning Committee — NHS Alpha CCG");
    // Three meetings of one committee no longer read alike.
    let meetings: Vec<&str> = index.docs.iter().filter(|(k, _)| k == "meeting").map(|(_, r)| r[0].as_str().unwrap()).collect();
    let distinct: BTreeSet<&&str> = meetings.iter().collect();
    assert_eq!(distinct.len(), meetings.len(), "{meetings:?}");
}

#[test]
fn excerpts_are_the_readable_text_and_bounded() {
    let fx = Fixture::new("minimal");
    // Long minutes: the excerpt keeps their start only.
    let rel = "ccgs/alpha/meetings/2016-01-14.md";
    let long = "The committee discussed the merger at length. ".repeat(2000);
    fx.write(rel, &format!("{}\nOpening words of the minutes.\n\n{long}\n", fx.read(rel)));
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = Index::read(&fx.site());
    let meeting = index.row("meeting", "ccgs/alpha/meetings/2016-01-14/")[4].as_str().unwrap().to_owned();
    assert!(meeting.starts_with("1 Welcome and declarations; 4.1 Practice merger; 5 Contract performance."), "{meeting}");
    assert!(meeting.contains("Declared: Dr Gp Person: Partner at Example Surgery"), "{meeting}");
    assert!(meeting.contains("Present: Lay Chair Person, Exec Person, Dr Gp Person."), "{meeting}");
    assert!(meeting.contains("Opening words of the minutes."), "{meeting}");
    assert!(meeting.len() <= 1500, "{} bytes", meeting.len());
    assert!(!meeting.contains('<'), "markup is not text: {meeting}");
    // Every file of documents stays small, whatever the minutes' length.
    for (path, bytes) in all_files(&fx.site().join("search/index/d")) {
        assert!(bytes.len() <= 24 * 1024, "d/{path}: {} bytes", bytes.len());
    }
    // The script's search finds a word only the minutes hold.
    assert!(index.search("opening words").iter().any(|(k, _)| k == "meeting"));
}

#[test]
fn people_are_found_on_their_page_and_in_the_records_naming_them() {
    let (_fx, index) = built();
    let found = index.search("Dr Gp Person");
    for (kind, title) in [
        ("person", "Dr Gp Person"),
        ("ccg", "NHS Alpha CCG"),
        ("meeting", "Primary Care Commissioning Committee, 14 January 2016 — NHS Alpha CCG"),
    ] {
        assert!(found.contains(&(kind.to_owned(), title.to_owned())), "{kind} {title} not in {found:?}");
    }
    assert!(found.iter().any(|(k, t)| k == "decision" && t.contains("NHS Alpha CCG")), "the decision noting the conflict: {found:?}");
    // Someone only at a meeting, with apologies.
    let england = index.search("england person");
    assert!(england.iter().any(|(k, _)| k == "meeting"), "{england:?}");
    assert!(england.contains(&("person".to_owned(), "England Person".to_owned())), "{england:?}");
    // The withheld register entry of the fixture is not.
    assert!(index.search("secretperson").is_empty() && index.search("hidden").is_empty());
    // The people kind is labelled for the page.
    let kinds: Vec<&str> = index.manifest["kinds"].as_array().unwrap().iter().map(|k| k["label"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"People") && kinds.contains(&"Terms of reference"), "{kinds:?}");
}

/// The text of a file the way a person would read it, crudely and
/// independently of the matcher: NFKC, lower case, letters and digits only.
fn crude(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

#[test]
fn a_withheld_name_is_in_no_search_file_in_any_spelling() {
    let fx = Fixture::new("minimal");
    // Withheld in the register; named, in other spellings, as a member, at
    // a meeting (present, declaring), on a decision and as its clinical lead.
    fx.edit("ccgs/alpha/interests.yaml", "  - name: Hidden Secretperson", "  - name: Dr Quentin Zyborg");
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "      - name: Former Person",
        "      - name: \"DR QUENTIN ZYBORG\"\n        role: GP member\n        category: clinical\n      - name: Former Person",
    );
    fx.edit("ccgs/alpha/meetings/2016-01-14.md", "present: [Lay Chair Person,", "present: [Quentin Zyborg, Lay Chair Person,");
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "declarations:\n",
        "declarations:\n  - name: Dr Zyborg\n    interest: Shareholder\n    action: Left\n",
    );
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "    conflicts:\n",
        "    conflicts:\n      - name: Dr. Quentin Zyborg\n        interest: Shareholder\n        action: Left\n",
    );
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "      procedure: Open tender",
        "      procedure: Open tender\n      clinical_lead: Dr  Quentin  Zyborg",
    );
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(fx.page("ccgs/alpha/meetings/2016-01-14/index.html").contains("Name withheld"), "the pages redact the name");
    let files = all_files(&fx.site().join("search"));
    assert!(files.len() > 5, "the index was built");
    for (path, bytes) in &files {
        let text = crude(bytes);
        for part in ["zyborg", "quentin", "secretperson", "shareholderinaprovider"] {
            assert!(!text.contains(part), "search/{path} holds {part:?}");
        }
        assert!(!crude(path.as_bytes()).contains("zyborg"), "search/{path}: a file named for the name");
    }
    let index = Index::read(&fx.site());
    assert!(index.search("zyborg").is_empty() && index.search("quentin").is_empty());
    assert!(!index.terms.contains_key("withheld"), "\"Name withheld\" is not indexed as words");
    // Their entry is withheld in full (`withheld: true`): what they declared
    // is not indexed either (issue 23).
    let shareholder = index.search("shareholder");
    assert!(!shareholder.iter().any(|(k, _)| k == "meeting" || k == "decision"), "{shareholder:?}");
    // Everyone else is found as before.
    assert!(index.search("exec person").contains(&("person".to_owned(), "Exec Person".to_owned())));
}
