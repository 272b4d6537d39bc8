//! The ten transparency checks of the content format, worked out per CCG.
//!
//! Each check is pass, fail, not applicable or unknown, with a one-line
//! reason and the file it concerns. A check that cannot be decided is
//! unknown, never a pass. A CCG that closed before the as-of date is checked
//! as on the day it closed.

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

/// Titles of the ten checks, in order.
pub const TITLES: [&str; 10] = [
    "Register of interests published",
    "Terms of reference published",
    "Lay chair",
    "Lay and executive majority",
    "Observers invited",
    "Everyone declared",
    "Decisions register up to date",
    "Declarations match the register",
    "Papers on time",
    "Minutes published",
];

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// 1 to 10.
    pub number: usize,
    pub title: &'static str,
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
    pub results: Vec<CheckResult>,
}

impl CcgChecks {
    pub fn met(&self) -> usize {
        self.results.iter().filter(|r| r.status == Status::Pass).count()
    }
    pub fn applicable(&self) -> usize {
        self.results.iter().filter(|r| r.status != Status::NotApplicable).count()
    }
}

/// A meeting as seen from a CCG: its own, or one held in common by its group.
struct Seen<'a> {
    meeting: &'a Meeting,
    path: String,
}

/// Works out the checks for every CCG, in the content's order. Their
/// reasons are published: a person they name is named as published
/// (`withheld`: "Name withheld" for a withheld name in any spelling).
pub fn run(content: &Content, withheld: &Withheld, as_of: Date) -> Vec<CcgChecks> {
    content.ccgs.iter().map(|ccg| check_ccg(content, withheld, ccg, as_of)).collect()
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

/// Every failed check as a warning naming the CCG and the file it concerns.
pub fn warnings(content: &Content, checks: &[CcgChecks]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in checks {
        for r in c.results.iter().filter(|r| r.status == Status::Fail) {
            let mut msg = format!("{} (check {}: {}): {}", c.ccg, r.number, r.title, r.reason);
            if let Some(fix) = &r.fix {
                msg.push_str("; to pass: ");
                msg.push_str(fix);
            }
            out.push(Diagnostic::warning(content.root.join(&r.file), msg));
        }
    }
    out
}

fn check_ccg(content: &Content, withheld: &Withheld, ccg: &Ccg, as_of: Date) -> CcgChecks {
    let p = &ccg.profile.data;
    let day = p.closed.filter(|c| *c < as_of).unwrap_or(as_of);
    let base = format!("ccgs/{}", ccg.id);
    let ccg_yaml = format!("{base}/ccg.yaml");
    let level = ccg.level_on(day);
    let decides = matches!(level, Some(Level::Joint | Level::Delegated));
    let no_decisions = || {
        format!(
            "not applicable: at level {} the CCG makes no decisions",
            level.map_or("none".into(), |l| format!("{} ({})", l.number(), l.label().to_lowercase()))
        )
    };
    let has_committees = !p.committees.is_empty();
    let no_committee = "not applicable: the CCG has no committee".to_owned();
    let when = if day < as_of { format!("on {}, the day it closed", day.long()) } else { format!("on {}", day.long()) };

    let mut meetings: Vec<Seen> = ccg.meetings.iter().map(|m| Seen { meeting: m, path: format!("{base}/meetings/{}.md", m.id) }).collect();
    for g in content.groups.iter().filter(|g| g.profile.data.members.contains(&ccg.id)) {
        meetings.extend(g.meetings.iter().map(|m| Seen { meeting: m, path: format!("groups/{}/meetings/{}.md", g.id, m.id) }));
    }
    meetings.sort_by_key(|s| s.meeting.front.date);
    let held: Vec<&Seen> =
        meetings.iter().filter(|s| s.meeting.front.status == MeetingStatus::Held && s.meeting.front.date <= day).collect();

    let interests_file = format!("{base}/interests.yaml");
    let entry_for = |name: &str| ccg.interests.as_ref().and_then(|r| r.data.entries.iter().find(|e| e.name == name));

    let mut results = Vec::with_capacity(10);
    let mut push = |status: Status, reason: String, fix: Option<&str>, file: String| {
        let number = results.len() + 1;
        results.push(CheckResult { number, title: TITLES[number - 1], status, reason, fix: fix.map(str::to_owned), file });
    };

    // 1. Register of interests published.
    match &ccg.interests {
        None => push(
            Status::Fail,
            "no register of interests (interests.yaml) is published".into(),
            Some("publish interests.yaml"),
            interests_file.clone(),
        ),
        Some(r) if r.data.updated < day.minus_months(12) => push(
            Status::Fail,
            format!("register last reviewed {} months before {}", r.data.updated.months_until(day), day.long()),
            Some("review the register and set `updated` to the day it was reviewed"),
            interests_file.clone(),
        ),
        Some(r) => push(Status::Pass, format!("register reviewed on {}", r.data.updated.long()), None, interests_file.clone()),
    }

    // 2. Terms of reference published.
    if !decides {
        push(Status::NotApplicable, no_decisions(), None, ccg_yaml.clone());
    } else if !has_committees {
        push(Status::NotApplicable, no_committee.clone(), None, ccg_yaml.clone());
    } else {
        let missing: Vec<&str> =
            p.committees.iter().filter(|c| !ccg.terms.iter().any(|t| t.data.front.committee == c.id)).map(|c| c.name.as_str()).collect();
        if missing.is_empty() {
            push(Status::Pass, "every committee's terms of reference are published".into(), None, ccg_yaml.clone());
        } else {
            push(
                Status::Fail,
                format!("no terms of reference for {}", missing.join(", ")),
                Some("add a terms-of-reference file for each committee"),
                format!("{base}/terms-of-reference.md"),
            );
        }
    }

    // 3. Lay chair; 4. Lay and executive majority.
    if !decides {
        push(Status::NotApplicable, no_decisions(), None, ccg_yaml.clone());
        push(Status::NotApplicable, no_decisions(), None, ccg_yaml.clone());
    } else if !has_committees {
        push(Status::NotApplicable, no_committee.clone(), None, ccg_yaml.clone());
        push(Status::NotApplicable, no_committee.clone(), None, ccg_yaml.clone());
    } else {
        let mut problems = Vec::new();
        for c in &p.committees {
            match c.members.iter().find(|m| m.chair && m.is_current(day)) {
                None => problems.push(format!("{} has no current chair", c.name)),
                Some(m) if m.category != MemberCategory::Lay => {
                    problems.push(format!("the chair of {} is a {} member", c.name, m.category.label().to_lowercase()))
                }
                Some(_) => {}
            }
        }
        if problems.is_empty() {
            push(Status::Pass, format!("the chair is a lay member {when}"), None, ccg_yaml.clone());
        } else {
            push(
                Status::Fail,
                problems.join("; "),
                Some("appoint a lay member as chair (`chair: true`, `category: lay`)"),
                ccg_yaml.clone(),
            );
        }

        let mut problems = Vec::new();
        let mut summary = Vec::new();
        for c in &p.committees {
            let voting: Vec<&Member> = c.members.iter().filter(|m| m.voting && m.is_current(day)).collect();
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
            push(Status::Pass, format!("{} {when}", summary.join("; ")), None, ccg_yaml.clone());
        } else {
            push(
                Status::Fail,
                problems.join("; "),
                Some("lay, executive and NHS England voting members must outnumber the others"),
                ccg_yaml.clone(),
            );
        }
    }

    // 5. Observers invited; 6. Everyone declared.
    if !has_committees {
        push(Status::NotApplicable, no_committee.clone(), None, ccg_yaml.clone());
        push(Status::NotApplicable, no_committee.clone(), None, ccg_yaml.clone());
    } else {
        let mut missing = Vec::new();
        for c in &p.committees {
            for (cat, label) in [
                (MemberCategory::Healthwatch, "Healthwatch"),
                (MemberCategory::LocalAuthority, "Health and Wellbeing Board (local authority)"),
            ] {
                if !c.members.iter().any(|m| m.category == cat && !m.voting && m.is_current(day)) {
                    missing.push(format!("{} has no non-voting {label} observer", c.name));
                }
            }
        }
        if missing.is_empty() {
            push(Status::Pass, "Healthwatch and the Health and Wellbeing Board sit as non-voting observers".into(), None, ccg_yaml.clone());
        } else {
            push(
                Status::Fail,
                missing.join("; "),
                Some("add current non-voting members of category `healthwatch` and `local-authority`"),
                ccg_yaml.clone(),
            );
        }

        let mut undeclared: Vec<&str> = Vec::new();
        for c in &p.committees {
            for m in c.members.iter().filter(|m| m.voting && m.is_current(day)) {
                let declared = entry_for(&m.name).is_some_and(|e| e.nil_return || !e.interests.is_empty());
                if !declared && !undeclared.contains(&m.name.as_str()) {
                    undeclared.push(&m.name);
                }
            }
        }
        if ccg.interests.is_none() {
            push(
                Status::Fail,
                "there is no register of interests to declare in".into(),
                Some("publish interests.yaml with an entry for every voting member"),
                interests_file.clone(),
            );
        } else if undeclared.is_empty() {
            push(Status::Pass, "every current voting member has an entry in the register".into(), None, interests_file.clone());
        } else {
            let names = published_names(withheld, undeclared.iter().copied());
            push(
                Status::Fail,
                format!("no register entry for {names}"),
                Some("add an entry (interests or `nil_return: true`) for each"),
                interests_file.clone(),
            );
        }
    }

    // 7. Decisions register up to date.
    let decisions_file = format!("{base}/decisions.yaml");
    if !decides {
        push(Status::NotApplicable, no_decisions(), None, decisions_file);
    } else {
        let latest = held.last().map(|s| s.meeting.front.date);
        match (&ccg.decisions, latest) {
            (None, _) => push(
                Status::Fail,
                "no register of decisions (decisions.yaml) is published".into(),
                Some("publish decisions.yaml"),
                decisions_file,
            ),
            (Some(r), Some(latest)) if r.data.updated < latest => push(
                Status::Fail,
                format!("register updated {} but the latest meeting was held on {}", r.data.updated.long(), latest.long()),
                Some("bring the register up to date and set `updated`"),
                decisions_file,
            ),
            (Some(r), _) => push(Status::Pass, format!("register updated {}", r.data.updated.long()), None, decisions_file),
        }
    }

    // 8. Declarations match the register.
    {
        let mut unmatched: Vec<(String, String)> = Vec::new();
        let mut count = 0;
        let holds_interest = |name: &str| entry_for(name).is_some_and(|e| !e.interests.is_empty());
        for m in &ccg.meetings {
            for d in &m.front.declarations {
                count += 1;
                if !holds_interest(&d.name) && !unmatched.iter().any(|(n, _)| n == &d.name) {
                    unmatched.push((d.name.clone(), format!("{base}/meetings/{}.md", m.id)));
                }
            }
        }
        if let Some(r) = &ccg.decisions {
            for dec in &r.data.entries {
                for c in &dec.conflicts {
                    count += 1;
                    if !holds_interest(&c.name) && !unmatched.iter().any(|(n, _)| n == &c.name) {
                        unmatched.push((c.name.clone(), decisions_file_for(&base)));
                    }
                }
            }
        }
        if unmatched.is_empty() {
            let reason = if count == 0 {
                "no interests were declared at meetings or noted on decisions".into()
            } else {
                format!("all {count} declarations are held by people with interests on the register")
            };
            push(Status::Pass, reason, None, interests_file.clone());
        } else {
            let names = published_names(withheld, unmatched.iter().map(|(n, _)| n.as_str()));
            push(
                Status::Fail,
                format!("declared but not on the register: {names}"),
                Some("add their interests to interests.yaml"),
                unmatched[0].1.clone(),
            );
        }
    }

    // 9. Papers on time.
    {
        let mut late = Vec::new();
        let mut unknown = Vec::new();
        let mut on_time = 0;
        for s in &meetings {
            let f = &s.meeting.front;
            if !f.public || matches!(f.status, MeetingStatus::Cancelled | MeetingStatus::Postponed) {
                continue;
            }
            match f.papers_published {
                Some(published) => {
                    let clear = f.date.to_days() - published.to_days() - 1;
                    if clear < 3 {
                        late.push((s, clear.max(0)));
                    } else {
                        on_time += 1;
                    }
                }
                None if f.status == MeetingStatus::Held && f.date <= day => unknown.push(s),
                None => {}
            }
        }
        if let Some((s, clear)) = late.first() {
            push(
                Status::Fail,
                format!(
                    "papers for {} were out {} clear day{} before it (3 are needed){}",
                    s.meeting.front.date.long(),
                    clear,
                    if *clear == 1 { "" } else { "s" },
                    if late.len() > 1 { format!(", and {} more meetings were late", late.len() - 1) } else { String::new() }
                ),
                Some("publish papers at least 3 clear days before each public meeting"),
                s.path.clone(),
            );
        } else if let Some(s) = unknown.first() {
            push(
                Status::Unknown,
                format!("{} public meeting{} without a `papers_published` date", unknown.len(), if unknown.len() == 1 { "" } else { "s" }),
                None,
                s.path.clone(),
            );
        } else if on_time == 0 {
            push(Status::NotApplicable, "not applicable: no public meetings yet".into(), None, ccg_yaml.clone());
        } else {
            push(Status::Pass, format!("papers for all {on_time} public meetings were out 3 clear days before"), None, ccg_yaml.clone());
        }
    }

    // 10. Minutes published.
    {
        let cutoff = day.add_days(-42);
        let due: Vec<&&Seen> = held.iter().filter(|s| s.meeting.front.date < cutoff).collect();
        let missing: Vec<&&&Seen> = due.iter().filter(|s| s.meeting.minutes_status() == MinutesStatus::None).collect();
        if due.is_empty() {
            push(Status::NotApplicable, "not applicable: no meeting held more than 6 weeks ago".into(), None, ccg_yaml.clone());
        } else if let Some(first) = missing.first() {
            push(
                Status::Fail,
                format!(
                    "no minutes for {} of {} meetings held more than 6 weeks ago (first: {})",
                    missing.len(),
                    due.len(),
                    first.meeting.front.date.long()
                ),
                Some("publish the minutes (draft or approved) in the meeting file's body"),
                first.path.clone(),
            );
        } else {
            push(
                Status::Pass,
                format!("minutes published for all {} meetings held more than 6 weeks ago", due.len()),
                None,
                ccg_yaml.clone(),
            );
        }
    }

    CcgChecks { ccg: ccg.id.clone(), on: day, results }
}

fn decisions_file_for(base: &str) -> String {
    format!("{base}/decisions.yaml")
}
