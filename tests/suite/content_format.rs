//! docs/content-format.md, the reference for content writers, held equal
//! to the model: every field of every content file is documented, with
//! whether it is required and what kind of value it takes, every documented
//! field exists, and every example builds.
//!
//! The fields come from the model types themselves (src/model/), traced
//! through their serde `Deserialize` impls by a small deserializer below:
//! a field added to the model without a line in the reference fails here.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::common::*;
use ccgpages::model::*;
use serde::de::value::{BorrowedStrDeserializer, Error};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess, Visitor};

const DOC: &str = "docs/content-format.md";

// ---- the model, traced ------------------------------------------------------

/// What kind of value a field takes, as the reference's "value" column says it.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Text,
    Date,
    Time,
    Money,
    Whole,
    Bool,
    OneOf(Vec<&'static str>),
    /// A group of named fields (its own rows follow, `parent.child`).
    Fields,
    /// Anything at all (`extra`).
    Free,
    List(Box<Kind>),
}

#[derive(Debug)]
struct Field {
    /// `committees.members.name`: list items add no segment.
    path: String,
    kind: Kind,
    required: bool,
    /// Whether the field may be written with an empty value (`venue:`).
    may_be_empty: bool,
}

/// What one pass of the tracer saw: each field's path and kind, in the
/// model's order. `omit` leaves one field out, to find out whether it is
/// required; `empty` gives one field an empty value (`venue:`), as YAML
/// gives it: none to an optional value, an error to anything else.
struct Trace {
    seen: RefCell<Vec<(String, Kind)>>,
    omit: Option<String>,
    empty: Option<String>,
}

struct Tracer<'t> {
    trace: &'t Trace,
    path: String,
    in_list: bool,
}

impl Tracer<'_> {
    /// An error when this field is the one given an empty value.
    fn not_empty(&self) -> Result<(), Error> {
        if !self.in_list && self.trace.empty.as_deref() == Some(self.path.as_str()) {
            return Err(de::Error::custom("an empty value"));
        }
        Ok(())
    }

    fn record(&self, kind: Kind) {
        if self.path.is_empty() {
            return;
        }
        let kind = if self.in_list { Kind::List(Box::new(kind)) } else { kind };
        let mut seen = self.trace.seen.borrow_mut();
        if !seen.iter().any(|(p, _)| p == &self.path) {
            seen.push((self.path.clone(), kind));
        }
    }
}

fn unsupported(what: &dyn Expected) -> Error {
    de::Error::custom(format!("the tracer does not know a field expecting {what}: teach tests/suite/content_format.rs its kind"))
}

impl<'de> de::Deserializer<'de> for Tracer<'_> {
    type Error = Error;

    /// Only money reads any kind of number, and only `withheld` a
    /// `true`/`false` or a word.
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.not_empty()?;
        if format!("{}", &v as &dyn Expected).contains("number of pounds") {
            self.record(Kind::Money);
            return v.visit_u64(1);
        }
        // `withheld`: `true`, `false` or `name`.
        if format!("{}", &v as &dyn Expected).contains("`name` (withhold only the name)") {
            self.record(Kind::OneOf(vec!["true", "false", "name"]));
            return v.visit_bool(true);
        }
        Err(unsupported(&v))
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.not_empty()?;
        self.record(Kind::Bool);
        v.visit_bool(true)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.not_empty()?;
        self.record(Kind::Whole);
        v.visit_u64(1)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_u64(v)
    }
    /// Text, or a date or time (which read text and say so in what they expect).
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.not_empty()?;
        let expected = format!("{}", &v as &dyn Expected);
        let (kind, sample) = if expected.starts_with("a date") {
            (Kind::Date, "2015-09-17")
        } else if expected.starts_with("a time") {
            (Kind::Time, "14:00")
        } else {
            (Kind::Text, "text")
        };
        self.record(kind);
        v.visit_str(sample)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        if self.not_empty().is_err() {
            return v.visit_none();
        }
        v.visit_some(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.not_empty()?;
        v.visit_seq(OneItem(Some(Tracer { trace: self.trace, path: self.path, in_list: true })))
    }
    /// A map of any keys: `extra`.
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.not_empty()?;
        self.record(Kind::Free);
        v.visit_map(Fields { trace: self.trace, prefix: String::new(), names: Vec::new().into_iter(), current: "" })
    }
    fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, fields: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        self.not_empty()?;
        self.record(Kind::Fields);
        let prefix = if self.path.is_empty() { String::new() } else { format!("{}.", self.path) };
        let names: Vec<&'static str> =
            fields.iter().copied().filter(|f| self.trace.omit.as_deref() != Some(&format!("{prefix}{f}"))).collect();
        v.visit_map(Fields { trace: self.trace, prefix, names: names.into_iter(), current: "" })
    }
    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, variants: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        self.not_empty()?;
        self.record(Kind::OneOf(variants.to_vec()));
        v.visit_enum(BorrowedStrDeserializer::new(variants[0]))
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u128 f32 f64 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct identifier ignored_any
    }
}

