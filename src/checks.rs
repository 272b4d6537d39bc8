//! The transparency checks of the content format, worked out per CCG.
//!
//! Each check has one of four outcomes ([`Status`], defined once here and
//! shown in the same words everywhere): met, not met, unknown (the content
//! cannot decide it: the reason says what is missing) and not applicable
//! (the reason says why). No check is met or not met on an empty list. A
//! CCG that closed before the as-of date is checked as on the day it closed.
//!
//! Two voices: a result's `reason` is published (what the records show, in
//! plain words: no file name, line number or field name), and its `fix`
//! is for `check` (what to edit, naming the file and the field). Each
//! check's rule, what each outcome means for it and where it comes from in
//! the guidance are here too, for the published methodology (`/checks/`).
//!
//! A check is known by its [`CheckId`], never by its title (display text
//! only). What stage 2 works out is handed on whole in [`CheckResults`],
//! by CCG id: render reads the results and check 11's findings there and
//! runs no check again.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::*;
use crate::validate::locate;
use crate::withheld::Withheld;

mod method;

pub use method::{Document, Source, When};

/// The outcome of a check for one CCG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    /// The records show the CCG does what the check asks.
    #[serde(rename = "met")]
    Pass,
    /// The records show it does not.
    #[serde(rename = "not-met")]
    Fail,
    /// The check does not apply to the CCG.
    #[serde(rename = "not-applicable")]
    NotApplicable,
    /// The records published cannot decide it.
    #[serde(rename = "unknown")]
    Unknown,
}

/// The four outcomes, in the order they are explained and counted.
pub const STATUSES: [Status; 4] = [Status::Pass, Status::Fail, Status::Unknown, Status::NotApplicable];

impl Status {
    /// As shown on every page.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "Met",
            Status::Fail => "Not met",
            Status::NotApplicable => "Not applicable",
            Status::Unknown => "Unknown",
        }
    }

    /// As written in the open data and the page's markup: `met`, `not-met`,
    /// `unknown`, `not-applicable`.
    pub fn code(self) -> &'static str {
        match self {
            Status::Pass => "met",
            Status::Fail => "not-met",
            Status::NotApplicable => "not-applicable",
            Status::Unknown => "unknown",
        }
    }

    /// What it means, in plain words, for the methodology page.
    pub fn means(self) -> &'static str {
        match self {
            Status::Pass => {
                "The records published here show that the CCG does what the check asks, and there was something to judge: a check is never met on an empty list."
            }
            Status::Fail => {
                "The records published here show that the CCG does not do what the check asks. The reason says what the records show, with the date it was worked out for. A missing record is counted as not met only where publishing it is what the check asks (a register, terms of reference or minutes)."
            }
            Status::Unknown => {
                "The records published here cannot decide it: something the check needs is missing or unclear (for example, no committee members are published, or a meeting's date has passed but it is not recorded as held). The reason says what is missing. Unknown is not a failure and never counts as met."
            }
            Status::NotApplicable => {
                "The check does not apply to the CCG, and the reason says why: for example, a CCG that takes no decisions on GP services has no decisions to check, or no meeting has yet been held long enough ago for minutes to be due."
            }
        }
    }
}

/// The eleven checks, in order: each with its id, its title and the function
/// that works it out for one CCG. A check's number is its id's, and its
/// place here, from 1. What each publishes about itself (its rule, its
/// outcomes, its source) is in `method`.
pub const CHECKS: [Check; 11] = [
    Check { id: CheckId::InterestsPublished, title: "Register of interests published", run: interests_published },
    Check { id: CheckId::TermsPublished, title: "Terms of reference published", run: terms_published },
    Check { id: CheckId::LayChair, title: "Lay chair", run: lay_chair },
    Check { id: CheckId::LayMajority, title: "Lay and executive majority", run: lay_majority },
    Check { id: CheckId::ObserversInvited, title: "Observers invited", run: observers_invited },
    Check { id: CheckId::EveryoneDeclared, title: "Everyone declared", run: everyone_declared },
    Check { id: CheckId::DecisionsUpToDate, title: "Decisions register up to date", run: decisions_up_to_date },
    Check { id: CheckId::DeclarationsMatch, title: "Declarations match the register", run: declarations_match },
    Check { id: CheckId::PapersOnTime, title: "Papers on time", run: papers_on_time },
    Check { id: CheckId::MinutesPublished, title: "Minutes published", run: minutes_published },
    Check {
        id: CheckId::InterestsDeclaredAtDecisions,
        title: "Registered interests declared at decisions",
        run: interests_declared_at_decisions,
    },
];

/// A transparency check, by a name that stays when its title is reworded.
/// Its value is its number, which the site publishes (`/checks/<n>/`, the
/// open data's `number`): a check keeps its number, and the variants are in
/// the order of [`CHECKS`]. A new check is a new variant, its entry in
/// [`CHECKS`], its arm in `reads` and its method in `method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    InterestsPublished = 1,
    TermsPublished = 2,
    LayChair = 3,
    LayMajority = 4,
    ObserversInvited = 5,
    EveryoneDeclared = 6,
    DecisionsUpToDate = 7,
    DeclarationsMatch = 8,
    PapersOnTime = 9,
    MinutesPublished = 10,
    InterestsDeclaredAtDecisions = 11,
}

impl CheckId {
    /// 1 to 11: its place in [`CHECKS`], and its page's address.
    pub fn number(self) -> usize {
        self as usize
    }

    /// The check this id names.
    pub fn check(self) -> &'static Check {
        &CHECKS[self.number() - 1]
    }

    /// Its title, for display.
    pub fn title(self) -> &'static str {
        self.check().title
    }

    /// What it asks, in plain words, for the public (its page).
    pub fn asks(self) -> &'static str {
        method::asks(self)
    }

    /// How it is worked out, precisely enough to repeat by hand, in plain
    /// words (no field names).
    pub fn rule(self) -> &'static str {
        method::rule(self)
    }

    /// When it is met, not met, unknown and not applicable.
    pub fn when(self) -> When {
        method::when(self)
    }

    /// Where it comes from.
    pub fn source(self) -> Source {
        method::source(self)
    }
}

// Each entry of `CHECKS` sits at its id's number: `CheckId::check` finds it
// there, and no two entries share an id.
const _: () = {
    let mut i = 0;
    while i < CHECKS.len() {
        assert!(CHECKS[i].id as usize == i + 1, "CHECKS is not in the order of the checks' numbers");
        i += 1;
    }
};

/// One transparency check.
pub struct Check {
    pub id: CheckId,
    /// Display text only: code names a check by its id.
    pub title: &'static str,
    run: fn(&Facts) -> Outcome,
}

/// Where a result's evidence is published: what a reader follows to see
/// for themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Evidence {
    /// A meeting's page: of the CCG (`group` none) or held in common by a group.
    Meeting { group: Option<String>, id: String, date: Date },
    /// A part of the CCG's page.
    Section(Section),
}

/// The parts of a CCG's page a check's evidence can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Committees,
    Interests,
    Decisions,
    Meetings,
}

