//! Starting points: `ccgpages init` writes a whole new site (content, a
//! README, a GitHub Pages workflow), and `ccgpages new` writes a skeleton
//! CCG or meeting into existing content.
//!
//! The new site's files live in `init/` in the repository and are compiled
//! into the binary. Its dates are worked out from the day it is made (the
//! `SOURCE_DATE_EPOCH` or today), so the example meeting has just been held,
//! its papers went out in time and its registers are current: a new site
//! passes every transparency check on the day it is made.

use std::fmt;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::escape::yaml_quoted;
use crate::model::{CcgProfile, ContentPath};
use crate::render::published::SitePath;
use crate::schema::{self, SITE_SCHEMA_DIR, VSCODE_EXTENSIONS};
use crate::validate::{is_url_id, meeting_id_date};

/// Why a scaffold command wrote nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// A bad argument, or a file that is already there (exit 2).
    Usage(String),
    /// Content that cannot be read or a file that cannot be written (exit 1).
    Failed(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) | Error::Failed(m) => f.write_str(m),
        }
    }
}

/// The guide for comms teams, shared by the init README and the bundled
/// site's `pages/guide.md`.
pub const GUIDE: &str = include_str!("../init/guide.md");

/// A file of the example CCG, riverside: (its path in the new folder, its
/// contents, from init/content/).
macro_rules! riverside {
    ($file:literal) => {
        (
            concat!("content/", crate::ccgs_folder!(), "/riverside/", $file),
            include_bytes!(concat!("../init/content/", crate::ccgs_folder!(), "/riverside/", $file)),
        )
    };
}

/// The new site's files: (path in the new folder, contents). Paths and text
/// hold `@@TOKENS@@` that [`init`] replaces with dates.
const INIT_FILES: &[(&str, &[u8])] = &[
    (".gitignore", include_bytes!("../init/gitignore")),
    (".github/workflows/pages.yml", include_bytes!("../init/github/workflows/pages.yml")),
    ("README.md", include_bytes!("../init/README.md")),
    ("content/site.yaml", include_bytes!("../init/content/site.yaml")),
    ("content/pages/accessibility-statement.md", include_bytes!("../init/content/pages/accessibility-statement.md")),
    riverside!("ccg.yaml"),
    riverside!("terms-of-reference.md"),
    riverside!("meetings/@@MEETING@@.md"),
    riverside!("papers/@@MEETING@@/finance-report.pdf"),
    riverside!("decisions.yaml"),
    riverside!("interests.yaml"),
    riverside!("gifts-hospitality.yaml"),
];

/// Where the README's copy of the guide goes.
const GUIDE_MARK: &str = "@@GUIDE@@";

/// The GitHub repository whose releases and action a new site's workflow
/// uses, unless `init --ccgpages-repo` names a fork or mirror.
pub const DEFAULT_REPO: &str = "ccgpages/ccgpages";

/// Whether `repo` is a GitHub `owner/name`, as a workflow's `uses:` takes it.
pub fn is_github_repo(repo: &str) -> bool {
    let Some((owner, name)) = repo.split_once('/') else { return false };
    let owner_ok = (1..=39).contains(&owner.len())
        && owner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !owner.starts_with('-')
        && !owner.ends_with('-');
    let name_ok = (1..=100).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        && name != "."
        && name != "..";
    owner_ok && name_ok
}

/// The dates of the example site, made on `today`, and the ccgpages its
/// workflow installs: this version, from `repo`'s releases.
fn tokens(today: Date, repo: &str) -> Vec<(&'static str, String)> {
    let meeting = today.add_days(-21);
    // The committee started on the 1 April a year or more before the meeting.
    let start = Date::new(meeting.year() - 1, 4, 1).unwrap_or(meeting);
    let approved = start.add_days(-10);
    vec![
        ("@@TODAY@@", today.to_string()),
        ("@@TODAY_LONG@@", today.long()),
        ("@@START@@", start.to_string()),
        ("@@TOR_APPROVED@@", approved.to_string()),
        ("@@TOR_REVIEW@@", approved.add_days(730).to_string()),
        ("@@MEETING@@", meeting.to_string()),
        ("@@PAPERS_PUBLISHED@@", meeting.add_days(-7).to_string()),
        ("@@DECISIONS_UPDATED@@", meeting.add_days(2).to_string()),
        ("@@REGISTER_UPDATED@@", meeting.add_days(-28).to_string()),
        ("@@GIFT_DATE@@", meeting.add_days(-45).to_string()),
        ("@@YEAR@@", meeting.year().to_string()),
        ("@@CCGPAGES_VERSION@@", env!("CARGO_PKG_VERSION").to_owned()),
        ("@@CCGPAGES_REPO@@", repo.to_owned()),
    ]
}

