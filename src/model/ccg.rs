//! A CCG's folder (`ccg.yaml`, terms of reference, papers) and a group's
//! (`group.yaml`): the types and the lookups on them.

use std::collections::HashMap;
use std::path::PathBuf;

pub use crate::stamp::FileStamp;

use schemars::JsonSchema;
use serde::Deserialize;

use super::values::{list, or_default, or_yes, region_schema, yes};
use super::{Date, Decision, ExtraMap, Gift, InterestEntry, Level, Loaded, Meeting, MemberCategory, Practice, Register, ScopeRoute};

#[derive(Debug)]
pub struct Ccg {
    pub id: String,
    pub profile: Loaded<CcgProfile>,
    pub terms: Vec<Loaded<TermsFile>>,
    pub meetings: Vec<Meeting>,
    pub decisions: Option<Loaded<Register<Decision>>>,
    pub interests: Option<Loaded<Register<InterestEntry>>>,
    pub gifts: Option<Loaded<Register<Gift>>>,
    /// The CCG's member GP practices.
    pub practices: Option<Loaded<Register<Practice>>>,
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
    /// Its path in the content, for messages.
    pub source: PathBuf,
    pub size: u64,
    /// Whether a meeting of its CCG or group links to it (`file:` of a
    /// paper on its agenda). Only linked papers are published.
    pub linked: bool,
    /// The file as it was listed: it is read for names, copied into the
    /// site and served by the preview only through this, never by `source`
    /// again (a file put in its place since is refused).
    pub stamp: FileStamp,
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

// ---- ccg.yaml -------------------------------------------------------------

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CcgProfile {
    /// The CCG's full name, as it should be printed.
    pub name: String,
    /// The CCG's ODS code (`09A`). No two CCGs of the site may share one.
    pub ods_code: String,
    /// The NHS England region, written exactly as one of `North`, `Midlands and East`, `London`, `South` (the regions of 2013 to 2018) or `North East and Yorkshire`, `North West`, `Midlands`, `East of England`, `South East`, `South West` (those that followed): the home page groups CCGs by it, and the decisions page filters by it.
    #[schemars(schema_with = "region_schema")]
    pub region: String,
    /// The NHS England area team or sub-region.
    pub area_team: Option<String>,
    /// The CCG's own website, starting with `https://` or `http://`.
    pub website: Option<String>,
    /// Registered patients.
    pub population: Option<u64>,
    /// Member GP practices.
    pub member_practices: Option<u32>,
    /// The day the CCG was set up.
    pub established: Option<Date>,
    /// The day the CCG closed (after a merger, for example). Its records stay published, marked as closed, and its transparency checks are worked out as on this day.
    pub closed: Option<Date>,
    /// The CCG it merged into, when that CCG is on this site: its folder name (the id). The page links to it.
    pub successor: Option<String>,
    /// The name of the CCG it merged into, when that CCG is not on this site.
    pub successor_name: Option<String>,
    /// The CCG's co-commissioning level over time, oldest first. Periods must not overlap. Leave it out, or empty, for a CCG that has taken on none.
    #[serde(default, deserialize_with = "list")]
    pub co_commissioning: Vec<LevelPeriod>,
    /// The CCG's committees for primary care (usually one).
    #[serde(default, deserialize_with = "list")]
    pub committees: Vec<Committee>,
    /// How the public can attend the CCG's meetings, register to attend or ask a question (Markdown). Shown on every upcoming meeting's page and on the CCG's page. A committee's own `public_participation` is shown instead for its meetings.
    pub public_participation: Option<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelPeriod {
    /// The level in this period: level 1 `greater-involvement` (the CCG advises NHS England, which decides), level 2 `joint` (a joint committee of the CCG and NHS England decides), level 3 `delegated` (the CCG holds the budget and decides).
    pub level: Level,
    /// First day of the period.
    pub from: Date,
    /// Last day of the period; leave it out while the level still applies. The next period starts after this day.
    pub to: Option<Date>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Committee {
    /// The committee's short name, unique within the CCG (`pccc`): meetings and terms of reference name the committee by it, and it can become part of an address.
    pub id: String,
    /// The committee's full name.
    pub name: String,
    /// The group it meets in common with: a folder under `groups/` whose `members` list this CCG.
    pub group: Option<String>,
    /// The committee's members, past and present.
    #[serde(default, deserialize_with = "list")]
    pub members: Vec<Member>,
    /// How the public can attend this committee's meetings, register to attend or ask a question (Markdown). Shown on its upcoming meetings' pages, instead of the CCG's `public_participation`.
    pub public_participation: Option<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The person's name. Write it exactly the same way everywhere (here, in meetings, in the registers): the checks match people by their name as written.
    pub name: String,
    /// Their role, as it should be printed (`Lay member, Chair`).
    pub role: String,
    /// What kind of member they are: `lay` (a lay member), `clinical` (a GP or other clinician), `executive` (a CCG officer, such as the chief officer or chief finance officer), `nhs-england` (from NHS England), `local-authority` (the Health and Wellbeing Board or council), `healthwatch` (local Healthwatch), `other`. The transparency checks count members by category.
    pub category: MemberCategory,
    /// Whether they vote. Default `true`: write `voting: false` for observers, such as Healthwatch and the Health and Wellbeing Board.
    #[serde(default = "yes", deserialize_with = "or_yes")]
    pub voting: bool,
    /// `true` for the committee's chair. Default `false`. A committee may have only one current chair.
    #[serde(default, deserialize_with = "or_default")]
    pub chair: bool,
    /// The day they joined; leave it out if they were there from the start.
    pub from: Option<Date>,
    /// The day they left. Members whose `to` is before the as-of date, or whose `from` is after it, are not current: the CCG's page lists them apart from the current members, and the checks do not count them.
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

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermsOfReference {
    /// The committee these terms of reference are for: its `id` in `ccg.yaml`. One file per committee.
    pub committee: String,
    /// The page's title. Default "Terms of reference: " and the committee's name.
    pub title: Option<String>,
    /// The version number, as printed (`"2.1"`).
    pub version: Option<String>,
    /// The day this version was approved.
    pub approved: Date,
    /// Who approved it (`Governing Body`).
    pub approved_by: Option<String>,
    /// The date of the next review. Not before `approved`.
    pub review: Option<Date>,
    /// The quorum, in words.
    pub quorum: Option<String>,
    /// How the committee votes, in words.
    pub voting: Option<String>,
    /// Whether the committee meets in public. Default `true`.
    #[serde(default = "yes", deserialize_with = "or_yes")]
    pub meets_in_public: bool,
    /// The decision scope table: which decisions are taken how.
    #[serde(default, deserialize_with = "list")]
    pub decisions: Vec<ScopeRow>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeRow {
    /// The function or kind of decision (`List closure`).
    pub function: String,
    /// A heading to group rows under (`Determination of key decisions`).
    pub area: Option<String>,
    /// How it is decided: by the `committee`; by officers under an `approved-policy`; by the `urgent` decisions procedure; or `not-delegated` (kept by NHS England).
    pub route: ScopeRoute,
    pub extra: ExtraMap,
}

// ---- group.yaml -----------------------------------------------------------------

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupProfile {
    /// The group's name.
    pub name: String,
    /// The member CCGs: their folder names (their ids).
    pub members: Vec<String>,
    /// What the group is, shown on its page.
    pub description: Option<String>,
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

    /// How the public can take part in the meetings of the committee `id`
    /// (or of the committee meeting in the group `id`, with `in_group`):
    /// the committee's `public_participation`, else the CCG's.
    pub fn public_participation(&self, id: Option<&str>, in_group: bool) -> Option<&str> {
        let committee = id.and_then(|id| {
            self.profile.data.committees.iter().find(|c| if in_group { c.group.as_deref() == Some(id) } else { c.id == id })
        });
        fn given(t: &Option<String>) -> Option<&str> {
            t.as_deref().filter(|t| !t.trim().is_empty())
        }
        committee.and_then(|c| given(&c.public_participation)).or_else(|| given(&self.profile.data.public_participation))
    }

    /// The name of the committee with this id.
    pub fn committee_name(&self, id: &str) -> Option<&str> {
        self.profile.data.committees.iter().find(|c| c.id == id).map(|c| c.name.as_str())
    }

    /// The CCG's member practices, as `practices.yaml` lists them.
    pub fn practice_entries(&self) -> &[Practice] {
        self.practices.as_ref().map_or(&[], |r| &r.data.entries)
    }

    /// Names of people whose register entry is withheld.
    pub fn withheld_names(&self) -> impl Iterator<Item = &str> {
        self.withheld_entries().map(|e| e.name.as_str())
    }

    /// The register entries that are withheld.
    pub fn withheld_entries(&self) -> impl Iterator<Item = &InterestEntry> {
        self.interests.iter().flat_map(|r| r.data.entries.iter()).filter(|e| e.withheld.is_withheld())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_is_inclusive() {
        let d = |s| Date::parse(s).unwrap();
        assert!(current(Some(d("2015-04-01")), Some(d("2016-03-31")), d("2016-03-31")));
        assert!(!current(Some(d("2015-04-01")), Some(d("2016-03-31")), d("2016-04-01")));
        assert!(current(None, None, d("2016-04-01")));
    }
}