/// A list of one item, traced under the list's own path.
struct OneItem<'t>(Option<Tracer<'t>>);

impl<'de> SeqAccess<'de> for OneItem<'_> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.take().map(|t| seed.deserialize(t)).transpose()
    }
}

/// Every field of a struct, each once.
struct Fields<'t> {
    trace: &'t Trace,
    prefix: String,
    names: std::vec::IntoIter<&'static str>,
    current: &'static str,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some(name) = self.names.next() else { return Ok(None) };
        self.current = name;
        seed.deserialize(name.into_deserializer()).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Tracer { trace: self.trace, path: format!("{}{}", self.prefix, self.current), in_list: false })
    }
}

fn pass<T: DeserializeOwned>(omit: Option<String>, empty: Option<String>) -> (Result<T, Error>, Vec<(String, Kind)>) {
    let trace = Trace { seen: RefCell::new(Vec::new()), omit, empty };
    let result = T::deserialize(Tracer { trace: &trace, path: String::new(), in_list: false });
    (result, trace.seen.into_inner())
}

/// Every field of `T`, nested ones included; a field is required when
/// leaving it out is an error.
fn fields_of<T: DeserializeOwned>() -> Vec<Field> {
    let (result, seen) = pass::<T>(None, None);
    if let Err(e) = result {
        panic!("tracing {}: {e}", std::any::type_name::<T>());
    }
    seen.into_iter()
        .map(|(path, kind)| {
            let required = match pass::<T>(Some(path.clone()), None).0 {
                Ok(_) => false,
                Err(e) if e.to_string().starts_with("missing field") => true,
                Err(e) => panic!("tracing {} without `{path}`: {e}", std::any::type_name::<T>()),
            };
            let may_be_empty = pass::<T>(None, Some(path.clone())).0.is_ok();
            Field { path, kind, required, may_be_empty }
        })
        .collect()
}

/// The content files: the word in backticks that names each one's section
/// heading, its fields, where its example goes in a site made of the
/// reference's examples, and whether it is Markdown (front matter + body).
struct FileType {
    heading: &'static str,
    fields: fn() -> Vec<Field>,
    example_at: &'static str,
    markdown: bool,
    parses: fn(&str) -> Result<(), String>,
}

fn parses<T: DeserializeOwned>(yaml: &str) -> Result<(), String> {
    serde_yaml::from_str::<T>(yaml).map(drop).map_err(|e| e.to_string())
}

/// The folders the reference's examples live in.
const EXAMPLE_CCG: &str = "central-london";
const EXAMPLE_GROUP: &str = "nw-london";

