//! ARCHITECTURE.md held to the code, as rust-analyzer's tidy test holds its
//! invariants: the tables under "Checked by tests/suite/tidy.rs" say which
//! library modules each module uses, which modules alone name a crate, and
//! which modules the library makes `pub` (exactly those the binary and the
//! tests use). This test reads the tables and the sources and fails on any
//! difference, either way: an import the table does not allow, or a table
//! entry nothing uses any more (the document must stay true). It also
//! checks that the module graph has no cycle and that the code map names
//! every top-level file and folder of `src/` and nothing that is not there.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Table = BTreeMap<String, BTreeSet<String>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fenced block that follows the line `marker` in ARCHITECTURE.md, as
/// `name: word word …` lines (blank lines and `#` comments skipped).
fn table(doc: &str, marker: &str) -> Table {
    let start = doc.find(marker).unwrap_or_else(|| panic!("ARCHITECTURE.md has no line {marker:?}"));
    let rest = &doc[start..];
    let open = rest.find("```").expect("a fenced block after the marker");
    let body = &rest[open..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    let body = &body[..body.find("```").expect("a closing fence")];
    let mut table = Table::new();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, words) = line.split_once(':').unwrap_or_else(|| panic!("{marker}: {line:?} has no ':'"));
        let words = words.split_whitespace().filter(|w| *w != "-").map(str::to_owned).collect();
        assert!(table.insert(name.trim().to_owned(), words).is_none(), "{marker}: {name} twice");
    }
    table
}

