//! JSON Schemas (draft 2020-12) of the content files, for editors: VS Code
//! and github.dev (the YAML extension) complete field names and values,
//! show each field's meaning on hover and mark mistakes as they are typed.
//!
//! The schemas are generated from the model types themselves (`schemars`,
//! derived beside serde in `model`): a field's doc comment is its
//! description, an enumeration its values, `Date`, `Time` and `Money` their
//! own patterns and limits (`date.rs`, `model/values.rs`). Two rules of the
//! loader are applied here, over the whole schema, rather than field by
//! field: an optional field may be left empty (`venue:`), and text may be
//! written as anything YAML reads as a scalar (`version: 2.0` stays text).
//! A field added to the model needs nothing here: its derive and its doc
//! comment are its schema.
//!
//! `init` and `new` write the schemas into a site's `.ccgpages/schema/`,
//! with `.vscode/settings.json` mapping each YAML file to its schema.
//!
//! One more schema is not of a content file but of what a built site
//! publishes: the manifest `/ccgpages.json`, for whoever builds an index
//! from many sites ([`manifest`]). Render publishes it beside the
//! manifest, from the manifest's own types.

use std::fs;
use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::model::*;

/// Where a site keeps its schemas, from its root folder.
pub const SITE_SCHEMA_DIR: &str = ".ccgpages/schema";

/// The `$id` of every schema starts with this.
const ID_BASE: &str = "https://ccgpages.github.io/schema/";

/// One kind of content file and its schema.
pub struct Kind {
    /// The schema's file name: `ccg.schema.json`.
    pub file: &'static str,
    /// The content files it is for, from the content folder (`*` is any
    /// one name). Markdown files are listed too: their front matter.
    pub globs: &'static [&'static str],
    /// Whether these are Markdown files, the schema being their front matter's.
    pub markdown: bool,
    title: &'static str,
    description: &'static str,
    schema: fn(SchemaGenerator) -> Schema,
}

fn root<T: JsonSchema>(g: SchemaGenerator) -> Schema {
    g.into_root_schema_for::<T>()
}

/// Every kind of content file with a schema, YAML files first.
pub const KINDS: &[Kind] = &[
    Kind {
        file: "site.schema.json",
        globs: &["site.yaml"],
        markdown: false,
        title: "ccgpages site.yaml",
        description: "The site: its title, web address, publisher and contact (site.yaml, at the top of the content folder).",
        schema: root::<Site>,
    },
    Kind {
        file: "ccg.schema.json",
        globs: &[concat!(crate::ccgs_folder!(), "/*/ccg.yaml")],
        markdown: false,
        title: "ccgpages ccg.yaml",
        description: concat!(
            "One CCG: its profile, co-commissioning level over time, and committees with their members (",
            crate::ccgs_folder!(),
            "/<ccg-id>/ccg.yaml)."
        ),
        schema: root::<CcgProfile>,
    },
    Kind {
        file: "group.schema.json",
        globs: &["groups/*/group.yaml"],
        markdown: false,
        title: "ccgpages group.yaml",
        description: "CCGs whose committees meet in common (groups/<group-id>/group.yaml).",
        schema: root::<GroupProfile>,
    },
    Kind {
        file: "decisions.schema.json",
        globs: &[concat!(crate::ccgs_folder!(), "/*/decisions.yaml")],
        markdown: false,
        title: "ccgpages decisions.yaml",
        description: concat!("A CCG's register of decisions (", crate::ccgs_folder!(), "/<ccg-id>/decisions.yaml)."),
        schema: root::<Register<Decision>>,
    },
    Kind {
        file: "interests.schema.json",
        globs: &[concat!(crate::ccgs_folder!(), "/*/interests.yaml")],
        markdown: false,
        title: "ccgpages interests.yaml",
        description: concat!(
            "A CCG's register of interests: one entry for each person (",
            crate::ccgs_folder!(),
            "/<ccg-id>/interests.yaml)."
        ),
        schema: root::<Register<InterestEntry>>,
    },
    Kind {
        file: "gifts-hospitality.schema.json",
        globs: &[concat!(crate::ccgs_folder!(), "/*/gifts-hospitality.yaml")],
        markdown: false,
        title: "ccgpages gifts-hospitality.yaml",
        description: concat!("A CCG's register of gifts and hospitality (", crate::ccgs_folder!(), "/<ccg-id>/gifts-hospitality.yaml)."),
        schema: root::<Register<Gift>>,
    },
    Kind {
        file: "practices.schema.json",
        globs: &[concat!(crate::ccgs_folder!(), "/*/practices.yaml")],
        markdown: false,
        title: "ccgpages practices.yaml",
        description: concat!("A CCG's member GP practices (", crate::ccgs_folder!(), "/<ccg-id>/practices.yaml)."),
        schema: root::<Register<Practice>>,
    },
    Kind {
        file: "meeting.schema.json",
        globs: &[concat!(crate::ccgs_folder!(), "/*/meetings/*.md"), "groups/*/meetings/*.md"],
        markdown: true,
        title: "ccgpages meeting front matter",
        description: "The front matter of a meeting file (meetings/<meeting-id>.md): its details, agenda, attendance and declarations.",
        schema: root::<MeetingFront>,
    },
    Kind {
        file: "terms-of-reference.schema.json",
        globs: &[concat!(crate::ccgs_folder!(), "/*/terms-of-reference*.md")],
        markdown: true,
        title: "ccgpages terms of reference front matter",
        description: concat!(
            "The front matter of a committee's terms of reference (",
            crate::ccgs_folder!(),
            "/<ccg-id>/terms-of-reference*.md)."
        ),
        schema: root::<TermsOfReference>,
    },
    Kind {
        file: "page.schema.json",
        globs: &["pages/*.md"],
        markdown: true,
        title: "ccgpages page front matter",
        description: "The front matter of a free page (pages/<page>.md).",
        schema: root::<PageFront>,
    },
];