fn file_types() -> Vec<FileType> {
    macro_rules! file {
        ($heading:literal, $t:ty, $at:literal, $md:literal) => {
            FileType { heading: $heading, fields: fields_of::<$t>, example_at: $at, markdown: $md, parses: parses::<$t> }
        };
    }
    vec![
        file!("site.yaml", Site, "site.yaml", false),
        file!("ccg.yaml", CcgProfile, "ccgs/CCG/ccg.yaml", false),
        file!("terms-of-reference.md", TermsOfReference, "ccgs/CCG/terms-of-reference.md", true),
        file!("meetings/<meeting-id>.md", MeetingFront, "ccgs/CCG/meetings/DATE.md", true),
        file!("group.yaml", GroupProfile, "groups/GROUP/group.yaml", false),
        file!("decisions.yaml", Register<Decision>, "ccgs/CCG/decisions.yaml", false),
        file!("interests.yaml", Register<InterestEntry>, "ccgs/CCG/interests.yaml", false),
        file!("gifts-hospitality.yaml", Register<Gift>, "ccgs/CCG/gifts-hospitality.yaml", false),
        file!("practices.yaml", Register<Practice>, "ccgs/CCG/practices.yaml", false),
        file!("pages/<page>.md", PageFront, "pages/about.md", true),
    ]
}

// ---- the reference, read ------------------------------------------------------

/// A row of a field table: `| field | required | value | what it means |`.
#[derive(Debug)]
struct Row {
    line: usize,
    path: String,
    required: String,
    value: String,
}