fn fill(text: &str, tokens: &[(&str, String)]) -> String {
    let mut out = text.to_owned();
    for (token, value) in tokens {
        out = out.replace(token, value);
    }
    out
}

/// The files `init` writes into a folder on `today`, for a workflow that
/// installs ccgpages from `repo` (an `owner/name` on GitHub): (relative
/// path, bytes).
pub fn init_files(today: Date, repo: &str) -> Vec<(String, Vec<u8>)> {
    let tokens = tokens(today, repo);
    let mut files: Vec<(String, Vec<u8>)> = INIT_FILES
        .iter()
        .map(|(path, bytes)| {
            let body = match std::str::from_utf8(bytes) {
                Ok(text) if !path.ends_with(".pdf") => {
                    // In the README the guide is one section: its sections go one level down.
                    let guide = GUIDE.trim_end().replace("\n## ", "\n### ");
                    fill(&text.replace(GUIDE_MARK, &guide), &tokens).into_bytes()
                }
                _ => bytes.to_vec(),
            };
            (fill(path, &tokens), body)
        })
        .collect();
    files.extend(editor_files("content"));
    files
}

/// The files that let an editor complete and check the content of a site
/// whose content folder is `content` (from the site's root): the schemas in
/// `.ccgpages/schema/`, VS Code's settings naming each file's schema, and
/// its recommendation of the YAML extension.
pub fn editor_files(content: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> =
        schema::schemas().into_iter().map(|(name, text)| (format!("{SITE_SCHEMA_DIR}/{name}"), text.into_bytes())).collect();
    files.push((".vscode/settings.json".into(), schema::vscode_settings(SITE_SCHEMA_DIR, content).into_bytes()));
    files.push((".vscode/extensions.json".into(), VSCODE_EXTENSIONS.as_bytes().to_vec()));
    files
}

/// Puts [`editor_files`] in the site around the content folder `content`
/// (the folder above it): the schemas are replaced, as they follow this
/// version of ccgpages; VS Code's files are written only where the site has
/// none. Returns the files written.
pub fn set_up_editor(content: &Path) -> Result<Vec<PathBuf>, Error> {
    let (root, name) = match (content.parent(), content.file_name()) {
        (Some(p), Some(n)) if !p.as_os_str().is_empty() => (p.to_path_buf(), n.to_string_lossy().into_owned()),
        (_, Some(n)) => (PathBuf::from("."), n.to_string_lossy().into_owned()),
        _ => (content.to_path_buf(), String::new()),
    };
    let mut written = Vec::new();
    for (rel, body) in editor_files(&name) {
        let path = root.join(&rel);
        if rel.starts_with(SITE_SCHEMA_DIR) {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::Failed(format!("cannot create the folder {}: {e}", parent.display())))?;
            }
            fs::write(&path, &body).map_err(|e| Error::Failed(format!("cannot write {}: {e}", path.display())))?;
        } else if path.exists() {
            continue;
        } else {
            write_new(&path, &body)?;
        }
        written.push(path);
    }
    Ok(written)
}

