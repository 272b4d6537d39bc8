//! The content model: every type the content format defines, in one place.
//!
//! The structs mirror the content format (docs/content-format.md, held
//! equal to them by tests/content_format.rs) field for field. They deserialize
//! with `deny_unknown_fields` (a typo must not drop data) and carry an
//! `extra` map that the format reserves for anything a theme wants. Parsing
//! itself lives in `load`; this module knows nothing about files, except that
//! minutes stay in theirs until rendered ([`Minutes`], from `source`).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize};

pub use crate::date::{Date, Time};
pub use crate::source::{Minutes, MinutesText};

/// Index into [`Content::files`].
pub type FileId = usize;

/// Everything the content directory holds, loaded and parsed.
#[derive(Debug, Default)]
pub struct Content {
    /// The content directory as given on the command line.
    pub root: PathBuf,
    /// Every text file read, for diagnostics (line lookup) and scanning.
    pub files: Vec<SourceFile>,
    pub site: Option<Loaded<Site>>,
    pub pages: Vec<Page>,
    /// Sorted by id.
    pub ccgs: Vec<Ccg>,
    /// Sorted by id.
    pub groups: Vec<Group>,
    /// Files that exist but could not be read or parsed (already reported):
    /// references into them are not reported again.
    pub unparsed: std::collections::HashSet<PathBuf>,
}

/// A text file of the content, kept for messages that quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the user (content dir joined with the relative path).
    pub path: PathBuf,
    /// The YAML: the whole file, or a Markdown file's front matter with its
    /// `---` lines (the body is kept once, by the page or meeting).
    pub text: String,
    /// Lines before the YAML starts (1 for a Markdown file's front matter).
    pub yaml_line_offset: usize,
}

/// What a text that names a withheld person is told.
pub const WITHHELD_NAME_IN_TEXT: &str = "this text names a person whose register entry is withheld (`withheld: true`): \
                                         the published site must never contain that name; remove or reword it";

/// What a file or folder name that names a withheld person is told.
pub const WITHHELD_NAME_IN_PATH: &str = "names a person whose register entry is withheld (`withheld: true`): \
                                         file and folder names are published in the site's addresses; rename it";

/// The YAML keys whose values name a person (committee members, attendance,
/// declarations, conflicts, procurement leads, the registers' `name`): a
/// withheld name there is published as "Name withheld", in any spelling
/// (`Withheld::is_withheld_name`), and is not an error. (`name` is also the
/// key of a CCG's, a group's and a committee's name, which are free text.)
pub const PERSON_KEYS: &[&str] = &["name", "present", "in_attendance", "apologies", "clinical_lead", "contract_manager"];

impl Content {
    /// The register's spellings of the names that must appear in no output
    /// file, in any spelling: every CCG's withheld ones. Build the matcher
    /// with `Withheld::new(content.withheld_names())`.
    pub fn withheld_names(&self) -> std::collections::HashSet<&str> {
        self.ccgs.iter().flat_map(|c| c.withheld_names()).filter(|n| !n.trim().is_empty()).collect()
    }

    /// The group with this id (groups are sorted by id).
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.binary_search_by(|g| g.id.as_str().cmp(id)).ok().map(|i| &self.groups[i])
    }

    /// Every Markdown body with the file it is in and the line it starts on
    /// (minutes are read back from their files, which can fail).
    pub fn bodies(&self) -> impl Iterator<Item = (FileId, usize, Result<MinutesText<'_>, String>)> {
        let line = |f: FileId| self.files[f].text.matches('\n').count() + 1;
        let pages = self.pages.iter().map(move |p| (p.file, line(p.file), Ok(MinutesText::Held(&p.body))));
        let ccgs = self.ccgs.iter().flat_map(move |c| {
            c.terms
                .iter()
                .map(move |t| (t.file, line(t.file), Ok(MinutesText::Held(&t.data.body))))
                .chain(c.meetings.iter().map(move |m| (m.file, line(m.file), m.body.read())))
        });
        let groups = self.groups.iter().flat_map(move |g| g.meetings.iter().map(move |m| (m.file, line(m.file), m.body.read())));
        pages.chain(ccgs).chain(groups)
    }
}

/// A parsed value and the file it came from.
#[derive(Debug)]
pub struct Loaded<T> {
    pub file: FileId,
    pub data: T,
}

#[derive(Debug)]
pub struct Page {
    /// File name without `.md`: the page's URL segment.
    pub slug: String,
    pub file: FileId,
    pub front: PageFront,
    pub body: String,
}

