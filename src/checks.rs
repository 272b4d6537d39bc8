//! The transparency checks of the content format, worked out per CCG.
//!
//! Each check is pass, fail, not applicable or unknown, with a one-line
//! reason and the file it concerns. A check that cannot be decided is
//! unknown, never a pass. A CCG that closed before the as-of date is checked
//! as on the day it closed.
//!
//! A check is known by its [`CheckId`], never by its title (display text
//! only). What stage 2 works out is handed on whole in [`CheckResults`],
//! by CCG id: render reads the results and check 11's findings there and
//! runs no check again.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::*;
use crate::withheld::Withheld;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Fail,
    NotApplicable,
    Unknown,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "Met",
            Status::Fail => "Not met",
            Status::NotApplicable => "Not applicable",
            Status::Unknown => "Unknown",
        }
    }
}

/// The eleven checks, in order: each with its id, its title and the function
/// that works it out for one CCG. A check's number is its id's, and its
/// place here, from 1.
pub const CHECKS: [Check; 11] = [
    Check {
        id: CheckId::InterestsPublished,
        title: "Register of interests published",
        asks: "The CCG publishes a register of the interests of its committee members and staff, and has reviewed it in the last 12 months.",
        run: interests_published,
    },
    Check {
        id: CheckId::TermsPublished,
        title: "Terms of reference published",
        asks: "Every committee of a CCG that takes decisions on GP services has its terms of reference published.",
        run: terms_published,
    },
    Check {
        id: CheckId::LayChair,
        title: "Lay chair",
        asks: "Every committee of a CCG that takes decisions on GP services has a chair, and the chair is a lay member.",
        run: lay_chair,
    },
    Check {
        id: CheckId::LayMajority,
        title: "Lay and executive majority",
        asks: "In every committee of a CCG that takes decisions on GP services, the lay, executive and NHS England members who vote outnumber the other voting members, such as GPs.",
        run: lay_majority,
    },
    Check {
        id: CheckId::ObserversInvited,
        title: "Observers invited",
        asks: "Every committee has a member from the local Healthwatch and one from the local authority's Health and Wellbeing Board, both without a vote.",
        run: observers_invited,
    },
    Check {
        id: CheckId::EveryoneDeclared,
        title: "Everyone declared",
        asks: "Every voting member of every committee has an entry in the register of interests: their interests, or a nil return saying they have none.",
        run: everyone_declared,
    },
    Check {
        id: CheckId::DecisionsUpToDate,
        title: "Decisions register up to date",
        asks: "The CCG publishes a register of its decisions, brought up to date since its latest meeting.",
        run: decisions_up_to_date,
    },
    Check {
        id: CheckId::DeclarationsMatch,
        title: "Declarations match the register",
        asks: "Everyone who declared an interest at a meeting, or had a conflict noted on a decision, has that interest in the register of interests.",
        run: declarations_match,
    },
    Check {
        id: CheckId::PapersOnTime,
        title: "Papers on time",
        asks: "The papers of every public meeting were published at least 3 clear days before it, as the Public Bodies (Admission to Meetings) Act 1960 requires.",
        run: papers_on_time,
    },
    Check {
        id: CheckId::MinutesPublished,
        title: "Minutes published",
        asks: "Every meeting held more than 6 weeks ago has its minutes published, draft or approved.",
        run: minutes_published,
    },
    Check {
        id: CheckId::InterestsDeclaredAtDecisions,
        title: "Registered interests declared at decisions",
        asks: "Everyone present when a decision was taken who has a registered interest in a GP practice or supplier it concerns declared that interest at the meeting, or has it noted on the decision.",
        run: interests_declared_at_decisions,
    },
];