/// One `## ` section of the reference.
#[derive(Debug)]
struct Section {
    heading: String,
    line: usize,
    rows: Vec<Row>,
    /// The first ```yaml block.
    example: Option<String>,
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

fn sections(doc: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut in_fields_table = false;
    let mut fence: Option<(bool, String)> = None;
    for (i, line) in doc.lines().enumerate() {
        if let Some((yaml, text)) = &mut fence {
            if line.starts_with("```") {
                let (yaml, text) = (*yaml, std::mem::take(text));
                fence = None;
                if let Some(s) = out.last_mut()
                    && yaml
                    && s.example.is_none()
                {
                    s.example = Some(text);
                }
            } else {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        if let Some(lang) = line.strip_prefix("```") {
            fence = Some((lang.trim() == "yaml", String::new()));
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            out.push(Section { heading: h.to_owned(), line: i + 1, rows: Vec::new(), example: None });
            continue;
        }
        if !line.starts_with('|') {
            in_fields_table = false;
            continue;
        }
        let c = cells(line);
        if c[0] == "field" {
            assert_eq!(c.len(), 4, "{DOC}:{}: a field table has four columns: field, required, value, what it means", i + 1);
            in_fields_table = true;
        } else if in_fields_table && !c[0].starts_with("---") {
            let path = c[0].strip_prefix('`').and_then(|p| p.strip_suffix('`'));
            let path = path.unwrap_or_else(|| {
                panic!("{DOC}:{}: a field table's first cell is the field's name in backticks, found {:?}", i + 1, c[0])
            });
            let s = out.last_mut().unwrap_or_else(|| panic!("{DOC}:{}: a field table before any section", i + 1));
            assert_eq!(c.len(), 4, "{DOC}:{}: four cells expected", i + 1);
            s.rows.push(Row { line: i + 1, path: path.to_owned(), required: c[1].clone(), value: c[2].clone() });
        }
    }
    out
}

/// Why `value` (the reference's "value" cell) does not describe `kind`.
fn value_mismatch(kind: &Kind, value: &str) -> Option<String> {
    let wants = |start: &str| (!value.starts_with(start)).then(|| format!("should start with \"{start}\""));
    match kind {
        Kind::Text => wants("text"),
        Kind::Date => wants("date"),
        Kind::Time => wants("time"),
        Kind::Money => wants("money"),
        Kind::Whole => wants("whole number"),
        Kind::Bool => wants("`true` or `false`"),
        Kind::Fields => wants("group of fields"),
        Kind::Free => wants("anything"),
        Kind::List(inner) => match &**inner {
            Kind::Text => wants("list of text"),
            Kind::Fields => wants("list of items"),
            other => panic!("no wording yet for a list of {other:?}: add one to value_mismatch"),
        },
        Kind::OneOf(values) => {
            let listed: BTreeSet<&str> = backticked(value).into_iter().collect();
            let model: BTreeSet<&str> = values.iter().copied().collect();
            if let Some(w) = wants("one of") {
                Some(w)
            } else if listed != model {
                Some(format!("lists {listed:?}, the model accepts {model:?}"))
            } else {
                None
            }
        }
    }
}

fn read_doc() -> String {
    std::fs::read_to_string(repo().join(DOC)).unwrap_or_else(|e| panic!("{DOC}: {e}"))
}

fn section<'a>(all: &'a [Section], heading: &str) -> &'a Section {
    let found: Vec<&Section> = all.iter().filter(|s| backticked(&s.heading).first() == Some(&heading)).collect();
    assert_eq!(found.len(), 1, "{DOC}: expected one section whose heading starts with `{heading}` in backticks, found {}", found.len());
    found[0]
}

// ---- the tests ------------------------------------------------------------------

#[test]
fn the_tracer_sees_what_the_model_says() {
    let fields = fields_of::<CcgProfile>();
    let get = |p: &str| fields.iter().find(|f| f.path == p).unwrap_or_else(|| panic!("no {p} in {fields:?}"));
    assert_eq!((get("name").kind.clone(), get("name").required), (Kind::Text, true));
    assert_eq!((get("established").kind.clone(), get("established").required), (Kind::Date, false));
    assert_eq!(get("population").kind, Kind::Whole);
    assert_eq!(get("co_commissioning").kind, Kind::List(Box::new(Kind::Fields)));
    assert!(get("co_commissioning.from").required && !get("co_commissioning.to").required);
    assert_eq!(get("committees.members.category").kind, Kind::OneOf(MemberCategory::ALL.iter().map(|c| c.as_str()).collect()));
    assert_eq!((get("committees.members.voting").kind.clone(), get("committees.members.voting").required), (Kind::Bool, false));
    assert_eq!(get("extra").kind, Kind::Free);
    let decisions = fields_of::<Register<Decision>>();
    let kinds: BTreeMap<&str, &Kind> = decisions.iter().map(|f| (f.path.as_str(), &f.kind)).collect();
    assert_eq!(kinds["entries.procurement.value_total"], &Kind::Money);
    assert_eq!(kinds["entries.procurement"], &Kind::Fields);
    let meeting = fields_of::<MeetingFront>();
    assert!(meeting.iter().any(|f| f.path == "start" && f.kind == Kind::Time));
    assert!(
        fields_of::<Register<InterestEntry>>().iter().any(|f| f.path == "entries.interests.type"),
        "renamed fields by their name in content"
    );
}

#[test]
fn every_field_of_the_model_is_documented_and_every_documented_field_exists() {
    let doc = read_doc();
    let all = sections(&doc);
    let mut problems = String::new();
    for ft in file_types() {
        let s = section(&all, ft.heading);
        let model = (ft.fields)();
        let by_path: BTreeMap<&str, &Field> = model.iter().map(|f| (f.path.as_str(), f)).collect();
        // `extra` is documented once for every group of fields, so every group must have one.
        for f in model.iter().filter(|f| matches!(&f.kind, Kind::Fields) || matches!(&f.kind, Kind::List(k) if **k == Kind::Fields)) {
            if !by_path.contains_key(format!("{}.extra", f.path).as_str()) {
                let _ =
                    writeln!(problems, "{}: `{}` has no `extra`, but {DOC} says every group of fields may carry one", ft.heading, f.path);
            }
        }
        let mut documented = BTreeSet::new();
        for row in &s.rows {
            if !documented.insert(row.path.as_str()) {
                let _ = writeln!(problems, "{DOC}:{}: `{}` is documented twice in {}", row.line, row.path, ft.heading);
            }
            let Some(f) = by_path.get(row.path.as_str()) else {
                let _ = writeln!(
                    problems,
                    "{DOC}:{}: `{}` is not a field of {} (src/model/): remove the row or add the field",
                    row.line, row.path, ft.heading
                );
                continue;
            };
            let says_required = row.required.starts_with("yes");
            if says_required != f.required {
                let _ = writeln!(
                    problems,
                    "{DOC}:{}: `{}` is {} in the model, but the row says {:?}",
                    row.line,
                    row.path,
                    if f.required { "required" } else { "optional" },
                    row.required
                );
            }
            if let Some(why) = value_mismatch(&f.kind, &row.value) {
                let _ = writeln!(problems, "{DOC}:{}: `{}` takes {:?}: its value cell {:?} {why}", row.line, row.path, f.kind, row.value);
            }
        }
        for f in &model {
            if f.path.rsplit('.').next() != Some("extra") && !documented.contains(f.path.as_str()) {
                let _ = writeln!(
                    problems,
                    "{DOC}:{}: field `{}` of {} (src/model/) is not documented: add a row `| `{}` | … |` to its field table",
                    s.line, f.path, ft.heading, f.path
                );
            }
        }
    }
    assert!(problems.is_empty(), "{DOC} and the model disagree:\n{problems}");
}

/// "An optional field left empty (`venue:`) counts as absent": the format
/// says so of every optional field, and the reference repeats it.
#[test]
fn an_optional_field_left_empty_counts_as_absent() {
    let mut refused = Vec::new();
    for ft in file_types() {
        for f in (ft.fields)() {
            assert!(!(f.required && f.may_be_empty), "{}: required `{}` accepts an empty value", ft.heading, f.path);
            if !f.required && !f.may_be_empty {
                refused.push(format!("{}: {}", ft.heading, f.path));
            }
        }
    }
    assert!(
        refused.is_empty(),
        "optional fields that refuse an empty value (give them a default that reads empty as absent, see or_default in src/model/values.rs):\n{}",
        refused.join("\n")
    );
    let doc = read_doc();
    assert!(doc.contains("A field left empty (`venue:`) is the same as a field left out"), "{DOC} says what an empty field means");
}

/// Each file's example is taken from the reference as it is, put where it
/// belongs in a content folder, and the folder must pass `ccgpages check`
/// without an error: what a content writer copies from the reference builds.
#[test]
fn the_examples_make_a_site_that_builds() {
    let doc = read_doc();
    let all = sections(&doc);
    let tmp = TempDir::new("content-format");
    let content = tmp.path().join("content");
    let mut papers = Vec::new();
    let mut group_members = Vec::new();
    for ft in file_types() {
        let s = section(&all, ft.heading);
        let example = s.example.as_deref().unwrap_or_else(|| panic!("{DOC}:{}: section `{}` has no ```yaml example", s.line, ft.heading));
        let yaml = if ft.markdown {
            let rest = example
                .strip_prefix("---\n")
                .unwrap_or_else(|| panic!("{DOC}: the example of `{}` is a Markdown file: it starts with ---", ft.heading));
            &rest[..rest.find("\n---\n").unwrap_or_else(|| panic!("{DOC}: the example of `{}` has no closing ---", ft.heading)) + 1]
        } else {
            example
        };
        if let Err(e) = (ft.parses)(yaml) {
            panic!("{DOC}: the example of `{}` does not parse: {e}\n{yaml}", ft.heading);
        }
        let mut at = ft.example_at.replace("CCG", EXAMPLE_CCG).replace("GROUP", EXAMPLE_GROUP);
        if at.contains("DATE") {
            let front: MeetingFront = serde_yaml::from_str(yaml).unwrap();
            at = at.replace("DATE", &front.date.to_string());
        }
        if ft.heading == "group.yaml" {
            let group: GroupProfile = serde_yaml::from_str(yaml).unwrap();
            group_members = group.members;
        }
        for line in yaml.lines() {
            if let Some(file) = line.trim_start().trim_start_matches("- ").strip_prefix("file: ") {
                let dir = Path::new(&at).parent().unwrap().to_string_lossy().replace("/meetings", "");
                papers.push(format!("{dir}/{}", file.trim()));
            }
        }
        let path = content.join(&at);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, example).unwrap();
    }
    for p in papers {
        let path = content.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"%PDF-1.4\n").unwrap();
    }
    // The group's other members: CCGs of their own, not part of the examples.
    for (i, id) in group_members.iter().filter(|m| *m != EXAMPLE_CCG).enumerate() {
        let path = content.join(format!("ccgs/{id}/ccg.yaml"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("name: NHS {id} CCG\nods_code: X{i:02}\nregion: London\n")).unwrap();
    }
    let run = run(&["check", "--content", content.to_str().unwrap(), "--as-of", "2016-06-30"]);
    assert_eq!(run.code, 0, "the examples of {DOC} do not build:\n{}", run.stderr);
    assert!(run.stderr.contains("0 errors"), "{}", run.stderr);
}