/// Rust source with comments, string and character literals blanked (so
/// that `"crate::x"` in a message or `// uses crate::y` is not an import),
/// and with `#[cfg(test)]` items cut: tests may reach anything.
fn code(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") || rest.starts_with("br\"") {
            let hashes = rest.bytes().skip_while(|c| *c == b'b' || *c == b'r').take_while(|c| *c == b'#').count();
            let open = rest.find('"').unwrap() + 1;
            let close = format!("\"{}", "#".repeat(hashes));
            i += open + rest[open..].find(&close).map_or(rest.len() - open, |e| e + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            i = j + 1;
            out.push_str("\"\"");
        } else if let Some(n) = (b[i] == b'\'').then(|| char_literal_len(rest)).flatten() {
            i += n;
            out.push_str("' '");
        } else if rest.starts_with("#[cfg(test)]") {
            i += item_len(rest);
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a character literal at the start of `s` (`'a'`, `'\n'`,
/// `'\u{1F}'`, `'é'`), or None for a lifetime (`'a`).
fn char_literal_len(s: &str) -> Option<usize> {
    let body = &s[1..];
    if let Some(escaped) = body.strip_prefix('\\') {
        return escaped.get(1..)?.find('\'').map(|p| p + 4);
    }
    let c = body.chars().next()?;
    body[c.len_utf8()..].starts_with('\'').then_some(2 + c.len_utf8())
}

/// The length of the item after an attribute: to its `;` or to its
/// matching closing brace (braces inside literals are rare enough in test
/// modules; a miscount shows as a test failure, not a silent pass).
fn item_len(s: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            ';' if depth == 0 => return i + 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    s.len()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first segment of every path that starts `prefix::` (`crate::`,
/// `ccgpages::`, `super::`), including each item of a `prefix::{a, b::c}`
/// group.
fn paths_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let pat = format!("{prefix}::");
    let mut from = 0;
    while let Some(at) = code[from..].find(&pat) {
        let start = from + at;
        from = start + pat.len();
        if code[..start].chars().next_back().is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && is_ident(c) => {
                        let name: String = group[i..].chars().take_while(|c| is_ident(*c)).collect();
                        found.insert(name);
                        item_start = false;
                    }
                    c if !c.is_whitespace() => item_start = false,
                    _ => {}
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Whether `code` names the crate `name` (`name::…` or `use name`).
fn names_crate(code: &str, name: &str) -> bool {
    let path = format!("{name}::");
    code.match_indices(&path).any(|(at, _)| !code[..at].chars().next_back().is_some_and(|c| is_ident(c) || c == ':'))
        || code.contains(&format!("use {name};"))
        || code.contains(&format!("use {name} as"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every library source file by its top-level module (`src/render/html.rs`
/// is `render`), without the binary's files and without test-only files
/// (a `tests.rs`, which its parent declares under `#[cfg(test)]`).
fn library() -> BTreeMap<String, Vec<(PathBuf, String)>> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut modules: BTreeMap<String, Vec<(PathBuf, String)>> = BTreeMap::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_str().unwrap();
        let module = first.strip_suffix(".rs").unwrap_or(first).to_owned();
        if ["lib", "main", "cli", "cmd"].contains(&module.as_str()) || path.file_name().unwrap() == "tests.rs" {
            continue;
        }
        let text = code(&fs::read_to_string(&path).unwrap());
        modules.entry(module).or_default().push((path, text));
    }
    modules
}

fn doc() -> String {
    fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap()
}

/// `have` as the table's lines, to paste once the change is meant.
fn as_table(have: &Table) -> String {
    let width = have.keys().map(String::len).max().unwrap_or(0) + 1;
    let line = |(k, v): (&String, &BTreeSet<String>)| {
        let words = if v.is_empty() { "-".to_owned() } else { v.iter().cloned().collect::<Vec<_>>().join(" ") };
        format!("{:width$} {words}", format!("{k}:"))
    };
    have.iter().map(line).collect::<Vec<_>>().join("\n")
}

fn differences(what: &str, want: &Table, have: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for name in want.keys().chain(have.keys()).collect::<BTreeSet<_>>() {
        let (w, h) = (want.get(name).cloned().unwrap_or_default(), have.get(name).cloned().unwrap_or_default());
        if !want.contains_key(name) {
            out.push(format!("{what}: `{name}` is not in the table (it has {h:?})"));
        } else if !have.contains_key(name) && !w.is_empty() {
            out.push(format!("{what}: `{name}` is in the table but not in the code"));
        }
        for extra in h.difference(&w) {
            out.push(format!("{what}: `{name}` uses `{extra}`, which the table does not allow"));
        }
        for gone in w.difference(&h) {
            out.push(format!("{what}: the table says `{name}` uses `{gone}`, but nothing in it does"));
        }
    }
    out
}

/// The library's `#[macro_export]` macros, which Rust puts at the crate's
/// root (`crate::ccgs_folder!`), by the module that defines them: a use of
/// one is a use of that module.
fn exported_macros(library: &BTreeMap<String, Vec<(PathBuf, String)>>) -> BTreeMap<String, String> {
    let mut macros = BTreeMap::new();
    for (module, files) in library {
        for (_, text) in files {
            for (at, _) in text.match_indices("#[macro_export]") {
                let rest = text[at..].split_once("macro_rules!").map(|(_, r)| r.trim_start()).unwrap_or("");
                let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
                macros.insert(name, module.clone());
            }
        }
    }
    macros
}

#[test]
fn each_module_uses_what_the_map_says() {
    let want = table(&doc(), "<!-- tidy: uses -->");
    let library = library();
    let macros = exported_macros(&library);
    let mut have = Table::new();
    for (module, files) in library {
        let uses = have.entry(module.clone()).or_default();
        for (path, text) in files {
            let mut found = paths_after(&text, "crate");
            // A top-level file's `super::x` is the crate's `x`.
            if path.parent() == Some(&root().join("src")) {
                found.extend(paths_after(&text, "super"));
            }
            let found = found.into_iter().map(|m| macros.get(&m).cloned().unwrap_or(m));
            uses.extend(found.filter(|m| *m != module));
        }
    }
    let problems = differences("uses", &want, &have);
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md's table of uses and the code differ:\n{}\n\nThe code, as the table:\n{}",
        problems.join("\n"),
        as_table(&have)
    );
    // Nothing below uses anything above: the graph has no cycle.
    let mut done = BTreeSet::new();
    for start in have.keys() {
        let mut path = vec![start.clone()];
        cycle(&have, &mut path, &mut done);
    }
}

fn cycle(graph: &Table, path: &mut Vec<String>, done: &mut BTreeSet<String>) {
    let here = path.last().unwrap().clone();
    if done.contains(&here) {
        return;
    }
    for next in graph.get(&here).into_iter().flatten() {
        assert!(!path.contains(next), "the modules use each other in a cycle: {} -> {next}", path.join(" -> "));
        path.push(next.clone());
        cycle(graph, path, done);
        path.pop();
    }
    done.insert(here);
}

#[test]
fn only_the_listed_modules_name_each_crate() {
    let want = table(&doc(), "<!-- tidy: crates -->");
    let library = library();
    let mut binary = Vec::new();
    let src = root().join("src");
    for name in ["main.rs", "cli.rs"] {
        binary.push(code(&fs::read_to_string(src.join(name)).unwrap()));
    }
    let mut cmd = Vec::new();
    rust_files(&src.join("cmd"), &mut cmd);
    binary.extend(cmd.iter().map(|p| code(&fs::read_to_string(p).unwrap())));
    let mut have = Table::new();
    for krate in want.keys() {
        let users = have.entry(krate.clone()).or_default();
        for (module, files) in &library {
            if files.iter().any(|(_, text)| names_crate(text, krate)) {
                users.insert(module.clone());
            }
        }
        if binary.iter().any(|text| names_crate(text, krate)) {
            users.insert("(binary)".to_owned());
        }
    }
    let problems = differences("crates", &want, &have);
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md's table of crates and the code differ:\n{}\n\nThe code, as the table:\n{}",
        problems.join("\n"),
        as_table(&have)
    );
}

#[test]
fn the_library_makes_pub_only_what_the_binary_and_tests_use() {
    let want = table(&doc(), "<!-- tidy: public -->");
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    // `pub mod x;` and `pub use path::to::Item [as Name];`: the names the
    // library gives the outside.
    let declared: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| {
            let l = l.trim().trim_end_matches(';');
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("pub use ").map(|u| u.rsplit([' ', ':']).next().unwrap_or(u)))
                .map(str::to_owned)
        })
        .collect();
    let mut files = Vec::new();
    for dir in ["src/cmd", "tests"] {
        rust_files(&root().join(dir), &mut files);
    }
    files.push(root().join("src/main.rs"));
    files.push(root().join("src/cli.rs"));
    let macros = exported_macros(&library());
    let mut used = Table::new();
    for path in &files {
        let text = code(&fs::read_to_string(path).unwrap());
        let who = if path.starts_with(root().join("tests")) { "tests" } else { "binary" };
        for module in paths_after(&text, "ccgpages").into_iter().map(|m| macros.get(&m).cloned().unwrap_or(m)) {
            used.entry(who.to_owned()).or_default().insert(module);
        }
    }
    let have = used;
    let problems = differences("public", &want, &have);
    assert!(problems.is_empty(), "ARCHITECTURE.md's table of public modules and the code differ:\n{}", problems.join("\n"));
    let needed: BTreeSet<String> = have.values().flatten().cloned().collect();
    assert_eq!(declared, needed, "src/lib.rs's `pub mod`s must be exactly the modules the binary and the tests use");
}

/// The top-level entries of the code map under `src/`, in order: file and
/// folder names (`load.rs`, `load/`), as the first column of each line
/// indented once.
fn code_map() -> Vec<String> {
    let doc = doc();
    let start = doc.find("## Code map").expect("a code map");
    let map = &doc[start..];
    let map = &map[map.find("```").unwrap() + 3..];
    let map = &map[..map.find("```").unwrap()];
    let mut named = Vec::new();
    let mut in_src = false;
    for line in map.lines() {
        if line.trim_start() == line {
            in_src = line.starts_with("src/");
            continue;
        }
        if !in_src || line.starts_with("    ") {
            continue;
        }
        let first = line.trim().split("  ").next().unwrap();
        named.extend(first.split(',').map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()));
    }
    named
}

/// "Nothing below uses anything above it in this list": each module of the
/// code map is listed above every module the table says it uses.
#[test]
fn the_code_map_lists_each_module_above_what_it_uses() {
    let uses = table(&doc(), "<!-- tidy: uses -->");
    let order: Vec<String> = code_map().iter().map(|n| n.trim_end_matches('/').trim_end_matches(".rs").to_owned()).collect();
    let place = |m: &str| order.iter().position(|o| o == m);
    let mut problems = Vec::new();
    for (module, deps) in &uses {
        let Some(here) = place(module) else { continue };
        for dep in deps {
            if place(dep).is_some_and(|there| there < here) {
                problems.push(format!("`{module}` uses `{dep}`, which the code map lists above it"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_code_map_names_every_top_level_file_and_nothing_else() {
    let named: BTreeSet<String> = code_map().into_iter().collect();
    let mut present = BTreeSet::new();
    for entry in fs::read_dir(root().join("src")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name == "lib.rs" {
            continue;
        }
        present.insert(if entry.path().is_dir() { format!("{name}/") } else { name });
    }
    let missing: Vec<_> = present.difference(&named).collect();
    let stale: Vec<_> = named.iter().filter(|n| !present.contains(*n)).collect();
    assert!(missing.is_empty(), "the code map of ARCHITECTURE.md does not name {missing:?}");
    assert!(stale.is_empty(), "the code map of ARCHITECTURE.md names {stale:?}, which src/ does not have");
}

#[test]
fn the_reader_of_sources_blanks_literals_and_finds_grouped_paths() {
    let text = "use crate::{a, b::{c, d}, e as f};\nlet s = \"crate::nope\"; // crate::nor\nlet c = '{'; let q = '\\'';\nuse crate::g::h;\n#[cfg(test)]\nmod tests { use crate::t; }\nfn x<'a>() { crate::i::j() }";
    let code = code(text);
    let found: Vec<_> = paths_after(&code, "crate").into_iter().collect();
    assert_eq!(found, ["a", "b", "e", "g", "i"]);
    assert!(names_crate("let x = serde_yaml::from_str(s);", "serde_yaml"));
    assert!(!names_crate("let x = my_serde_yaml::from_str(s);", "serde_yaml"));
    assert!(!names_crate("crate::serde_yaml::x", "serde_yaml"));
}

/// The content folder's layout has one owner, `ContentPath`
/// (`src/model/layout.rs`); the site's addresses one, `SitePath`
/// (`src/render/published.rs`). `ccgs/` written out anywhere else but in
/// tests (which spell out the paths they expect) and comments is a second
/// copy of one.
#[test]
fn only_the_layout_and_the_addresses_write_ccgs_out() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let writers: BTreeSet<String> = files
        .iter()
        .filter(|p| {
            let text = without_tests(&fs::read_to_string(p).unwrap());
            text.lines().filter(|l| !l.trim_start().starts_with("//")).any(|l| l.contains("ccgs/"))
        })
        .map(|p| p.strip_prefix(root().join("src")).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    let allowed: BTreeSet<String> = ["model/layout.rs", "render/published.rs"].map(String::from).into();
    assert!(writers.is_subset(&allowed), "`ccgs/` is written out in {:?}", writers.difference(&allowed).collect::<Vec<_>>());
}

/// `text` without its `#[cfg(test)]` items (literals kept).
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        rest = &rest[at + item_len(&rest[at..])..];
    }
    out + rest
}