#[derive(Debug)]
pub struct Ccg {
    pub id: String,
    pub profile: Loaded<CcgProfile>,
    pub terms: Vec<Loaded<TermsFile>>,
    pub meetings: Vec<Meeting>,
    pub decisions: Option<Loaded<Register<Decision>>>,
    pub interests: Option<Loaded<Register<InterestEntry>>>,
    pub gifts: Option<Loaded<Register<Gift>>>,
    /// Sorted by `rel`.
    pub papers: Vec<PaperFile>,
    /// Decision ids to their place in the register, made on first use.
    pub decision_index: std::sync::OnceLock<HashMap<String, usize>>,
}

#[derive(Debug)]
pub struct Group {
    pub id: String,
    pub profile: Loaded<GroupProfile>,
    pub meetings: Vec<Meeting>,
    /// Sorted by `rel`.
    pub papers: Vec<PaperFile>,
}

impl Group {
    /// The meeting with this id (meetings are sorted by id).
    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        find_meeting(&self.meetings, id)
    }
}

fn find_meeting<'a>(meetings: &'a [Meeting], id: &str) -> Option<&'a Meeting> {
    meetings.binary_search_by(|m| m.id.as_str().cmp(id)).ok().map(|i| &meetings[i])
}

/// The paper at `rel` in a list sorted by `rel`.
pub fn find_paper<'a>(papers: &'a [PaperFile], rel: &str) -> Option<&'a PaperFile> {
    papers.binary_search_by(|p| p.rel.as_str().cmp(rel)).ok().map(|i| &papers[i])
}

/// A file under a CCG's or group's `papers/` folder.
#[derive(Debug, Clone)]
pub struct PaperFile {
    /// Path relative to the CCG or group folder, with `/` separators: `papers/2015/x.pdf`.
    pub rel: String,
    /// Where to copy it from.
    pub source: PathBuf,
    pub size: u64,
    /// Whether a meeting of its CCG or group links to it (`file:` of a
    /// paper on its agenda). Only linked papers are published.
    pub linked: bool,
}

/// A paper's `file` as the papers list holds it (`./papers/x.pdf` is `papers/x.pdf`).
pub fn paper_rel(file: &str) -> &str {
    file.trim_start_matches("./")
}

/// Marks the papers (sorted by `rel`) that `meetings` link to.
pub fn mark_linked_papers(papers: &mut [PaperFile], meetings: &[Meeting]) {
    for paper in meetings.iter().flat_map(|m| &m.front.agenda).flat_map(|item| &item.papers) {
        if let Some(file) = &paper.file
            && let Ok(i) = papers.binary_search_by(|p| p.rel.as_str().cmp(paper_rel(file)))
        {
            papers[i].linked = true;
        }
    }
}

#[derive(Debug)]
pub struct TermsFile {
    pub front: TermsOfReference,
    pub body: String,
}

#[derive(Debug)]
pub struct Meeting {
    /// File name without `.md`.
    pub id: String,
    pub file: FileId,
    pub front: MeetingFront,
    /// The minutes, Markdown, left in the file until a page needs them.
    pub body: Minutes,
}

impl Meeting {
    /// The minutes status, applying the format's default.
    pub fn minutes_status(&self) -> MinutesStatus {
        self.front.minutes.unwrap_or(if self.body.is_blank() { MinutesStatus::None } else { MinutesStatus::Draft })
    }
}

/// Free-form data any object may carry under `extra`, for themes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Extra {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<Extra>),
    Map(BTreeMap<String, Extra>),
}

pub type ExtraMap = Option<BTreeMap<String, Extra>>;

/// Money in pence: a number of pounds, not negative, at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub u64);

impl Money {
    pub fn pounds(self) -> f64 {
        self.0 as f64 / 100.0
    }
    /// "£1,250,000" or "£4,999.50".
    pub fn display(self) -> String {
        let pence = self.0 % 100;
        let mut out = format!("£{}", thousands(self.0 / 100));
        if pence != 0 {
            out.push_str(&format!(".{pence:02}"));
        }
        out
    }
}

struct MoneyVisitor;