/// The checks in the reference are the checks the generator runs, in order.
#[test]
fn the_transparency_checks_are_the_generators() {
    let doc = read_doc();
    for check in &ccgpages::checks::CHECKS {
        let item = format!("{}. **{}**", check.id.number(), check.title);
        assert!(doc.lines().any(|l| l.starts_with(&item)), "{DOC} has no line starting {item:?}");
    }
}

/// Every value list in the reference's tables agrees with the model's
/// (categories, levels, member categories…): checked above per field; here
/// the categories' own table, whose first column is the value.
#[test]
fn the_decision_categories_table_is_complete() {
    let doc = read_doc();
    let listed: BTreeSet<&str> = doc
        .lines()
        .skip_while(|l| !l.starts_with("| category |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| backticked(l).first().copied())
        .collect();
    let model: BTreeSet<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, model, "{DOC}: the table headed `| category |` must list every decision category");
}

/// A clone carries its docs: every relative link of the README and the
/// reference leads to a file inside the repository.
#[test]
fn links_stay_inside_the_repository() {
    let root = repo().canonicalize().unwrap();
    for file in ["README.md", DOC] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        // Prose only: an example in a code block is not a link of this file.
        let mut in_code = false;
        let prose: String = text
            .lines()
            .filter(|l| {
                if l.trim_start().starts_with("```") {
                    in_code = !in_code;
                }
                !in_code
            })
            .collect::<Vec<_>>()
            .join("\n");
        let base = root.join(file).parent().unwrap().to_path_buf();
        for target in prose.split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
            let target = target.split('#').next().unwrap();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let resolved = base.join(target).canonicalize().unwrap_or_else(|e| panic!("{file}: link to {target}: {e}"));
            assert!(resolved.starts_with(&root), "{file}: link to {target} leads outside the repository");
        }
    }
}