impl Section {
    /// The part's anchor on the CCG's page.
    pub fn anchor(self) -> &'static str {
        match self {
            Section::Committees => "committees",
            Section::Interests => "interests",
            Section::Decisions => "decisions",
            Section::Meetings => "meetings",
        }
    }

    /// A link's words.
    pub fn text(self) -> &'static str {
        match self {
            Section::Committees => "the committee's members",
            Section::Interests => "the register of interests",
            Section::Decisions => "the register of decisions",
            Section::Meetings => "the meetings",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// Which check (its number and title are the id's).
    pub id: CheckId,
    pub status: Status,
    /// Published: one line, what the records show, in plain words.
    pub reason: String,
    /// For `check` (not met or unknown): what to edit, naming the file and
    /// the field, so that it is met or can be decided. Never published.
    pub fix: Option<String>,
    /// The content file it concerns, relative to the content folder.
    pub file: String,
    /// `key: value` in that file to point `check` at, when one line holds it.
    #[serde(skip)]
    pub at: Option<(&'static str, String)>,
    /// Where a reader sees the records it is worked out from.
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CcgChecks {
    pub ccg: String,
    /// The day the checks were worked out for.
    pub on: Date,
    /// One a check, in the order of [`CHECKS`].
    pub results: Vec<CheckResult>,
    /// Check 11's findings: the registered interests undeclared at the
    /// CCG's decisions, as on `on`. The CCG's and people's pages list them.
    pub undeclared: Vec<Undeclared>,
}

impl CcgChecks {
    /// The result of one check.
    pub fn result(&self, id: CheckId) -> Option<&CheckResult> {
        self.results.iter().find(|r| r.id == id)
    }
    pub fn met(&self) -> usize {
        self.results.iter().filter(|r| r.status == Status::Pass).count()
    }
    pub fn applicable(&self) -> usize {
        self.results.iter().filter(|r| r.status != Status::NotApplicable).count()
    }
}

/// Stage 2's results, handed on to render with the content: each CCG's
/// checks and findings, by CCG id (never by place in a list, so a CCG set
/// aside, reloaded or added keeps its own).
#[derive(Debug, Clone, Default)]
pub struct CheckResults {
    by_ccg: BTreeMap<String, CcgChecks>,
}

impl CheckResults {
    /// The checks of the CCG `id`, if they were worked out.
    pub fn of(&self, id: &str) -> Option<&CcgChecks> {
        self.by_ccg.get(id)
    }

    /// Every CCG's checks, by CCG id (the content's order).
    pub fn iter(&self) -> impl Iterator<Item = &CcgChecks> {
        self.by_ccg.values()
    }

    /// How many CCGs were checked.
    pub fn len(&self) -> usize {
        self.by_ccg.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_ccg.is_empty()
    }
}

impl FromIterator<CcgChecks> for CheckResults {
    fn from_iter<I: IntoIterator<Item = CcgChecks>>(iter: I) -> CheckResults {
        CheckResults { by_ccg: iter.into_iter().map(|c| (c.ccg.clone(), c)).collect() }
    }
}

/// What a check found: its status, why (published), what to edit (for
/// `check`), the content file it concerns and where the evidence is.
struct Outcome {
    status: Status,
    reason: String,
    fix: Option<String>,
    file: String,
    at: Option<(&'static str, String)>,
    evidence: Option<Evidence>,
}

impl Outcome {
    fn new(status: Status, reason: impl Into<String>, fix: Option<String>, file: &str) -> Outcome {
        Outcome { status, reason: reason.into(), fix, file: file.to_owned(), at: None, evidence: None }
    }
    fn pass(reason: impl Into<String>, file: &str) -> Outcome {
        Outcome::new(Status::Pass, reason, None, file)
    }
    /// Not met: `reason` for the public, `fix` for the editor.
    fn fail(reason: impl Into<String>, fix: impl Into<String>, file: &str) -> Outcome {
        Outcome::new(Status::Fail, reason, Some(fix.into()), file)
    }
    fn not_applicable(reason: impl Into<String>, file: &str) -> Outcome {
        Outcome::new(Status::NotApplicable, reason, None, file)
    }
    /// Unknown: `reason` says what is missing, `fix` what to add to decide it.
    fn unknown(reason: impl Into<String>, fix: impl Into<String>, file: &str) -> Outcome {
        Outcome::new(Status::Unknown, reason, Some(fix.into()), file)
    }
    /// Points `check` at the line of `key: value` (`value` empty: the key's).
    fn at(self, key: &'static str, value: impl Into<String>) -> Outcome {
        Outcome { at: Some((key, value.into())), ..self }
    }
    fn evidence(self, evidence: Evidence) -> Outcome {
        Outcome { evidence: Some(evidence), ..self }
    }
    fn section(self, section: Section) -> Outcome {
        self.evidence(Evidence::Section(section))
    }
}

/// A meeting as seen from a CCG: its own, or one held in common by its group.
struct Seen<'a> {
    meeting: &'a Meeting,
    /// The group that holds it, when it is held in common.
    group: Option<&'a str>,
    path: String,
}

impl Seen<'_> {
    /// Its page, as evidence.
    fn evidence(&self) -> Evidence {
        Evidence::Meeting { group: self.group.map(str::to_owned), id: self.meeting.id.clone(), date: self.meeting.front.date }
    }
}

/// `the 1 meeting is` or `all 3 meetings are`.
fn every(n: usize, thing: &str, is: &str, are: &str) -> String {
    if n == 1 { format!("the 1 {thing} {is}") } else { format!("all {n} {thing}s {are}") }
}

/// `1 meeting` or `3 meetings`.
fn plural(n: usize, thing: &str) -> String {
    if n == 1 { format!("1 {thing}") } else { format!("{n} {thing}s") }
}

/// What every check of one CCG looks at, worked out once.
struct Facts<'a> {
    withheld: &'a Withheld,
    ccg: &'a Ccg,
    profile: &'a CcgProfile,
    /// The day checked: the as-of date, or the day the CCG closed.
    day: Date,
    /// `on 1 April 2016`, or `on 31 March 2020, the day it closed`.
    when: String,
    level: Option<Level>,
    /// At level 2 or 3 the CCG's committee makes decisions.
    decides: bool,
    /// Content paths: the CCG's folder, and its files.
    base: ContentPath,
    ccg_yaml: String,
    interests_file: String,
    decisions_file: String,
    /// The CCG's meetings and its groups' meetings in common, by date.
    meetings: Vec<Seen<'a>>,
    /// Check 11's findings: how many decisions it looked at, and the
    /// interests it found undeclared (handed on in [`CcgChecks`]).
    decisions_looked_at: usize,
    undeclared: Vec<Undeclared>,
    /// Decisions naming practices or a supplier, taken at a meeting held by
    /// the day whose attendance is not recorded: check 11 cannot look at them.
    decisions_unattended: usize,
}