/// What `extra` is, on every group of fields that has one.
const EXTRA: &str = "Anything at all, such as notes for your own team: ccgpages checks nothing inside `extra` and publishes none of it.";

impl Kind {
    /// The schema as JSON.
    pub fn json(&self) -> Value {
        let generator = SchemaSettings::draft2020_12().into_generator();
        let mut schema: Value = (self.schema)(generator).into();
        loader_rules(&mut schema);
        if let Value::Object(map) = &mut schema {
            map.insert("$id".into(), Value::String(format!("{ID_BASE}{}", self.file)));
            map.insert("title".into(), Value::String(self.title.into()));
            map.insert("description".into(), Value::String(self.description.into()));
            map.insert("markdownDescription".into(), Value::String(self.description.into()));
        }
        schema
    }

    /// The schema as the file holds it: pretty JSON and a final newline.
    pub fn text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.json()).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Applies the loader's rules that hold for every field, to a schema and
/// every schema inside it: text is any scalar; a field that is not required
/// may also be left empty; `extra` is described; descriptions are Markdown.
fn loader_rules(v: &mut Value) {
    let Value::Object(map) = v else { return };
    text_is_any_scalar(map);
    let required: Vec<String> = match map.get("required") {
        Some(Value::Array(r)) => r.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        for (name, prop) in props.iter_mut() {
            if name == "extra" {
                *prop = json!({ "type": ["object", "null"], "description": EXTRA });
            }
            if !required.contains(name) {
                allow_empty(prop);
            }
        }
    }
    if let Some(d) = map.get("description").cloned() {
        map.insert("markdownDescription".into(), d);
    }
    for (key, inner) in map.iter_mut() {
        match (key.as_str(), inner) {
            ("properties" | "$defs", Value::Object(schemas)) => schemas.values_mut().for_each(loader_rules),
            ("anyOf" | "oneOf" | "allOf", Value::Array(schemas)) => schemas.iter_mut().for_each(loader_rules),
            ("items" | "additionalProperties", schema) => loader_rules(schema),
            _ => {}
        }
    }
}

/// The YAML parser (`crate::yaml`) reads any scalar into text (`number: 1`, `version: 2.0`), as
/// the format promises: a plain string schema also takes numbers and
/// `true`/`false`. Strings with a pattern or a list of values stay strings.
fn text_is_any_scalar(map: &mut Map<String, Value>) {
    if map.contains_key("pattern") || map.contains_key("enum") || map.contains_key("format") {
        return;
    }
    let scalars = |null: bool| {
        let mut t = vec![json!("string"), json!("number"), json!("boolean")];
        if null {
            t.push(json!("null"));
        }
        Value::Array(t)
    };
    match map.get("type") {
        Some(Value::String(t)) if t == "string" => {
            map.insert("type".into(), scalars(false));
        }
        Some(Value::Array(t)) if t.len() == 2 && t.contains(&json!("string")) && t.contains(&json!("null")) => {
            map.insert("type".into(), scalars(true));
        }
        _ => {}
    }
}