/// Writes a new site into `dir` (created if needed; refused unless empty,
/// apart from a `.git` folder), whose workflow installs ccgpages from
/// `repo`. Returns the files written.
pub fn init(dir: &Path, today: Date, repo: &str) -> Result<Vec<PathBuf>, Error> {
    if !is_github_repo(repo) {
        return Err(Error::Usage(format!(
            "--ccgpages-repo `{repo}` is not a GitHub repository: give its owner and name, such as {DEFAULT_REPO}"
        )));
    }
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Usage(format!("{} is a file: give the name of a new or empty folder", dir.display())));
        }
        let entries = fs::read_dir(dir).map_err(|e| Error::Failed(format!("cannot read {}: {e}", dir.display())))?;
        let mut found: Vec<String> =
            entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n != ".git").collect();
        if !found.is_empty() {
            found.sort();
            let shown = found.iter().take(5).map(String::as_str).collect::<Vec<_>>().join(", ");
            let more = if found.len() > 5 { format!(" and {} more", found.len() - 5) } else { String::new() };
            return Err(Error::Usage(format!(
                "{} is not empty (it holds {shown}{more}): init writes a new site only into a new or empty folder, \
                 so that it never overwrites anything; choose another folder",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (rel, body) in init_files(today, repo) {
        let path = dir.join(&rel);
        write_new(&path, &body)?;
        written.push(path);
    }
    Ok(written)
}

/// Creates `path` (and its folders) with `body`; never replaces a file.
fn write_new(path: &Path, body: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::Failed(format!("cannot create the folder {}: {e}", parent.display())))?;
    }
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Usage(format!("{} already exists: not overwriting it", path.display()))
        } else {
            Error::Failed(format!("cannot create {}: {e}", path.display()))
        }
    })?;
    file.write_all(body).map_err(|e| Error::Failed(format!("cannot write {}: {e}", path.display())))
}

/// The ids of the content's CCGs (folders with a `ccg.yaml`), sorted: for
/// messages that name the CCGs there are.
pub(crate) fn known_ccgs(content: &Path) -> Vec<String> {
    ContentPath::ccg_profiles(content).into_iter().map(|(id, _)| id).collect()
}

/// A YAML double-quoted string: safe for any text on one line.
fn one_line(what: &str, flag: &str, value: &str) -> Result<String, Error> {
    let v = value.trim();
    if v.is_empty() || v.contains(['\n', '\r']) {
        return Err(Error::Usage(format!("{flag}: the {what} must be one line of text, not empty")));
    }
    Ok(v.to_owned())
}

fn content_dir(content: &Path) -> Result<(), Error> {
    match ContentPath::not_content(content) {
        Some(not) => Err(Error::Usage(format!("{not}: pass --content, or make a new site with `ccgpages init DIR`"))),
        None => Ok(()),
    }
}

/// Writes the new CCG's `ccg.yaml` ([`ContentPath::ccg_profile`]) for a new CCG with one committee and
/// no members yet. Returns the path written.
pub fn new_ccg(content: &Path, id: &str, name: &str, ods: &str, region: &str) -> Result<PathBuf, Error> {
    if !is_url_id(id) {
        return Err(Error::Usage(format!(
            "`{id}` cannot be a CCG id: it becomes the CCG's address (/{}), so use only a-z, 0-9 and -, \
             starting with a letter or digit, such as central-london",
            SitePath::ccg(id).as_str()
        )));
    }
    let name = one_line("CCG's name", "--name", name)?;
    let region = one_line("NHS England region", "--region", region)?;
    if !crate::model::REGIONS.contains(&region.as_str()) {
        return Err(Error::Usage(format!(
            "--region: `{region}` is not one of the NHS England regions: {}{}",
            crate::suggest::one_of(crate::model::REGIONS.iter().copied()),
            crate::suggest::did_you_mean(&region, crate::model::REGIONS.iter().copied())
        )));
    }
    let ods = ods.trim().to_ascii_uppercase();
    if ods.is_empty() || ods.len() > 10 || !ods.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Error::Usage(format!("--ods: `{ods}` is not an ODS code: expected letters and digits, such as 09A")));
    }
    content_dir(content)?;
    let dir = ContentPath::ccg(id).within(content);
    if dir.exists() {
        return Err(Error::Usage(format!("{} already exists: not overwriting it; choose another id", dir.display())));
    }
    // The ODS code must be unique in the site.
    if let Some((other, _)) = crate::load::ccg_ods_codes(content).into_iter().find(|(_, code)| code.eq_ignore_ascii_case(&ods)) {
        return Err(Error::Usage(format!(
            "--ods: {ods} is already the ODS code of {}",
            ContentPath::ccg_profile(&other).within(content).display()
        )));
    }
    let text = format!(
        "\
# {name}: its profile, co-commissioning level and committee.
# The folder name ({id}) is the CCG's address on the site: /{address}.
name: {}
ods_code: {}
region: {}
# area_team: The NHS England area team or sub-region
# website: https://www.example.nhs.uk
# population: 200000          # registered patients
# member_practices: 30
# established: 2013-04-01
co_commissioning:
  # The level over time, oldest first: greater-involvement, joint or
  # delegated; `to` only when the level changed or the CCG closed.
  # - level: joint
  #   from: 2015-04-01
committees:
  - id: pccc
    name: Primary Care Commissioning Committee
    members:
      # One entry per member; `to` when they left. For example:
      # - name: Jane Example
      #   role: Lay member for governance, Chair
      #   category: lay        # lay | clinical | executive | nhs-england | local-authority | healthwatch | other
      #   chair: true
      #   from: 2015-04-01
      # - name: Cllr Sam Example
      #   role: Health and Wellbeing Board representative (non-voting)
      #   category: local-authority
      #   voting: false
      #   from: 2015-04-01
",
        yaml_quoted(&name),
        yaml_quoted(&ods),
        yaml_quoted(&region),
        address = SitePath::ccg(id).as_str(),
    );
    let path = dir.join(ContentPath::CCG_PROFILE);
    write_new(&path, text.as_bytes())?;
    Ok(path)
}