impl<'a> Facts<'a> {
    fn new(content: &'a Content, withheld: &'a Withheld, ccg: &'a Ccg, as_of: Date) -> Facts<'a> {
        let profile = &ccg.profile.data;
        let day = profile.closed.filter(|c| *c < as_of).unwrap_or(as_of);
        let base = ContentPath::ccg(&ccg.id);
        let level = ccg.level_on(day);
        let mut meetings: Vec<Seen> =
            ccg.meetings.iter().map(|m| Seen { meeting: m, group: None, path: base.meeting(&m.id).to_string() }).collect();
        for g in content.groups.iter().filter(|g| g.profile.data.members.contains(&ccg.id)) {
            meetings.extend(g.meetings.iter().map(|m| Seen {
                meeting: m,
                group: Some(&g.id),
                path: ContentPath::group_meeting(&g.id, &m.id).to_string(),
            }));
        }
        meetings.sort_by_key(|s| s.meeting.front.date);
        let (decisions_looked_at, undeclared) = undeclared_interests(content, withheld, ccg, day);
        let decisions_unattended = ccg
            .decisions
            .iter()
            .flat_map(|r| &r.data.entries)
            .filter(|d| !d.practices.is_empty() || supplier_of(d).is_some())
            .filter_map(|d| decision_meeting(content, ccg, d))
            .filter(|m| m.front.status == MeetingStatus::Held && m.front.date <= day && m.front.attendance.is_none())
            .count();
        Facts {
            withheld,
            ccg,
            profile,
            day,
            when: if day < as_of { format!("on {}, the day it closed", day.long()) } else { format!("on {}", day.long()) },
            level,
            decides: matches!(level, Some(Level::Joint | Level::Delegated)),
            ccg_yaml: ContentPath::ccg_profile(&ccg.id).to_string(),
            interests_file: ContentPath::interests(&ccg.id).to_string(),
            decisions_file: ContentPath::decisions(&ccg.id).to_string(),
            base,
            meetings,
            decisions_looked_at,
            undeclared,
            decisions_unattended,
        }
    }

    /// Meetings held on or before the day checked, by date.
    fn held(&self) -> impl Iterator<Item = &Seen<'a>> {
        self.meetings.iter().filter(|s| s.meeting.front.status == MeetingStatus::Held && s.meeting.front.date <= self.day)
    }

    fn entry_for(&self, name: &str) -> Option<&'a InterestEntry> {
        let key = person_key(name);
        self.ccg.interests.as_ref().and_then(|r| r.data.entries.iter().find(|e| person_key(&e.name) == key))
    }

    /// Whether a committee has anyone published as a current member: a
    /// committee with none cannot be judged on its chair, majority or
    /// observers from this content (the list is missing, not the people).
    fn has_members(&self, c: &Committee) -> bool {
        c.members.iter().any(|m| m.is_current(self.day))
    }

    /// The current voting members of a committee.
    fn voters<'c>(&self, c: &'c Committee) -> impl Iterator<Item = &'c Member> {
        let day = self.day;
        c.members.iter().filter(move |m| m.voting && m.is_current(day))
    }

    /// Unknown, for the committees with no current member published
    /// (checks 3 to 6, when none of their judged committees failed).
    fn no_members(&self) -> Option<Outcome> {
        let empty: Vec<&str> = self.profile.committees.iter().filter(|c| !self.has_members(c)).map(|c| c.name.as_str()).collect();
        (!empty.is_empty()).then(|| {
            Outcome::unknown(
                format!("no current members of {} are published here", empty.join(" or ")),
                format!("list the committee's current members under `members` of {}", empty.join(" and ")),
                &self.ccg_yaml,
            )
            .at("members", "")
            .section(Section::Committees)
        })
    }

    /// Unknown, for committees (`which`) whose current members are
    /// published but none of them votes (checks 4 and 6): who votes is not
    /// recorded, not that nobody does.
    fn no_voters(&self, which: &str) -> Outcome {
        Outcome::unknown(
            format!("no current voting members of {which} are published here"),
            "mark who votes: members vote unless `voting: false`, so check each member's `voting`",
            &self.ccg_yaml,
        )
        .at("members", "")
        .section(Section::Committees)
    }

    /// Not applicable to a CCG that makes no decisions or has no committee
    /// (checks 2, 3 and 4).
    fn committee_decisions_not_applicable(&self) -> Option<Outcome> {
        if !self.decides { Some(self.no_decisions()) } else { self.no_committee() }
    }

    fn no_decisions(&self) -> Outcome {
        Outcome::not_applicable(
            format!(
                "not applicable: at level {} the CCG makes no decisions",
                self.level.map_or("none".into(), |l| format!("{} ({})", l.number(), l.label().to_lowercase()))
            ),
            &self.ccg_yaml,
        )
    }

    fn no_committee(&self) -> Option<Outcome> {
        self.profile.committees.is_empty().then(|| Outcome::not_applicable("not applicable: the CCG has no committee", &self.ccg_yaml))
    }
}

/// Works out the checks for every CCG, in the content's order. Their
/// reasons are published: a person they name is named as published
/// (`withheld`: "Name withheld" for a withheld name in any spelling).
pub fn run(content: &Content, withheld: &Withheld, as_of: Date) -> CheckResults {
    content.ccgs.iter().map(|ccg| check_ccg(content, withheld, ccg, as_of)).collect()
}

fn check_ccg(content: &Content, withheld: &Withheld, ccg: &Ccg, as_of: Date) -> CcgChecks {
    let facts = Facts::new(content, withheld, ccg, as_of);
    let unreadable = unreadable_files(content, ccg);
    let results = CHECKS
        .iter()
        .map(|check| {
            let mut outcome = (check.run)(&facts);
            // A file that could not be read is reported once, as an error
            // there: a check that reads it is not known, not failed, and
            // says nothing more.
            if matches!(outcome.status, Status::Fail | Status::Unknown)
                && let Some(file) = unreadable.iter().find(|f| reads(check.id).iter().any(|r| f.contains(r)))
            {
                // The error is the one message there: no warning follows it.
                outcome =
                    Outcome::new(Status::Unknown, format!("not known: {} published here could not be read", what_file(file)), None, file);
            }
            let Outcome { status, reason, fix, file, at, evidence } = outcome;
            CheckResult { id: check.id, status, reason, fix, file, at, evidence }
        })
        .collect();
    let Facts { day, undeclared, .. } = facts;
    CcgChecks { ccg: ccg.id.clone(), on: day, results, undeclared }
}

/// A content file in the words of its readers: `the register of interests`.
fn what_file(path: &str) -> &'static str {
    if path.ends_with("/interests.yaml") {
        "the register of interests"
    } else if path.ends_with("/decisions.yaml") {
        "the register of decisions"
    } else if path.contains("/meetings/") {
        "a meeting's record"
    } else if path.contains("/terms-of-reference") {
        "the terms of reference"
    } else {
        "a record"
    }
}

/// What each check reads beyond ccg.yaml: parts of content paths. Every
/// check has its arm (no catch-all): a new check must say what it reads.
fn reads(id: CheckId) -> &'static [&'static str] {
    match id {
        CheckId::InterestsPublished | CheckId::EveryoneDeclared => &["/interests.yaml"],
        CheckId::TermsPublished => &["/terms-of-reference"],
        CheckId::DecisionsUpToDate => &["/decisions.yaml", "/meetings/"],
        CheckId::DeclarationsMatch => &["/interests.yaml", "/decisions.yaml", "/meetings/"],
        CheckId::PapersOnTime | CheckId::MinutesPublished => &["/meetings/"],
        CheckId::LayChair | CheckId::LayMajority | CheckId::ObserversInvited => &[],
        // What it finds undeclared was read whole: a decision whose register
        // or meeting could not be read is not looked at.
        CheckId::InterestsDeclaredAtDecisions => &[],
    }
}