impl serde::de::Visitor<'_> for MoneyVisitor {
    type Value = Money;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number of pounds, not negative, with at most two decimal places (e.g. 4999.50)")
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Money, E> {
        v.checked_mul(100).map(Money).ok_or_else(|| E::custom(format!("`{v}` is too large an amount of money")))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Money, E> {
        u64::try_from(v)
            .map_err(|_| E::custom(format!("`{v}` is negative: money is a number of pounds, not negative")))
            .and_then(|v| self.visit_u64(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Money, E> {
        let pence = (v * 100.0).round();
        if !v.is_finite() || v < 0.0 || (v * 100.0 - pence).abs() > 1e-6 || pence > 1e15 {
            return Err(E::custom(format!(
                "`{v}` is not an amount of money: expected a number of pounds, not negative, \
                 with at most two decimal places (e.g. 4999.50)"
            )));
        }
        Ok(Money(pence as u64))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        d.deserialize_any(MoneyVisitor)
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) { s.serialize_u64(self.0 / 100) } else { s.serialize_f64(self.pounds()) }
    }
}

/// `1250000` → "1,250,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A list that may be absent or left empty (`agenda:`): both mean empty.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn yes() -> bool {
    true
}

// An optional field left empty (`chair:`) counts as absent, as the format
// says of every optional field: a field with a default reads empty as it.

fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn or_yes<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(yes))
}

fn or_held<'de, D: Deserializer<'de>>(d: D) -> Result<MeetingStatus, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(held))
}

fn or_public_part<'de, D: Deserializer<'de>>(d: D) -> Result<Part, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(public_part))
}

fn or_committee_route<'de, D: Deserializer<'de>>(d: D) -> Result<DecisionRoute, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(committee_route))
}

macro_rules! kebab_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The value as written in content (`practice-merger`).
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
            /// The value as printed for readers (`Practice merger`).
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
        }
    };
}

kebab_enum!(
    /// Co-commissioning level (the three NHS England models of 2015).
    Level {
        GreaterInvolvement = "greater-involvement" / "Greater involvement",
        Joint = "joint" / "Joint commissioning",
        Delegated = "delegated" / "Delegated commissioning",
    }
);

impl Level {
    pub fn number(self) -> u8 {
        match self {
            Level::GreaterInvolvement => 1,
            Level::Joint => 2,
            Level::Delegated => 3,
        }
    }
}

kebab_enum!(MemberCategory {
    Lay = "lay" / "Lay",
    Clinical = "clinical" / "Clinical",
    Executive = "executive" / "Executive",
    NhsEngland = "nhs-england" / "NHS England",
    LocalAuthority = "local-authority" / "Local authority",
    Healthwatch = "healthwatch" / "Healthwatch",
    Other = "other" / "Other",
});

kebab_enum!(ScopeRoute {
    Committee = "committee" / "Committee",
    ApprovedPolicy = "approved-policy" / "Approved policy",
    Urgent = "urgent" / "Urgent decision",
    NotDelegated = "not-delegated" / "Not delegated",
});

kebab_enum!(DecisionRoute {
    Committee = "committee" / "Committee",
    ApprovedPolicy = "approved-policy" / "Approved policy",
    Urgent = "urgent" / "Urgent decision",
});

kebab_enum!(MeetingStatus {
    Scheduled = "scheduled" / "Scheduled",
    Held = "held" / "Held",
    Cancelled = "cancelled" / "Cancelled",
    Postponed = "postponed" / "Postponed",
});

kebab_enum!(Part {
    Public = "public" / "Public",
    Private = "private" / "Private",
});

kebab_enum!(MinutesStatus {
    None = "none" / "Not published",
    Draft = "draft" / "Draft",
    Approved = "approved" / "Approved",
});

kebab_enum!(Outcome {
    Approved = "approved" / "Approved",
    Rejected = "rejected" / "Rejected",
    Deferred = "deferred" / "Deferred",
    Noted = "noted" / "Noted",
});

kebab_enum!(InterestType {
    Financial = "financial" / "Financial",
    NonFinancialProfessional = "non-financial-professional" / "Non-financial professional",
    NonFinancialPersonal = "non-financial-personal" / "Non-financial personal",
    Indirect = "indirect" / "Indirect",
});

kebab_enum!(Category {
    ListClosure = "list-closure" / "List closure",
    PracticeMerger = "practice-merger" / "Practice merger",
    BoundaryChange = "boundary-change" / "Boundary change",
    NewPractice = "new-practice" / "New practice",
    ApmsContract = "apms-contract" / "APMS contract",
    PmsReview = "pms-review" / "PMS review",
    DiscretionaryPayment = "discretionary-payment" / "Discretionary payment",
    BreachNotice = "breach-notice" / "Breach notice",
    ContractTermination = "contract-termination" / "Contract termination",
    ContractVariation = "contract-variation" / "Contract variation",
    EnhancedServices = "enhanced-services" / "Enhanced services",
    LocalIncentiveScheme = "local-incentive-scheme" / "Local incentive scheme",
    Premises = "premises" / "Premises",
    Budget = "budget" / "Budget",
    QualityImprovement = "quality-improvement" / "Quality improvement",
    Procurement = "procurement" / "Procurement",
    Other = "other" / "Other",
});