/// A free page cannot take an address the generator writes itself (it
/// would be overwritten, or overwrite it): every top-level name of a built
/// site is refused as a page name, and the reference lists them all.
#[test]
fn a_page_cannot_take_an_address_the_site_uses() {
    let fx = Fixture::new("minimal");
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages: BTreeSet<String> = std::fs::read_dir(fx.file("pages"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut used: Vec<String> = std::fs::read_dir(fx.site())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .map(|n| n.strip_suffix(".html").map(str::to_owned).unwrap_or(n))
        .filter(|n| !pages.contains(n) && !n.contains('.') && n != "index")
        .collect();
    used.sort();
    assert!(used.len() >= 6, "{used:?}");
    let doc = read_doc();
    let reserved_line =
        doc.lines().find(|l| l.contains("are used by the site itself")).expect("the reference lists the page names the site uses");
    for name in &used {
        assert!(backticked(reserved_line).contains(&name.as_str()), "{DOC}: the reserved page names lack `{name}`");
        fx.write(&format!("pages/{name}.md"), "---\ntitle: Mine\n---\nMy page.\n");
        let run = fx.check(&[]);
        assert_eq!(run.code, 1, "pages/{name}.md must be refused: {}", run.stderr);
        assert!(run.stderr.contains(&format!("the page name `{name}` is used by the site itself")), "{}", run.stderr);
        std::fs::remove_file(fx.file(&format!("pages/{name}.md"))).unwrap();
    }
}