/// A transparency check, by a name that stays when its title is reworded.
/// Its value is its number, which the site publishes (`/checks/<n>/`, the
/// open data's `number`): a check keeps its number, and the variants are in
/// the order of [`CHECKS`]. A new check is a new variant, its entry in
/// [`CHECKS`] and its arm in `reads`.
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
    /// What the check asks, in plain words, for the public (its page).
    pub asks: &'static str,
    run: fn(&Facts) -> Outcome,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// Which check (its number and title are the id's).
    pub id: CheckId,
    pub status: Status,
    /// One line: why this status.
    pub reason: String,
    /// What would make it pass (for failures).
    pub fix: Option<String>,
    /// The content file it concerns, relative to the content folder.
    pub file: String,
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

/// What a check found: its status, why, what would make it pass, and the
/// content file it concerns.
struct Outcome {
    status: Status,
    reason: String,
    fix: Option<&'static str>,
    file: String,
}

impl Outcome {
    fn pass(reason: impl Into<String>, file: &str) -> Outcome {
        Outcome { status: Status::Pass, reason: reason.into(), fix: None, file: file.to_owned() }
    }
    fn fail(reason: impl Into<String>, fix: &'static str, file: &str) -> Outcome {
        Outcome { status: Status::Fail, reason: reason.into(), fix: Some(fix), file: file.to_owned() }
    }
    fn not_applicable(reason: impl Into<String>, file: &str) -> Outcome {
        Outcome { status: Status::NotApplicable, reason: reason.into(), fix: None, file: file.to_owned() }
    }
    fn unknown(reason: impl Into<String>, file: &str) -> Outcome {
        Outcome { status: Status::Unknown, reason: reason.into(), fix: None, file: file.to_owned() }
    }
}

/// A meeting as seen from a CCG: its own, or one held in common by its group.
struct Seen<'a> {
    meeting: &'a Meeting,
    path: String,
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
}