/// The files of a CCG, and of the groups it is in, that exist but could not
/// be read or parsed: content paths, as [`ContentPath`] writes them, sorted.
fn unreadable_files(content: &Content, ccg: &Ccg) -> Vec<String> {
    let mut dirs = vec![ContentPath::ccg(&ccg.id).within(&content.root)];
    dirs.extend(
        content.groups.iter().filter(|g| g.profile.data.members.contains(&ccg.id)).map(|g| ContentPath::group(&g.id).within(&content.root)),
    );
    let mut files: Vec<String> = content
        .unparsed
        .iter()
        .filter(|p| dirs.iter().any(|d| p.starts_with(d)))
        .filter_map(|p| p.strip_prefix(&content.root).ok())
        .map(|p| p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
        .collect();
    files.sort();
    files
}

/// Every check not met, and every one that cannot be decided, as a warning
/// naming the CCG, the file it concerns (at the line, when one holds it)
/// and what to edit.
pub fn warnings(content: &Content, checks: &CheckResults) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in checks.iter() {
        // An unknown with nothing to add (a meeting left scheduled has its
        // own warning) is not repeated.
        // Check 11 not met is said once a finding, at its register line
        // (`undeclared_warnings`).
        for r in c.results.iter().filter(|r| {
            r.status == Status::Fail && r.id != CheckId::InterestsDeclaredAtDecisions || r.status == Status::Unknown && r.fix.is_some()
        }) {
            let (number, title) = (r.id.number(), r.id.title());
            let mut msg = match r.status {
                Status::Fail => format!("{} (check {number}: {title}): not met: {}", c.ccg, r.reason),
                _ => format!("{} (check {number}: {title}): cannot be decided: {}", c.ccg, r.reason.trim_start_matches("not known: ")),
            };
            if let Some(fix) = &r.fix {
                msg.push_str(if r.status == Status::Fail { "; to meet it: " } else { "; to decide it: " });
                msg.push_str(fix);
            }
            let path = content.root.join(&r.file);
            let mut d = Diagnostic::warning(&path, msg).titled(format!("Transparency check {number}: {title}"));
            if let Some((key, value)) = &r.at
                && let Some(src) = content.files.iter().find(|f| f.path == path)
            {
                let (line, col) = locate(&src.text, None, key, value);
                if line > 0 {
                    d = d.at(&src.text, line, col);
                }
            }
            out.push(d);
        }
    }
    out.extend(undeclared_warnings(content, checks));
    out
}

/// Names as published, once each: `A, Name withheld, B`.
fn published_names<'n>(withheld: &Withheld, names: impl Iterator<Item = &'n str>) -> String {
    let mut shown: Vec<&str> = Vec::new();
    for n in names.map(|n| withheld.published(n)) {
        if !shown.contains(&n) {
            shown.push(n);
        }
    }
    shown.join(", ")
}

/// Check 1: Register of interests published, and reviewed in the last 12 months.
fn interests_published(f: &Facts) -> Outcome {
    match &f.ccg.interests {
        None => Outcome::fail(
            "no register of interests is published here",
            format!("publish the register of interests as {}", f.interests_file),
            &f.interests_file,
        ),
        Some(r) if r.data.entries.is_empty() => Outcome::unknown(
            "the register of interests published here lists no one",
            "add an entry for each member of the committee and each member of staff who must declare (their interests, or `nil_return: true`)",
            &f.interests_file,
        )
        .at("entries", "")
        .section(Section::Interests),
        Some(r) if r.data.updated < f.day.minus_months(12) => Outcome::fail(
            format!(
                "the register was last reviewed on {}, {} before {}",
                r.data.updated.long(),
                match r.data.updated.months_until(f.day) {
                    // A day or a few over the 12 months.
                    ..=12 => "more than 12 months".to_owned(),
                    n => format!("{n} months"),
                },
                f.day.long()
            ),
            "review the register and set `updated` to the day it was reviewed",
            &f.interests_file,
        )
        .at("updated", "")
        .section(Section::Interests),
        Some(r) => Outcome::pass(format!("the register was reviewed on {}", r.data.updated.long()), &f.interests_file)
            .section(Section::Interests),
    }
}

/// Check 2: Terms of reference published for every committee.
fn terms_published(f: &Facts) -> Outcome {
    if let Some(na) = f.committee_decisions_not_applicable() {
        return na;
    }
    let missing: Vec<&Committee> =
        f.profile.committees.iter().filter(|c| !f.ccg.terms.iter().any(|t| t.data.front.committee == c.id)).collect();
    if missing.is_empty() {
        Outcome::pass("every committee's terms of reference are published", &f.ccg_yaml).section(Section::Committees)
    } else {
        let names: Vec<&str> = missing.iter().map(|c| c.name.as_str()).collect();
        let ids: Vec<&str> = missing.iter().map(|c| c.id.as_str()).collect();
        Outcome::fail(
            format!("no terms of reference are published for {}", names.join(", ")),
            format!(
                "add a terms of reference file ({}/{}.md, or one per committee) with `committee:` set to {}",
                f.base.as_str(),
                ContentPath::TERMS,
                ids.join(" or ")
            ),
            f.base.join(&format!("{}.md", ContentPath::TERMS)).as_str(),
        )
        .section(Section::Committees)
    }
}

/// Check 3: Every committee has a current lay chair.
fn lay_chair(f: &Facts) -> Outcome {
    if let Some(na) = f.committee_decisions_not_applicable() {
        return na;
    }
    let mut problems = Vec::new();
    let mut first = None;
    for c in f.profile.committees.iter().filter(|c| f.has_members(c)) {
        match c.members.iter().find(|m| m.chair && m.is_current(f.day)) {
            None => problems.push(format!("no current chair of {} is published", c.name)),
            Some(m) if m.category != MemberCategory::Lay => {
                problems.push(format!("the chair of {} is a {} member, not a lay member", c.name, m.category.label().to_lowercase()))
            }
            Some(_) => continue,
        }
        first.get_or_insert(c.id.as_str());
    }
    match first {
        None => f
            .no_members()
            .unwrap_or_else(|| Outcome::pass(format!("the chair is a lay member {}", f.when), &f.ccg_yaml).section(Section::Committees)),
        Some(id) => Outcome::fail(
            problems.join("; "),
            "give the committee a current lay chair: the chair's entry under `members` has `chair: true` and `category: lay`",
            &f.ccg_yaml,
        )
        .at("id", id)
        .section(Section::Committees),
    }
}

/// Check 4: Lay, executive and NHS England voting members outnumber the others.
fn lay_majority(f: &Facts) -> Outcome {
    if let Some(na) = f.committee_decisions_not_applicable() {
        return na;
    }
    let mut problems = Vec::new();
    let mut summary = Vec::new();
    let mut no_voters = Vec::new();
    let mut first = None;
    for c in f.profile.committees.iter().filter(|c| f.has_members(c)) {
        let voting: Vec<&Member> = f.voters(c).collect();
        if voting.is_empty() {
            no_voters.push(c.name.as_str());
            continue;
        }
        let majority = voting
            .iter()
            .filter(|m| matches!(m.category, MemberCategory::Lay | MemberCategory::Executive | MemberCategory::NhsEngland))
            .count();
        let rest = voting.len() - majority;
        summary.push(format!("{majority} lay and executive voting members to {rest} others"));
        if majority <= rest {
            problems.push(format!("{}: {majority} lay and executive voting members to {rest} others", c.name));
            first.get_or_insert(c.id.as_str());
        }
    }
    if let Some(id) = first {
        Outcome::fail(
            problems.join("; "),
            "the members with `category` lay, executive or nhs-england and `voting: true` must outnumber the other voting members",
            &f.ccg_yaml,
        )
        .at("id", id)
        .section(Section::Committees)
    } else if let Some(unknown) = f.no_members() {
        unknown
    } else if !no_voters.is_empty() {
        f.no_voters(&no_voters.join(" or "))
    } else {
        Outcome::pass(format!("{} {}", summary.join("; "), f.when), &f.ccg_yaml).section(Section::Committees)
    }
}