/// Writes the meeting's file ([`ContentPath::ccg_meeting`]) for a scheduled
/// meeting of `committee` (by default the CCG's only committee). Returns the
/// path written.
pub fn new_meeting(content: &Path, ccg: &str, meeting: &str, committee: Option<&str>) -> Result<PathBuf, Error> {
    let Some(date) = meeting_id_date(meeting) else {
        return Err(Error::Usage(format!(
            "`{meeting}` is not a meeting date: expected YYYY-MM-DD (a real day), or YYYY-MM-DD-<suffix> for a second meeting on one day"
        )));
    };
    if !is_url_id(ccg) {
        return Err(Error::Usage(format!(
            "`{ccg}` is not a CCG id: expected the name of a folder in {}/, such as central-london",
            ContentPath::CCGS
        )));
    }
    content_dir(content)?;
    let dir = ContentPath::ccg(ccg).within(content);
    let profile_path = dir.join(ContentPath::CCG_PROFILE);
    if !profile_path.is_file() {
        let known = known_ccgs(content);
        let hint = if known.is_empty() {
            "there are none yet; add one with `ccgpages new ccg`".to_owned()
        } else {
            format!("the CCGs are: {}", known.join(", "))
        };
        return Err(Error::Usage(format!("there is no CCG `{ccg}` ({} is missing): {hint}", profile_path.display())));
    }
    let text = fs::read_to_string(&profile_path).map_err(|e| Error::Failed(format!("cannot read {}: {e}", profile_path.display())))?;
    let profile: CcgProfile = crate::yaml::parse(&text).map_err(|_| {
        Error::Failed(format!("{} has a problem: run `ccgpages check` to see it, fix it, then try again", profile_path.display()))
    })?;
    let ids: Vec<&str> = profile.committees.iter().map(|c| c.id.as_str()).collect();
    let committee = match committee {
        _ if ids.is_empty() => {
            return Err(Error::Usage(format!("{ccg} has no committee: add one under `committees:` in {} first", profile_path.display())));
        }
        Some(c) if ids.contains(&c) => c.to_owned(),
        Some(c) => {
            return Err(Error::Usage(format!("{ccg} has no committee `{c}`: its committees are {}", ids.join(", "))));
        }
        None if ids.len() == 1 => ids[0].to_owned(),
        None => {
            return Err(Error::Usage(format!("{ccg} has {} committees: choose one with --committee ({})", ids.len(), ids.join(", "))));
        }
    };
    let path = ContentPath::ccg_meeting(ccg, meeting).within(content);
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists: not overwriting it (for a second meeting that day, add a suffix: {}-extraordinary)",
            path.display(),
            date
        )));
    }
    let body = format!(
        "\
---
committee: {committee}
date: {date}
# start: \"14:00\"
# end: \"16:00\"
# venue: Board room, 1 Example Street, Exampletown EX1 1AA
status: scheduled            # scheduled | held | cancelled | postponed: set it to held after the meeting
public: true
# papers_published: {published}   # the day the papers went on the website: at least 3 clear days before
agenda:
  - number: \"1\"
    title: Welcome, apologies and declarations of interest
  - number: \"2\"
    title: Minutes of the previous meeting
  # - number: \"3\"
  #   title: The item's title
  #   part: public           # or private, for confidential items
  #   papers:
  #     - title: The paper's title
  #       file: papers/{meeting}/the-paper.pdf
  #   decision: ABC-{year}-01  # the decision's id in decisions.yaml, if one was taken
# attendance:
#   present: [Jane Example]
#   apologies: []
# declarations:
#   - name: Dr Sam Example
#     item: \"3\"
#     interest: Partner at Example Surgery
#     action: Left the room for the item and did not vote
---
",
        published = date.add_days(-7),
        year = date.year(),
    );
    write_new(&path, body.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_github_repository_is_owner_slash_name() {
        for ok in ["ccgpages/ccgpages", "nhs-example/ccgpages.mirror", "a/b", "Org-1/repo_2"] {
            assert!(is_github_repo(ok), "{ok}");
        }
        for bad in ["", "ccgpages", "/x", "x/", "a/b/c", "own er/x", "-x/y", "x-/y", "x/..", "x/.", "x/a b", "x/a@v1", "é/x"] {
            assert!(!is_github_repo(bad), "{bad}");
        }
    }

    #[test]
    fn the_workflow_is_pinned_to_this_version_from_the_given_repository() {
        let files = init_files(Date::parse("2016-03-01").unwrap(), "someone/fork");
        let (_, workflow) = files.iter().find(|(p, _)| p == ".github/workflows/pages.yml").unwrap();
        let text = std::str::from_utf8(workflow).unwrap();
        let version = env!("CARGO_PKG_VERSION");
        assert!(text.contains(&format!("uses: someone/fork@v{version}")), "{text}");
        assert!(text.contains(&format!("version: \"{version}\"")), "{text}");
        assert!(!text.contains("@@"), "every token filled: {text}");
    }

    #[test]
    fn every_file_under_init_is_written() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("init");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
            .filter(|p| p != "guide.md")
            .map(|p| match p.as_str() {
                "gitignore" => ".gitignore".to_owned(),
                p => p.replacen("github/", ".github/", 1),
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = INIT_FILES.iter().map(|(p, _)| (*p).to_owned()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn dates_follow_the_day_and_tokens_are_all_filled() {
        let files = init_files(Date::parse("2016-03-01").unwrap(), DEFAULT_REPO);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let meeting = format!("content/{}", ContentPath::ccg_meeting("riverside", "2016-02-09"));
        assert!(names.contains(&meeting.as_str()), "{names:?}");
        let paper = format!("content/{}", ContentPath::ccg("riverside").join("papers/2016-02-09/finance-report.pdf"));
        assert!(names.contains(&paper.as_str()));
        for (path, body) in &files {
            assert!(!path.contains("@@"), "{path}");
            assert!(!String::from_utf8_lossy(body).contains("@@"), "{path} keeps a token");
        }
        let readme = &files.iter().find(|(p, _)| p == "README.md").unwrap().1;
        assert!(String::from_utf8_lossy(readme).contains(GUIDE.lines().next().unwrap()));
    }

    #[test]
    fn the_bundled_guide_page_is_the_init_guide() {
        let page = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/pages/guide.md")).unwrap();
        let body = page.splitn(3, "---\n").nth(2).unwrap();
        assert_eq!(body.trim(), GUIDE.trim(), "content/pages/guide.md must hold init/guide.md after its front matter");
    }

    #[test]
    fn quotes_yaml() {
        assert_eq!(yaml_quoted("NHS A: \"B\" \\ C"), "\"NHS A: \\\"B\\\" \\\\ C\"");
        let v: String = crate::yaml::parse(&yaml_quoted("NHS A: \"B\" \\ C\t#x")).unwrap();
        assert_eq!(v, "NHS A: \"B\" \\ C\t#x");
    }
}