impl<'a> Facts<'a> {
    fn new(content: &'a Content, withheld: &'a Withheld, ccg: &'a Ccg, as_of: Date) -> Facts<'a> {
        let profile = &ccg.profile.data;
        let day = profile.closed.filter(|c| *c < as_of).unwrap_or(as_of);
        let base = ContentPath::ccg(&ccg.id);
        let level = ccg.level_on(day);
        let mut meetings: Vec<Seen> = ccg.meetings.iter().map(|m| Seen { meeting: m, path: base.meeting(&m.id).to_string() }).collect();
        for g in content.groups.iter().filter(|g| g.profile.data.members.contains(&ccg.id)) {
            meetings.extend(g.meetings.iter().map(|m| Seen { meeting: m, path: ContentPath::group_meeting(&g.id, &m.id).to_string() }));
        }
        meetings.sort_by_key(|s| s.meeting.front.date);
        let (decisions_looked_at, undeclared) = undeclared_interests(content, withheld, ccg, day);
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

    /// Not applicable to a CCG that makes no decisions or has no committee
    /// (checks 2, 3 and 4).
    /// Whether a committee has anyone published as a current member: a
    /// committee with none cannot be judged on its chair, majority or
    /// observers from this content (the list is missing, not the people).
    fn has_members(&self, c: &Committee) -> bool {
        c.members.iter().any(|m| m.is_current(self.day))
    }

    /// Unknown, for the committees with no current member published
    /// (checks 3, 4 and 5, when none of their judged committees failed).
    fn no_members(&self) -> Option<Outcome> {
        let empty: Vec<&str> = self.profile.committees.iter().filter(|c| !self.has_members(c)).map(|c| c.name.as_str()).collect();
        (!empty.is_empty())
            .then(|| Outcome::unknown(format!("no current members of {} are published here", empty.join(" or ")), &self.ccg_yaml))
    }

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
            // there: a check that reads it is not known, not failed.
            if outcome.status == Status::Fail
                && let Some(file) = unreadable.iter().find(|f| reads(check.id).iter().any(|r| f.contains(r)))
            {
                outcome = Outcome::unknown(format!("not known: {file} could not be read (see the error reported there)"), file);
            }
            let Outcome { status, reason, fix, file } = outcome;
            CheckResult { id: check.id, status, reason, fix: fix.map(str::to_owned), file }
        })
        .collect();
    let Facts { day, undeclared, .. } = facts;
    CcgChecks { ccg: ccg.id.clone(), on: day, results, undeclared }
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

/// Every failed check as a warning naming the CCG and the file it concerns.
pub fn warnings(content: &Content, checks: &CheckResults) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in checks.iter() {
        for r in c.results.iter().filter(|r| r.status == Status::Fail) {
            let (number, title) = (r.id.number(), r.id.title());
            let mut msg = format!("{} (check {number}: {title}): {}", c.ccg, r.reason);
            if let Some(fix) = &r.fix {
                msg.push_str("; to pass: ");
                msg.push_str(fix);
            }
            out.push(Diagnostic::warning(content.root.join(&r.file), msg).titled(format!("Transparency check {number}: {title}")));
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
        None => Outcome::fail("no register of interests (interests.yaml) is published", "publish interests.yaml", &f.interests_file),
        Some(r) if r.data.updated < f.day.minus_months(12) => Outcome::fail(
            format!("register last reviewed {} months before {}", r.data.updated.months_until(f.day), f.day.long()),
            "review the register and set `updated` to the day it was reviewed",
            &f.interests_file,
        ),
        Some(r) => Outcome::pass(format!("register reviewed on {}", r.data.updated.long()), &f.interests_file),
    }
}

/// Check 2: Terms of reference published for every committee.
fn terms_published(f: &Facts) -> Outcome {
    if let Some(na) = f.committee_decisions_not_applicable() {
        return na;
    }
    let missing: Vec<&str> = f
        .profile
        .committees
        .iter()
        .filter(|c| !f.ccg.terms.iter().any(|t| t.data.front.committee == c.id))
        .map(|c| c.name.as_str())
        .collect();
    if missing.is_empty() {
        Outcome::pass("every committee's terms of reference are published", &f.ccg_yaml)
    } else {
        Outcome::fail(
            format!("no terms of reference for {}", missing.join(", ")),
            "add a terms-of-reference file for each committee",
            f.base.join(&format!("{}.md", ContentPath::TERMS)).as_str(),
        )
    }
}

/// Check 3: Every committee has a current lay chair.
fn lay_chair(f: &Facts) -> Outcome {
    if let Some(na) = f.committee_decisions_not_applicable() {
        return na;
    }
    let mut problems = Vec::new();
    for c in f.profile.committees.iter().filter(|c| f.has_members(c)) {
        match c.members.iter().find(|m| m.chair && m.is_current(f.day)) {
            None => problems.push(format!("{} has no current chair", c.name)),
            Some(m) if m.category != MemberCategory::Lay => {
                problems.push(format!("the chair of {} is a {} member", c.name, m.category.label().to_lowercase()))
            }
            Some(_) => {}
        }
    }
    if problems.is_empty() {
        f.no_members().unwrap_or_else(|| Outcome::pass(format!("the chair is a lay member {}", f.when), &f.ccg_yaml))
    } else {
        Outcome::fail(problems.join("; "), "appoint a lay member as chair (`chair: true`, `category: lay`)", &f.ccg_yaml)
    }
}

/// Check 4: Lay, executive and NHS England voting members outnumber the others.
fn lay_majority(f: &Facts) -> Outcome {
    if let Some(na) = f.committee_decisions_not_applicable() {
        return na;
    }
    let mut problems = Vec::new();
    let mut summary = Vec::new();
    for c in f.profile.committees.iter().filter(|c| f.has_members(c)) {
        let voting: Vec<&Member> = c.members.iter().filter(|m| m.voting && m.is_current(f.day)).collect();
        let majority = voting
            .iter()
            .filter(|m| matches!(m.category, MemberCategory::Lay | MemberCategory::Executive | MemberCategory::NhsEngland))
            .count();
        let rest = voting.len() - majority;
        summary.push(format!("{majority} lay and executive to {rest} others"));
        if majority <= rest {
            problems.push(format!("{}: {majority} lay and executive voting members to {rest} others", c.name));
        }
    }
    if problems.is_empty() {
        f.no_members().unwrap_or_else(|| Outcome::pass(format!("{} {}", summary.join("; "), f.when), &f.ccg_yaml))
    } else {
        Outcome::fail(problems.join("; "), "lay, executive and NHS England voting members must outnumber the others", &f.ccg_yaml)
    }
}

/// Check 5: Healthwatch and the Health and Wellbeing Board sit as non-voting
/// observers on every committee.
fn observers_invited(f: &Facts) -> Outcome {
    if let Some(na) = f.no_committee() {
        return na;
    }
    let mut missing = Vec::new();
    for c in f.profile.committees.iter().filter(|c| f.has_members(c)) {
        for (cat, label) in
            [(MemberCategory::Healthwatch, "Healthwatch"), (MemberCategory::LocalAuthority, "Health and Wellbeing Board (local authority)")]
        {
            if !c.members.iter().any(|m| m.category == cat && !m.voting && m.is_current(f.day)) {
                missing.push(format!("{} has no non-voting {label} observer", c.name));
            }
        }
    }
    if missing.is_empty() {
        f.no_members()
            .unwrap_or_else(|| Outcome::pass("Healthwatch and the Health and Wellbeing Board sit as non-voting observers", &f.ccg_yaml))
    } else {
        Outcome::fail(missing.join("; "), "add current non-voting members of category `healthwatch` and `local-authority`", &f.ccg_yaml)
    }
}

/// Check 6: Every current voting member has an entry (interests or a nil return)
/// in the register.
fn everyone_declared(f: &Facts) -> Outcome {
    if let Some(na) = f.no_committee() {
        return na;
    }
    let mut undeclared: Vec<&str> = Vec::new();
    for c in &f.profile.committees {
        for m in c.members.iter().filter(|m| m.voting && m.is_current(f.day)) {
            let declared = f.entry_for(&m.name).is_some_and(|e| e.nil_return || !e.interests.is_empty());
            if !declared && !undeclared.contains(&m.name.as_str()) {
                undeclared.push(&m.name);
            }
        }
    }
    if f.ccg.interests.is_none() {
        Outcome::fail(
            "there is no register of interests to declare in",
            "publish interests.yaml with an entry for every voting member",
            &f.interests_file,
        )
    } else if undeclared.is_empty() {
        Outcome::pass("every current voting member has an entry in the register", &f.interests_file)
    } else {
        let names = published_names(f.withheld, undeclared.iter().copied());
        Outcome::fail(
            format!("no register entry for {names}"),
            "add an entry (interests or `nil_return: true`) for each",
            &f.interests_file,
        )
    }
}

/// Check 7: The register of decisions is updated after the latest meeting held.
fn decisions_up_to_date(f: &Facts) -> Outcome {
    if !f.decides {
        return Outcome { file: f.decisions_file.clone(), ..f.no_decisions() };
    }
    let latest = f.held().last().map(|s| s.meeting.front.date);
    match (&f.ccg.decisions, latest) {
        (None, _) => Outcome::fail("no register of decisions (decisions.yaml) is published", "publish decisions.yaml", &f.decisions_file),
        (Some(r), Some(latest)) if r.data.updated < latest => Outcome::fail(
            format!("register updated {} but the latest meeting was held on {}", r.data.updated.long(), latest.long()),
            "bring the register up to date and set `updated`",
            &f.decisions_file,
        ),
        (Some(r), _) => Outcome::pass(format!("register updated {}", r.data.updated.long()), &f.decisions_file),
    }
}

/// Check 8: Whoever declared an interest at a meeting, or is noted as conflicted
/// on a decision, holds interests on the register.
fn declarations_match(f: &Facts) -> Outcome {
    let mut unmatched: Vec<(&str, String)> = Vec::new();
    let mut count = 0;
    let holds_interest = |name: &str| f.entry_for(name).is_some_and(|e| !e.interests.is_empty());
    for m in &f.ccg.meetings {
        for d in &m.front.declarations {
            count += 1;
            if !holds_interest(&d.name) && !unmatched.iter().any(|(n, _)| *n == d.name) {
                unmatched.push((&d.name, f.base.meeting(&m.id).to_string()));
            }
        }
    }
    if let Some(r) = &f.ccg.decisions {
        for dec in &r.data.entries {
            for c in &dec.conflicts {
                count += 1;
                if !holds_interest(&c.name) && !unmatched.iter().any(|(n, _)| *n == c.name) {
                    unmatched.push((&c.name, f.decisions_file.clone()));
                }
            }
        }
    }
    match unmatched.first() {
        None if count == 0 => Outcome::pass("no interests were declared at meetings or noted on decisions", &f.interests_file),
        None => Outcome::pass(format!("all {count} declarations are held by people with interests on the register"), &f.interests_file),
        Some((_, file)) => {
            let names = published_names(f.withheld, unmatched.iter().map(|(n, _)| *n));
            Outcome::fail(format!("declared but not on the register: {names}"), "add their interests to interests.yaml", file)
        }
    }
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
        Outcome::fail(
            format!(
                "papers for {} were out {} clear day{} before it (3 are needed){}",
                s.meeting.front.date.long(),
                clear,
                if *clear == 1 { "" } else { "s" },
                if late.len() > 1 { format!(", and {} more meetings were late", late.len() - 1) } else { String::new() }
            ),
            "publish papers at least 3 clear days before each public meeting",
            &s.path,
        )
    } else if let Some(s) = unknown.first() {
        Outcome::unknown(
            format!("{} public meeting{} without a `papers_published` date", unknown.len(), if unknown.len() == 1 { "" } else { "s" }),
            &s.path,
        )
    } else if let Some(s) = stale.first() {
        Outcome::unknown(still_scheduled(stale.len(), f.day), &s.path)
    } else if on_time == 0 {
        Outcome::not_applicable("not applicable: no public meetings yet", &f.ccg_yaml)
    } else {
        Outcome::pass(format!("papers for all {on_time} public meetings were out 3 clear days before"), &f.ccg_yaml)
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
        Outcome::unknown(still_scheduled(stale.len(), cutoff), &s.path)
    } else if due.is_empty() {
        Outcome::not_applicable("not applicable: no meeting held more than 6 weeks ago", &f.ccg_yaml)
    } else if let Some(first) = missing.first() {
        Outcome::fail(
            format!(
                "no minutes for {} of {} meetings held more than 6 weeks ago (first: {})",
                missing.len(),
                due.len(),
                first.meeting.front.date.long()
            ),
            "publish the minutes (draft or approved) in the meeting file's body",
            &first.path,
        )
    } else {
        Outcome::pass(format!("minutes published for all {} meetings held more than 6 weeks ago", due.len()), &f.ccg_yaml)
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

/// The meeting of a decision check 11 looks at, its attendance and the
/// procurement's supplier: a decision taken at a meeting held on or before
/// `day`, with attendance recorded, that names practices or a supplier.
fn concerned<'a>(content: &'a Content, ccg: &'a Ccg, d: &'a Decision, day: Date) -> Option<(&'a Meeting, &'a Attendance, Option<&'a str>)> {
    let supplier = d.procurement.as_ref().and_then(|p| p.supplier.as_deref()).filter(|s| !s.trim().is_empty());
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
    if looked_at == 0 {
        return Outcome::not_applicable(
            "not applicable: no decision taken at a meeting with attendance recorded names practices or a supplier",
            &f.decisions_file,
        );
    }
    match found.first() {
        None => Outcome::pass(
            format!(
                "at all {looked_at} decision{} that name practices or a supplier, everyone present with a related registered interest declared it",
                if looked_at == 1 { "" } else { "s" }
            ),
            &f.decisions_file,
        ),
        Some(first) => {
            let more = if found.len() > 1 { format!("; and {} more", found.len() - 1) } else { String::new() };
            Outcome::fail(
                format!("{}{more}", first.describe()),
                "record the declaration at the meeting (`declarations`, with the agenda `item`) or the conflict on the decision (`conflicts`)",
                &f.interests_file,
            )
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