/// Check 5: Healthwatch and the Health and Wellbeing Board sit as non-voting
/// observers on every committee.
fn observers_invited(f: &Facts) -> Outcome {
    if let Some(na) = f.no_committee() {
        return na;
    }
    let mut missing = Vec::new();
    let mut first = None;
    for c in f.profile.committees.iter().filter(|c| f.has_members(c)) {
        for (cat, label) in [(MemberCategory::Healthwatch, "Healthwatch"), (MemberCategory::LocalAuthority, "Health and Wellbeing Board")] {
            if !c.members.iter().any(|m| m.category == cat && !m.voting && m.is_current(f.day)) {
                missing.push(format!("no current {label} member without a vote is published for {}", c.name));
                first.get_or_insert(c.id.as_str());
            }
        }
    }
    match first {
        None => f.no_members().unwrap_or_else(|| {
            Outcome::pass("Healthwatch and the Health and Wellbeing Board sit as members without a vote", &f.ccg_yaml)
                .section(Section::Committees)
        }),
        Some(id) => Outcome::fail(
            missing.join("; "),
            "add current members with `category: healthwatch` and `category: local-authority`, each with `voting: false`",
            &f.ccg_yaml,
        )
        .at("id", id)
        .section(Section::Committees),
    }
}

/// Check 6: Every current voting member has an entry (interests or a nil return)
/// in the register.
fn everyone_declared(f: &Facts) -> Outcome {
    if let Some(na) = f.no_committee() {
        return na;
    }
    let mut voters = 0;
    let mut undeclared: Vec<&str> = Vec::new();
    for c in &f.profile.committees {
        for m in f.voters(c) {
            voters += 1;
            let declared = f.entry_for(&m.name).is_some_and(|e| e.nil_return || !e.interests.is_empty());
            if !declared && !undeclared.contains(&m.name.as_str()) {
                undeclared.push(&m.name);
            }
        }
    }
    if voters == 0 {
        return f.no_members().unwrap_or_else(|| f.no_voters("the committee"));
    }
    if f.ccg.interests.is_none() {
        return Outcome::fail(
            format!(
                "no register of interests is published here, so {} no entry",
                if voters == 1 {
                    "the 1 current voting member has".to_owned()
                } else {
                    format!("none of the {voters} current voting members has")
                }
            ),
            format!("publish the register of interests as {}, with an entry for every voting member", f.interests_file),
            &f.interests_file,
        )
        .section(Section::Committees);
    }
    if undeclared.is_empty() {
        let outcome =
            Outcome::pass(format!("{} an entry in the register", every(voters, "current voting member", "has", "have")), &f.interests_file)
                .section(Section::Interests);
        // A committee whose list is missing is not judged: unknown, unless
        // another one failed.
        f.no_members().unwrap_or(outcome)
    } else {
        let names = published_names(f.withheld, undeclared.iter().copied());
        Outcome::fail(
            format!("the register has no entry, with interests or a nil return, for {names}"),
            "add an entry for each, with their interests or `nil_return: true`, under the name the committee lists",
            &f.interests_file,
        )
        .at("entries", "")
        .section(Section::Interests)
    }
}

/// Check 7: The register of decisions is updated after the latest meeting held.
fn decisions_up_to_date(f: &Facts) -> Outcome {
    if !f.decides {
        return Outcome { file: f.decisions_file.clone(), ..f.no_decisions() };
    }
    let latest = f.held().last();
    match (&f.ccg.decisions, latest) {
        (None, _) => Outcome::fail(
            "no register of decisions is published here",
            format!("publish the register of decisions as {}", f.decisions_file),
            &f.decisions_file,
        ),
        (Some(_), None) => Outcome::unknown(
            format!(
                "no meeting held on or before {} is published here, so whether the register is up to date cannot be told",
                f.day.long()
            ),
            "publish the committee's meetings (a file in `meetings/` for each, with `status: held` once it has been held)",
            &f.decisions_file,
        )
        .section(Section::Meetings),
        (Some(r), Some(latest)) if r.data.updated < latest.meeting.front.date => Outcome::fail(
            format!(
                "the register was last updated on {}, but the latest meeting was held on {}",
                r.data.updated.long(),
                latest.meeting.front.date.long()
            ),
            "add the meeting's decisions to the register and set `updated` to the day you did",
            &f.decisions_file,
        )
        .at("updated", "")
        .evidence(latest.evidence()),
        (Some(r), Some(latest)) => Outcome::pass(
            format!(
                "the register was updated on {}, after the latest meeting, held on {}",
                r.data.updated.long(),
                latest.meeting.front.date.long()
            ),
            &f.decisions_file,
        )
        .section(Section::Decisions),
    }
}

/// Check 8: Whoever declared an interest at a meeting, or is noted as conflicted
/// on a decision, holds interests on the register.
fn declarations_match(f: &Facts) -> Outcome {
    // Who declared, and where: the first meeting or the register of decisions.
    let mut unmatched: Vec<(&str, String, Option<Evidence>)> = Vec::new();
    let mut count = 0;
    let holds_interest = |name: &str| f.entry_for(name).is_some_and(|e| !e.interests.is_empty());
    for s in f.meetings.iter().filter(|s| s.group.is_none()) {
        for d in &s.meeting.front.declarations {
            count += 1;
            if !holds_interest(&d.name) && !unmatched.iter().any(|(n, ..)| *n == d.name) {
                unmatched.push((&d.name, s.path.clone(), Some(s.evidence())));
            }
        }
    }
    let decisions = f.ccg.decisions.as_ref().map_or(0, |r| r.data.entries.len());
    if let Some(r) = &f.ccg.decisions {
        for dec in &r.data.entries {
            for c in &dec.conflicts {
                count += 1;
                if !holds_interest(&c.name) && !unmatched.iter().any(|(n, ..)| *n == c.name) {
                    unmatched.push((&c.name, f.decisions_file.clone(), Some(Evidence::Section(Section::Decisions))));
                }
            }
        }
    }
    let held = f.held().filter(|s| s.group.is_none()).count();
    if count > 0 && f.ccg.interests.is_none() {
        return Outcome::fail(
            format!("{} recorded, but no register of interests is published here", count_of(count, "declaration is", "declarations are")),
            format!("publish the register of interests as {}, with the interests declared", f.interests_file),
            &f.interests_file,
        );
    }
    match unmatched.first() {
        None if count == 0 && held == 0 && decisions == 0 && !f.decides => f.no_decisions(),
        None if count == 0 && held == 0 && decisions == 0 => Outcome::unknown(
            "no meeting held and no decision are published here, so no declaration could be recorded",
            "publish the committee's meetings, with the interests declared at each under `declarations`",
            &f.ccg_yaml,
        )
        .section(Section::Meetings),
        None if count == 0 => Outcome::not_applicable(
            format!(
                "not applicable: no declaration of interest is recorded at the {} or on the {} published here, so there is nothing to match with the register",
                count_held(held),
                plural(decisions, "decision")
            ),
            &f.interests_file,
        ),
        None => Outcome::pass(
            format!("{} by someone with interests in the register", every(count, "declaration", "recorded is", "recorded are")),
            &f.interests_file,
        )
        .section(Section::Interests),
        Some((_, file, evidence)) => {
            let names = published_names(f.withheld, unmatched.iter().map(|(n, ..)| *n));
            let outcome = Outcome::fail(
                format!(
                    "declarations are recorded for {names}, who {} no interests in the register",
                    if unmatched.len() == 1 { "has" } else { "have" }
                ),
                format!("add their interests to {} (or correct the name where it is written two ways)", f.interests_file),
                file,
            );
            match evidence {
                Some(e) => outcome.evidence(e.clone()),
                None => outcome,
            }
        }
    }
}

