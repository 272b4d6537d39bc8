//! A CCG's folder (`ccg.yaml`, terms of reference, papers) and a group's
//! (`group.yaml`): the types and the lookups on them.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::values::{list, or_default, or_yes, yes};
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

// ---- group.yaml -----------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupProfile {
    pub name: String,
    pub members: Vec<String>,
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
        self.interests.iter().flat_map(|r| r.data.entries.iter()).filter(|e| e.withheld).map(|e| e.name.as_str())
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