/// Lets a field's schema also accept null, YAML's empty value (`venue:`),
/// which the loader reads as the field left out.
fn allow_empty(prop: &mut Value) {
    let Value::Object(map) = prop else { return };
    let is_null = |s: &Value| s.get("type") == Some(&json!("null"));
    match map.get_mut("type") {
        Some(Value::Array(types)) if types.contains(&json!("null")) => return,
        Some(Value::Array(types)) => {
            types.push(json!("null"));
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.push(Value::Null);
            }
            return;
        }
        Some(t @ Value::String(_)) => {
            let one = t.take();
            *t = json!([one, "null"]);
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.push(Value::Null);
            }
            return;
        }
        _ => {}
    }
    if let Some(Value::Array(any)) = map.get("anyOf")
        && any.iter().any(is_null)
    {
        return;
    }
    if let Some(reference) = map.remove("$ref") {
        map.insert("anyOf".into(), json!([{ "$ref": reference }, { "type": "null" }]));
    }
}

/// The file name of the manifest's schema, as a site publishes it
/// (`/ccgpages.schema.json`) and `schema --manifest --out` writes it.
pub const MANIFEST_FILE: &str = "ccgpages.schema.json";

/// The JSON Schema of a built site's manifest, `/ccgpages.json` (the same
/// text the site publishes as [`MANIFEST_FILE`]).
pub fn manifest() -> String {
    crate::render::opendata::manifest_schema_text()
}

/// Every schema as (file name, text).
pub fn schemas() -> Vec<(&'static str, String)> {
    KINDS.iter().map(|k| (k.file, k.text())).collect()
}

/// Writes every schema into `dir` (created if needed), replacing older
/// copies. Returns the files written.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in schemas() {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// `.vscode/settings.json` for a site whose schemas are in `schema_dir` and
/// content in `content`, both relative to the site's root folder (with `/`):
/// each YAML file's schema by the files' pattern. (VS Code's YAML extension
/// does not read the front matter of Markdown files, so they are not listed.)
pub fn vscode_settings(schema_dir: &str, content: &str) -> String {
    let mut schemas = Map::new();
    for kind in KINDS.iter().filter(|k| !k.markdown) {
        let globs: Vec<Value> = kind.globs.iter().map(|g| Value::String(join(content, g))).collect();
        schemas.insert(format!("./{}", join(schema_dir, kind.file)), Value::Array(globs));
    }
    let settings = json!({
        "yaml.schemas": schemas,
        "[yaml]": { "editor.insertSpaces": true, "editor.tabSize": 2 },
    });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

/// `.vscode/extensions.json`: VS Code offers to install the YAML extension.
pub const VSCODE_EXTENSIONS: &str = "{\n  \"recommendations\": [\n    \"redhat.vscode-yaml\"\n  ]\n}\n";

fn join(dir: &str, rest: &str) -> String {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." { rest.to_owned() } else { format!("{dir}/{rest}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_description() {
        fn walk(v: &Value, at: &str, missing: &mut Vec<String>) {
            if let Some(Value::Object(props)) = v.get("properties") {
                for (name, p) in props {
                    if p.get("description").is_none() {
                        missing.push(format!("{at}.{name}"));
                    }
                }
            }
            if let Value::Object(map) = v {
                for (k, x) in map {
                    walk(x, &format!("{at}/{k}"), missing);
                }
            }
        }
        let mut missing = Vec::new();
        for kind in KINDS {
            walk(&kind.json(), kind.file, &mut missing);
        }
        assert!(missing.is_empty(), "fields without a doc comment (their hover text): {missing:?}");
    }

    #[test]
    fn settings_map_each_yaml_file_to_its_schema() {
        let settings: Value = serde_json::from_str(&vscode_settings(".ccgpages/schema", "content")).unwrap();
        let map = &settings["yaml.schemas"];
        let any_ccg = |file: &str| json!([format!("content/{}", crate::model::ContentPath::ccg("*").join(file))]);
        assert_eq!(map["./.ccgpages/schema/ccg.schema.json"], any_ccg("ccg.yaml"));
        assert_eq!(map["./.ccgpages/schema/practices.schema.json"], any_ccg("practices.yaml"));
        // One entry for each kind of YAML file (Markdown front matter is
        // matched by its modeline, not by settings).
        assert_eq!(map.as_object().unwrap().len(), KINDS.iter().filter(|k| !k.markdown).count());
    }
}