/// `1 declaration is` or `3 declarations are`.
fn count_of(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// `3 meetings held` (for check 8's reason).
fn count_held(n: usize) -> String {
    format!("{} held", plural(n, "meeting"))
}

/// Check 9: Papers of public meetings out at least 3 clear days before.
fn papers_on_time(f: &Facts) -> Outcome {
    let mut late = Vec::new();
    let mut unknown = Vec::new();
    // Public meetings whose date has passed but are still marked to come.
    let mut stale = Vec::new();
    let mut on_time = 0;
    for s in &f.meetings {
        let m = &s.meeting.front;
        if !m.public || matches!(m.status, MeetingStatus::Cancelled | MeetingStatus::Postponed) {
            continue;
        }
        match m.papers_published {
            Some(published) => {
                let clear = m.date.to_days() - published.to_days() - 1;
                if clear < 3 {
                    late.push((s, clear.max(0)));
                } else {
                    on_time += 1;
                }
            }
            None if m.status == MeetingStatus::Held && m.date <= f.day => unknown.push(s),
            None if m.status == MeetingStatus::Scheduled && m.date < f.day => stale.push(s),
            None => {}
        }
    }
    if let Some((s, clear)) = late.first() {
        let published = s.meeting.front.papers_published.map(|d| d.long()).unwrap_or_default();
        Outcome::fail(
            format!(
                "the papers for the meeting of {} were published on {published}, {} clear day{} before it (3 are needed){}",
                s.meeting.front.date.long(),
                clear,
                if *clear == 1 { "" } else { "s" },
                if late.len() > 1 {
                    format!(", and the papers of {} were late too", plural(late.len() - 1, "other meeting"))
                } else {
                    String::new()
                }
            ),
            "publish papers at least 3 clear days before each public meeting; if `papers_published` is wrong, correct it",
            &s.path,
        )
        .at("papers_published", "")
        .evidence(s.evidence())
    } else if let Some(s) = unknown.first() {
        Outcome::unknown(
            format!(
                "for {} held in public, when the papers were published is not recorded",
                if unknown.len() == 1 {
                    format!("the meeting of {}", s.meeting.front.date.long())
                } else {
                    plural(unknown.len(), "meeting")
                }
            ),
            "add `papers_published` (the day the papers went out) to each held public meeting",
            &s.path,
        )
        .at("date", "")
        .evidence(s.evidence())
    } else if let Some(s) = stale.first() {
        // Each such meeting has its own warning, at its `status` line.
        Outcome::new(Status::Unknown, still_scheduled(stale.len(), f.day), None, &s.path).evidence(s.evidence())
    } else if on_time == 0 {
        Outcome::not_applicable("not applicable: no meeting held in public is published here yet", &f.ccg_yaml)
    } else {
        Outcome::pass(format!("the papers for {} out 3 clear days before", every(on_time, "public meeting", "were", "were")), &f.ccg_yaml)
            .section(Section::Meetings)
    }
}

/// Why a check is unknown when `n` meetings dated before `day` are still
/// marked as to come: whether they were held is not on record.
fn still_scheduled(n: usize, day: Date) -> String {
    let (meetings, are) = if n == 1 { ("1 meeting".to_owned(), "is") } else { (format!("{n} meetings"), "are") };
    format!(
        "{meetings} dated before {} {are} still marked as to come: whether {} held is not recorded",
        day.long(),
        if n == 1 { "it was" } else { "they were" }
    )
}

/// Check 10: Minutes published for every meeting held more than 6 weeks ago.
fn minutes_published(f: &Facts) -> Outcome {
    let cutoff = f.day.add_days(-42);
    let due: Vec<&Seen> = f.held().filter(|s| s.meeting.front.date < cutoff).collect();
    let missing: Vec<&&Seen> = due.iter().filter(|s| s.meeting.minutes_status() == MinutesStatus::None).collect();
    let stale: Vec<&Seen> =
        f.meetings.iter().filter(|s| s.meeting.front.status == MeetingStatus::Scheduled && s.meeting.front.date < cutoff).collect();
    if missing.is_empty()
        && let Some(s) = stale.first()
    {
        Outcome::new(Status::Unknown, still_scheduled(stale.len(), cutoff), None, &s.path).evidence(s.evidence())
    } else if due.is_empty() {
        Outcome::not_applicable("not applicable: no meeting held more than 6 weeks ago is published here", &f.ccg_yaml)
    } else if let Some(first) = missing.first() {
        Outcome::fail(
            format!(
                "no minutes are published for {} of the {} meetings held more than 6 weeks ago (the first: {})",
                missing.len(),
                due.len(),
                first.meeting.front.date.long()
            ),
            "add the minutes (draft or approved) below the meeting file's front matter",
            &first.path,
        )
        .evidence(first.evidence())
    } else {
        Outcome::pass(
            format!("minutes are published for {} held more than 6 weeks ago", every(due.len(), "meeting", "", "").trim_end()),
            &f.ccg_yaml,
        )
        .section(Section::Meetings)
    }
}

/// A registered interest that concerns a decision taken at a meeting, held
/// by someone recorded present, with no declaration at the meeting for the
/// decision's agenda item and no conflict noted on the decision (check 11).
#[derive(Debug, Clone, Serialize)]
pub struct Undeclared {
    pub decision: String,
    pub decision_title: String,
    /// The person's name as matched (`person_key`), as written in the
    /// register: a withheld entry's is never published (see `withheld`).
    pub name: String,
    pub withheld: Withholding,
    /// The interest as the register describes it (empty when the whole
    /// entry is withheld).
    pub interest: String,
    /// The line of `interests.yaml` that holds it (0 when not found, and
    /// for a withheld entry: a line number points into the register).
    pub line: usize,
    pub meeting_date: Date,
    /// The agenda item that took the decision, when the agenda names it.
    pub item: Option<String>,
    /// What ties the interest to the decision: `Example Surgery (E87001)`
    /// or `the supplier, Example Ltd`.
    pub concerns: String,
}

/// The meeting a decision names: `<meeting-id>` of the CCG or
/// `<group-id>/<meeting-id>` of a group.
fn decision_meeting<'a>(content: &'a Content, ccg: &'a Ccg, d: &Decision) -> Option<&'a Meeting> {
    let m = d.meeting.as_deref()?;
    match m.split_once('/') {
        Some((g, id)) => content.group(g)?.meeting(id),
        None => ccg.meeting(m),
    }
}

/// Check 11's findings for one CCG, as on `day`: the decisions it looked at
/// (taken at a held meeting with attendance recorded, naming practices or a
/// supplier) and what it found undeclared. Worked out once per CCG, in
/// [`Facts::new`].
fn undeclared_interests(content: &Content, withheld: &Withheld, ccg: &Ccg, day: Date) -> (usize, Vec<Undeclared>) {
    let mut looked_at = 0;
    let mut found = Vec::new();
    let (Some(decisions), Some(register)) = (&ccg.decisions, &ccg.interests) else {
        let looked = ccg.decisions.iter().flat_map(|r| &r.data.entries).filter(|d| concerned(content, ccg, d, day).is_some()).count();
        return (looked, found);
    };
    let text = &content.files[register.file].text;
    for d in &decisions.data.entries {
        let Some((m, attendance, supplier)) = concerned(content, ccg, d, day) else { continue };
        looked_at += 1;
        let item = m.front.agenda.iter().find(|i| i.decision.as_deref() == Some(d.id.as_str())).map(|i| i.number.as_str());
        let present = attendance.present.iter().chain(&attendance.in_attendance).map(|n| person_key(n));
        let mut seen: Vec<String> = Vec::new();
        for key in present {
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            let Some(entry) = register.data.entries.iter().find(|e| person_key(&e.name) == key) else { continue };
            let declared = d.conflicts.iter().any(|c| person_key(&c.name) == key)
                || item.is_some_and(|n| m.front.declarations.iter().any(|x| person_key(&x.name) == key && x.item.as_deref() == Some(n)));
            if declared {
                continue;
            }
            for i in entry.interests.iter().filter(|i| current(i.from, i.to, d.date)) {
                let practice = i.practices.iter().find(|p| d.practices.contains(p));
                let concerns = if let Some(ods) = practice {
                    let name = content.practice(ods).map(|(_, p)| p.name.as_str()).unwrap_or("");
                    format!("{name} ({ods})")
                } else if let Some(s) = supplier.filter(|s| i.description.to_lowercase().contains(&s.to_lowercase())) {
                    format!("the supplier, {s}")
                } else {
                    continue;
                };
                let withholding = content.entry_withholding(withheld, entry);
                found.push(Undeclared {
                    decision: d.id.clone(),
                    decision_title: d.title.clone(),
                    name: key.clone(),
                    withheld: withholding,
                    interest: if withholding.is_entry() { String::new() } else { i.description.clone() },
                    line: if withholding.is_withheld() {
                        0
                    } else {
                        text.lines()
                            .position(|l| {
                                l.trim_start()
                                    .strip_prefix("description:")
                                    .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == i.description)
                            })
                            .map_or(0, |n| n + 1)
                    },
                    meeting_date: m.front.date,
                    item: item.map(str::to_owned),
                    concerns,
                });
                if withholding.is_entry() {
                    // Once: how many interests the entry holds is its own.
                    break;
                }
            }
        }
    }
    (looked_at, found)
}