// ---- site.yaml ------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub contact: Option<String>,
    pub cname: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub sample: bool,
    /// Not in the format's minimum: pins the as-of date for an archive
    /// (`--as-of` still wins; it beats SOURCE_DATE_EPOCH and today).
    pub as_of: Option<Date>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    /// Not in the format's minimum: a one-line summary for the page's description.
    pub description: Option<String>,
    pub extra: ExtraMap,
}

// ---- ccg.yaml -------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CcgProfile {
    pub name: String,
    pub ods_code: String,
    pub region: String,
    pub area_team: Option<String>,
    pub website: Option<String>,
    pub population: Option<u64>,
    pub member_practices: Option<u32>,
    pub established: Option<Date>,
    pub closed: Option<Date>,
    pub successor: Option<String>,
    pub successor_name: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub co_commissioning: Vec<LevelPeriod>,
    #[serde(default, deserialize_with = "list")]
    pub committees: Vec<Committee>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelPeriod {
    pub level: Level,
    pub from: Date,
    pub to: Option<Date>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Committee {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub members: Vec<Member>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    pub role: String,
    pub category: MemberCategory,
    #[serde(default = "yes", deserialize_with = "or_yes")]
    pub voting: bool,
    #[serde(default, deserialize_with = "or_default")]
    pub chair: bool,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub extra: ExtraMap,
}

/// Whether a dated thing (member, interest, level) is current on `day`.
pub fn current(from: Option<Date>, to: Option<Date>, day: Date) -> bool {
    from.is_none_or(|f| f <= day) && to.is_none_or(|t| t >= day)
}

impl Member {
    pub fn is_current(&self, day: Date) -> bool {
        current(self.from, self.to, day)
    }
}

// ---- terms-of-reference*.md ---------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsOfReference {
    pub committee: String,
    pub title: Option<String>,
    pub version: Option<String>,
    pub approved: Date,
    pub approved_by: Option<String>,
    pub review: Option<Date>,
    pub quorum: Option<String>,
    pub voting: Option<String>,
    #[serde(default = "yes", deserialize_with = "or_yes")]
    pub meets_in_public: bool,
    #[serde(default, deserialize_with = "list")]
    pub decisions: Vec<ScopeRow>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeRow {
    pub function: String,
    pub area: Option<String>,
    pub route: ScopeRoute,
    pub extra: ExtraMap,
}

// ---- meetings/<id>.md ----------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFront {
    pub committee: Option<String>,
    pub title: Option<String>,
    pub date: Date,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub venue: Option<String>,
    #[serde(default = "held", deserialize_with = "or_held")]
    pub status: MeetingStatus,
    #[serde(default = "yes", deserialize_with = "or_yes")]
    pub public: bool,
    pub papers_published: Option<Date>,
    #[serde(default, deserialize_with = "list")]
    pub agenda: Vec<AgendaItem>,
    pub attendance: Option<Attendance>,
    #[serde(default, deserialize_with = "list")]
    pub declarations: Vec<Declaration>,
    pub minutes: Option<MinutesStatus>,
    pub extra: ExtraMap,
}

fn held() -> MeetingStatus {
    MeetingStatus::Held
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub number: String,
    pub title: String,
    #[serde(default = "public_part", deserialize_with = "or_public_part")]
    pub part: Part,
    #[serde(default, deserialize_with = "list")]
    pub papers: Vec<Paper>,
    pub decision: Option<String>,
    pub extra: ExtraMap,
}

fn public_part() -> Part {
    Part::Public
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub title: String,
    pub file: Option<String>,
    pub url: Option<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    #[serde(default, deserialize_with = "list")]
    pub present: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub in_attendance: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub apologies: Vec<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub name: String,
    pub item: Option<String>,
    pub interest: String,
    pub action: String,
    pub extra: ExtraMap,
}

// ---- group.yaml -----------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupProfile {
    pub name: String,
    pub members: Vec<String>,
    pub description: Option<String>,
    pub extra: ExtraMap,
}