/// The procurement's supplier, when the decision names one.
fn supplier_of(d: &Decision) -> Option<&str> {
    d.procurement.as_ref().and_then(|p| p.supplier.as_deref()).filter(|s| !s.trim().is_empty())
}

/// The meeting of a decision check 11 looks at, its attendance and the
/// procurement's supplier: a decision taken at a meeting held on or before
/// `day`, with attendance recorded, that names practices or a supplier.
fn concerned<'a>(content: &'a Content, ccg: &'a Ccg, d: &'a Decision, day: Date) -> Option<(&'a Meeting, &'a Attendance, Option<&'a str>)> {
    let supplier = supplier_of(d);
    if d.practices.is_empty() && supplier.is_none() {
        return None;
    }
    let m = decision_meeting(content, ccg, d)?;
    if m.front.status != MeetingStatus::Held || m.front.date > day {
        return None;
    }
    Some((m, m.front.attendance.as_ref()?, supplier))
}

impl Undeclared {
    /// The flag a decision with check 11's findings carries, the same on
    /// every page and in the open data (its filter on `/decisions/` too).
    pub const FLAG: &'static str = "No declaration recorded";

    /// The flag with how many findings the decision has: `No declaration
    /// recorded (2 registered interests)`. decisions.js writes it alike.
    pub fn flag(n: usize) -> String {
        format!("{} ({n} registered interest{})", Undeclared::FLAG, if n == 1 { "" } else { "s" })
    }

    /// In neutral words, for the public: what the register shows, that the
    /// person is recorded present at the meeting (attendance is recorded
    /// per meeting, not per item), the item that took the decision, and
    /// what is not recorded. No file, line or field: `check` says those
    /// ([`undeclared_warnings`]).
    pub fn describe(&self) -> String {
        let (date, id) = (self.meeting_date.long(), &self.decision);
        let taken = match &self.item {
            Some(n) => format!("and decision {id} was taken at item {n}; no declaration is recorded for item {n}"),
            None => format!(
                "where decision {id} was taken; no declaration is recorded for it (the agenda does not say at which item it was taken)"
            ),
        };
        let (whose, who) = match self.withheld {
            // Nothing of the entry: not the interest, not what it concerns,
            // not where the register holds it.
            Withholding::Entry => {
                return format!(
                    "the register of interests shows an interest related to decision {id} in an entry withheld under NHS England's guidance (details withheld); \
                     that person is recorded present at the meeting of {date}, {taken} and no conflict is noted on the decision"
                );
            }
            Withholding::Name => (format!("{}: \"{}\"", crate::withheld::NAME_WITHHELD, self.interest), "that person"),
            Withholding::No => (format!("{}: \"{}\"", self.name, self.interest), self.name.as_str()),
        };
        format!(
            "the register of interests shows {whose}, which concerns {}; {who} is recorded present at the meeting of {date}, {taken} and no conflict is noted on the decision",
            self.concerns
        )
    }
}

/// Check 11's findings for `check`'s reader, the editor: one warning per
/// finding, at the interest's description in interests.yaml, naming the
/// decision, the meeting's file and what to record. A finding in a withheld
/// entry is guarded as on the site: no line, no interest, nothing of the
/// entry (and the name is masked as in every diagnostic).
pub fn undeclared_warnings(content: &Content, checks: &CheckResults) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in checks.iter() {
        let Some(ccg) = content.ccgs.iter().find(|x| x.id == c.ccg) else { continue };
        let interests = ContentPath::interests(&ccg.id);
        let text = ccg.interests.as_ref().map_or("", |r| content.files[r.file].text.as_str());
        for u in &c.undeclared {
            let decision = ccg.decision(&u.decision);
            let meeting_file = decision.and_then(|d| d.meeting.as_deref()).map(|m| match m.split_once('/') {
                Some((g, id)) => ContentPath::group_meeting(g, id).to_string(),
                None => ContentPath::ccg_meeting(&ccg.id, m).to_string(),
            });
            let whose = match u.withheld {
                Withholding::Entry => "an entry withheld in full holds an interest that".to_owned(),
                Withholding::Name => format!("the interest \"{}\" (entry with its name withheld)", u.interest),
                Withholding::No => format!("{}'s interest \"{}\"", u.name, u.interest),
            };
            let concerns = if u.withheld.is_entry() { String::new() } else { format!(" ({})", u.concerns) };
            let at = match &u.item {
                Some(n) => format!("taken at item {n} of the meeting of {}", u.meeting_date.long()),
                None => format!("taken at the meeting of {} (its agenda names no item for it)", u.meeting_date.long()),
            };
            let meeting = meeting_file.as_deref().map_or(String::new(), |f| format!(" ({f})"));
            let declare = match &u.item {
                Some(n) => format!("record the declaration in the meeting's `declarations` with `item: \"{n}\"`"),
                None => "add the decision to the item of the meeting's `agenda` that took it (`decision:`) and record the declaration in its `declarations` with that `item`".to_owned(),
            };
            let msg = format!(
                "{} (check 11): {whose} concerns decision {}{concerns}, {at}{meeting}, where they are recorded present, and no declaration or conflict is recorded: \
                 {declare}, or the conflict in the decision's `conflicts` ({})",
                ccg.id,
                u.decision,
                ContentPath::decisions(&ccg.id)
            );
            let mut d = Diagnostic::warning(content.root.join(interests.as_str()), msg)
                .titled(format!("Transparency check 11: {}", CheckId::InterestsDeclaredAtDecisions.title()));
            if u.line > 0 && !u.withheld.is_withheld() {
                let col = text.lines().nth(u.line - 1).map_or(1, |l| l.len() - l.trim_start().len() + 1);
                d = d.at(text, u.line, col);
            }
            out.push(d);
        }
    }
    out
}