// ---- registers ------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Register<T> {
    pub updated: Date,
    #[serde(default = "Vec::new", deserialize_with = "list")]
    pub entries: Vec<T>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub id: String,
    pub date: Date,
    pub title: String,
    pub category: Category,
    pub meeting: Option<String>,
    #[serde(default = "committee_route", deserialize_with = "or_committee_route")]
    pub route: DecisionRoute,
    pub outcome: Outcome,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub conflicts: Vec<Conflict>,
    pub procurement: Option<Procurement>,
    pub extra: ExtraMap,
}

fn committee_route() -> DecisionRoute {
    DecisionRoute::Committee
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub name: String,
    pub interest: String,
    pub action: String,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    pub reference: Option<String>,
    pub description: Option<String>,
    pub existing_contract: Option<bool>,
    pub procedure: Option<String>,
    pub clinical_lead: Option<String>,
    pub contract_manager: Option<String>,
    pub supplier: Option<String>,
    pub supplier_address: Option<String>,
    pub value_total: Option<Money>,
    pub value_annual: Option<Money>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub justification: Option<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterestEntry {
    pub name: String,
    pub roles: Vec<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub withheld: bool,
    #[serde(default, deserialize_with = "or_default")]
    pub nil_return: bool,
    #[serde(default, deserialize_with = "list")]
    pub interests: Vec<Interest>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interest {
    #[serde(rename = "type")]
    pub kind: InterestType,
    pub description: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub action: String,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gift {
    pub name: String,
    pub role: String,
    pub date: Date,
    pub offered_by: String,
    pub description: String,
    pub value: Option<Money>,
    pub accepted: bool,
    pub notes: Option<String>,
    pub extra: ExtraMap,
}

impl Ccg {
    /// The co-commissioning level on `day`, if any period contains it.
    pub fn level_on(&self, day: Date) -> Option<Level> {
        self.profile.data.co_commissioning.iter().find(|p| current(Some(p.from), p.to, day)).map(|p| p.level)
    }

    /// The meeting with this id (meetings are sorted by id).
    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        find_meeting(&self.meetings, id)
    }

    /// The first decision in the register with this id (by an index made
    /// once: meeting pages look up every decision their agenda names).
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        let entries = &self.decisions.as_ref()?.data.entries;
        let index = self.decision_index.get_or_init(|| {
            let mut index = HashMap::with_capacity(entries.len());
            for (i, d) in entries.iter().enumerate() {
                index.entry(d.id.clone()).or_insert(i);
            }
            index
        });
        index.get(id).map(|&i| &entries[i])
    }

    /// The name of the committee with this id.
    pub fn committee_name(&self, id: &str) -> Option<&str> {
        self.profile.data.committees.iter().find(|c| c.id == id).map(|c| c.name.as_str())
    }

    /// Names of people whose register entry is withheld.
    pub fn withheld_names(&self) -> impl Iterator<Item = &str> {
        self.interests.iter().flat_map(|r| r.data.entries.iter()).filter(|e| e.withheld).map(|e| e.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_display() {
        assert_eq!(Money(125_000_000).display(), "£1,250,000");
        assert_eq!(Money(499_950).display(), "£4,999.50");
        assert_eq!(Money(4500).display(), "£45");
        assert_eq!(Money(0).display(), "£0");
    }

    #[test]
    fn an_empty_field_takes_its_default() {
        let m: Member = serde_yaml::from_str("name: A\nrole: B\ncategory: lay\nvoting:\nchair:\n").unwrap();
        assert!(m.voting && !m.chair);
        let f: MeetingFront =
            serde_yaml::from_str("date: 2015-09-17\nstatus:\npublic:\nagenda:\n  - number: \"1\"\n    title: T\n    part:\n").unwrap();
        assert_eq!((f.status, f.public, f.agenda[0].part), (MeetingStatus::Held, true, Part::Public));
        let chair: Result<Member, _> = serde_yaml::from_str("name: A\nrole: B\ncategory: lay\nchair: yes\n");
        assert!(chair.unwrap_err().to_string().contains("expected a boolean"), "a value still has to be true or false");
    }

    #[test]
    fn current_is_inclusive() {
        let d = |s| Date::parse(s).unwrap();
        assert!(current(Some(d("2015-04-01")), Some(d("2016-03-31")), d("2016-03-31")));
        assert!(!current(Some(d("2015-04-01")), Some(d("2016-03-31")), d("2016-04-01")));
        assert!(current(None, None, d("2016-04-01")));
    }
}