/// Check 11: Registered interests declared at decisions.
fn interests_declared_at_decisions(f: &Facts) -> Outcome {
    let (looked_at, found) = (f.decisions_looked_at, &f.undeclared);
    if looked_at == 0 && f.decisions_unattended > 0 {
        return Outcome::unknown(
            format!(
                "{} GP practices or a supplier, but who was present at the meeting that took {} is not recorded",
                if f.decisions_unattended == 1 { "1 decision names".to_owned() } else { format!("{} decisions name", f.decisions_unattended) },
                if f.decisions_unattended == 1 { "it" } else { "them" }
            ),
            "record `attendance` (`present`, `in_attendance`, `apologies`) in the file of each meeting that took a decision naming `practices` or a supplier",
            &f.decisions_file,
        )
        .section(Section::Decisions);
    }
    if looked_at == 0 {
        return Outcome::not_applicable(
            "not applicable: no decision taken at a meeting with attendance recorded names practices or a supplier",
            &f.decisions_file,
        );
    }
    let Some(register) = &f.ccg.interests else {
        return Outcome::unknown(
            "no register of interests is published here, so the interests of those present at the decisions cannot be compared",
            format!("publish the register of interests as {}", f.interests_file),
            &f.interests_file,
        );
    };
    let linked = register.data.entries.iter().flat_map(|e| &e.interests).any(|i| !i.practices.is_empty());
    let suppliers = f.ccg.decisions.iter().flat_map(|r| &r.data.entries).any(|d| supplier_of(d).is_some());
    if found.is_empty() && !linked && !suppliers {
        return Outcome::unknown(
            format!(
                "no interest in the register is linked to a GP practice, so interests in the practices {} cannot be seen",
                if looked_at == 1 { "the decision affects".to_owned() } else { format!("these {looked_at} decisions affect") }
            ),
            "add `practices:` (the ODS codes) to each interest in a GP practice: `ccgpages check` names those whose description names a listed practice",
            &f.interests_file,
        )
        .section(Section::Interests);
    }
    match found.first() {
        None => Outcome::pass(
            format!(
                "at {} naming GP practices or a supplier, everyone recorded present with a related registered interest has a declaration or a conflict recorded",
                if looked_at == 1 { "the 1 decision".to_owned() } else { format!("all {looked_at} decisions") }
            ),
            &f.decisions_file,
        )
        .section(Section::Decisions),
        Some(first) => {
            let more = if found.len() > 1 { format!("; and {} more", found.len() - 1) } else { String::new() };
            Outcome::fail(
                format!("{}{more}", first.describe()),
                "record the declaration at the meeting (`declarations`, with the agenda `item`) or the conflict on the decision (`conflicts`)",
                &f.interests_file,
            )
            .section(Section::Decisions)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::{Path, PathBuf};

    use super::*;

    #[test]
    fn every_check_has_its_own_id_and_its_number_is_its_place() {
        let ids: HashSet<CheckId> = CHECKS.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), CHECKS.len(), "two checks share an id");
        for (i, check) in CHECKS.iter().enumerate() {
            assert_eq!(check.id.number(), i + 1, "{:?}", check.id);
            assert_eq!(check.id.check().id, check.id);
            assert_eq!(check.id.title(), check.title);
        }
    }

    /// Check 11's finding in public words: the flag with its count, the
    /// person recorded present at the meeting and the item that took the
    /// decision, and no file or line; a withheld entry gives nothing of its own.
    #[test]
    fn a_finding_says_what_the_records_show_and_no_more() {
        assert_eq!(Undeclared::flag(1), "No declaration recorded (1 registered interest)");
        assert_eq!(Undeclared::flag(2), "No declaration recorded (2 registered interests)");
        let u = Undeclared {
            decision: "D-1".into(),
            decision_title: "Rent review".into(),
            name: "Dr A Bee".into(),
            withheld: Withholding::No,
            interest: "Partner, Xeno Surgery".into(),
            line: 27,
            meeting_date: Date::parse("2016-05-04").unwrap(),
            item: Some("4".into()),
            concerns: "Xeno Surgery (E1)".into(),
        };
        assert_eq!(
            u.describe(),
            "the register of interests shows Dr A Bee: \"Partner, Xeno Surgery\", which concerns Xeno Surgery (E1); Dr A Bee is recorded present \
             at the meeting of 4 May 2016, and decision D-1 was taken at item 4; no declaration is recorded for item 4 and no conflict is noted on the decision"
        );
        let no_item = Undeclared { item: None, ..u.clone() }.describe();
        assert!(no_item.contains("where decision D-1 was taken; no declaration is recorded for it (the agenda does not say"), "{no_item}");
        let entry = Undeclared { withheld: Withholding::Entry, interest: String::new(), line: 0, ..u.clone() }.describe();
        for s in ["Dr A Bee", "Xeno", "E1", "27", "line", "interests.yaml"] {
            assert!(!entry.contains(s), "{s:?} in {entry}");
        }
        assert!(entry.contains("an entry withheld under NHS England's guidance (details withheld)"), "{entry}");
    }

    /// A copy of `tests/fixtures/minimal` in a folder of its own.
    fn copy_of_minimal(label: &str) -> PathBuf {
        fn copy(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for e in std::fs::read_dir(from).unwrap() {
                let e = e.unwrap();
                if e.file_type().unwrap().is_dir() {
                    copy(&e.path(), &to.join(e.file_name()));
                } else {
                    std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
                }
            }
        }
        let dir = std::env::temp_dir().join(format!("ccgpages-checks-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"), &dir);
        dir
    }

    /// `reads` names what each check reads, by its id: with every file of a
    /// CCG but ccg.yaml unreadable, no check fails for want of one of them
    /// (it is unknown, the file reported as an error). A check whose entry
    /// missed a file it fails on would fail here.
    #[test]
    fn reads_covers_every_check_by_id() {
        let root = copy_of_minimal("reads");
        let alpha = root.join("ccgs").join("alpha");
        let mut broken = Vec::new();
        for e in walkdir::WalkDir::new(&alpha).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
            let garbage = match e.path().extension().and_then(|x| x.to_str()) {
                Some("yaml") if e.file_name() != "ccg.yaml" => "{ not: [yaml\n",
                Some("md") => "---\n{ not: [yaml\n---\n",
                _ => continue,
            };
            std::fs::write(e.path(), garbage).unwrap();
            broken.push(e.path().to_owned());
        }
        assert!(broken.len() >= 5, "{broken:?}");
        let (content, _) = crate::load::load(&root);
        assert!(broken.iter().all(|b| content.unparsed.contains(b)), "{:?}", content.unparsed);
        let withheld = Withheld::of_people(content.withheld_people());
        let results = run(&content, &withheld, Date::parse("2016-06-30").unwrap());
        let alpha = results.of("alpha").unwrap();
        assert_eq!(alpha.results.len(), CHECKS.len());
        for r in &alpha.results {
            assert!(r.status != Status::Fail || r.file.ends_with("/ccg.yaml"), "{:?} fails on a file it could not read: {r:?}", r.id);
        }
        for id in [CheckId::InterestsPublished, CheckId::EveryoneDeclared, CheckId::DecisionsUpToDate] {
            assert_eq!(alpha.result(id).unwrap().status, Status::Unknown, "{id:?}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
