//! `/ccgs.json`: the machine-readable index of every CCG, with Popolo
//! organisations, people and memberships for the committees.

use std::collections::HashSet;

use serde::Serialize;

use super::interests::PersonIds;
use crate::checks::CcgChecks;
use crate::markdown;
use crate::model::*;
use crate::render::{Published, SitePath, data_files};

#[derive(Serialize)]
pub(super) struct CcgsFile<'a> {
    title: &'a str,
    url: &'a str,
    as_of: Date,
    ccgs: Vec<CcgJson<'a>>,
    organizations: Vec<OrgJson<'a>>,
    persons: Vec<PopoloPerson<'a>>,
    memberships: Vec<MembershipJson<'a>>,
}

#[derive(Serialize)]
struct CcgJson<'a> {
    id: &'a str,
    name: &'a str,
    ods_code: &'a str,
    region: &'a str,
    area_team: Option<&'a str>,
    website: Option<&'a str>,
    population: Option<u64>,
    member_practices: Option<u32>,
    established: Option<Date>,
    closed: Option<Date>,
    successor: Option<&'a str>,
    successor_name: Option<&'a str>,
    level: Option<&'static str>,
    levels: Vec<LevelJson>,
    url: String,
    files: Vec<FileJson>,
    meetings: usize,
    decisions: Option<usize>,
    decisions_updated: Option<Date>,
    interests_entries: Option<usize>,
    interests_updated: Option<Date>,
    checks_on: Date,
    checks: Vec<CheckJson<'a>>,
}

#[derive(Serialize)]
struct LevelJson {
    level: &'static str,
    from: Date,
    to: Option<Date>,
}

#[derive(Serialize)]
struct FileJson {
    name: &'static str,
    url: String,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    number: usize,
    title: &'a str,
    status: crate::checks::Status,
    reason: &'a str,
}

#[derive(Serialize)]
struct OrgJson<'a> {
    id: String,
    name: &'a str,
    classification: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    identifiers: Vec<IdentifierJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    founding_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dissolution_date: Option<Date>,
}

#[derive(Serialize)]
struct IdentifierJson<'a> {
    scheme: &'static str,
    identifier: &'a str,
}

#[derive(Serialize)]
struct PopoloPerson<'a> {
    id: String,
    name: &'a str,
}

#[derive(Serialize)]
struct MembershipJson<'a> {
    person_id: String,
    organization_id: String,
    role: &'a str,
    category: &'static str,
    voting: bool,
    chair: bool,
    start_date: Option<Date>,
    end_date: Option<Date>,
}

pub(super) fn ccgs_json<'a>(cx: &Published<'a>) -> CcgsFile<'a> {
    let content = cx.content;
    let mut file = CcgsFile {
        title: cx.site_title(),
        url: &cx.input.base_url,
        as_of: cx.input.as_of,
        ccgs: Vec::new(),
        organizations: Vec::new(),
        persons: Vec::new(),
        memberships: Vec::new(),
    };
    for ccg in &content.ccgs {
        file.ccgs.push(ccg_json(cx, ccg, cx.checks(ccg)));
        let p = &ccg.profile.data;
        file.organizations.push(OrgJson {
            id: ccg.id.clone(),
            name: &p.name,
            classification: "clinical commissioning group",
            parent_id: None,
            identifiers: vec![IdentifierJson { scheme: "ods", identifier: &p.ods_code }],
            founding_date: p.established,
            dissolution_date: p.closed,
        });
        committees(cx, ccg, &mut file);
    }
    for g in &content.groups {
        file.organizations.push(OrgJson {
            id: format!("groups/{}", g.id),
            name: &g.profile.data.name,
            classification: "committees in common",
            parent_id: None,
            identifiers: Vec::new(),
            founding_date: None,
            dissolution_date: None,
        });
    }
    file
}

fn ccg_json<'a>(cx: &Published<'a>, ccg: &'a Ccg, checks: &'a CcgChecks) -> CcgJson<'a> {
    let p = &ccg.profile.data;
    CcgJson {
        id: &ccg.id,
        name: &p.name,
        ods_code: &p.ods_code,
        region: &p.region,
        area_team: p.area_team.as_deref(),
        website: p.website.as_deref().filter(|w| markdown::is_safe_link(w)),
        population: p.population,
        member_practices: p.member_practices,
        established: p.established,
        closed: p.closed,
        successor: p.successor.as_deref(),
        successor_name: p.successor_name.as_deref(),
        level: ccg.level_on(checks.on).map(Level::as_str),
        levels: p.co_commissioning.iter().map(|l| LevelJson { level: l.level.as_str(), from: l.from, to: l.to }).collect(),
        url: cx.abs(&SitePath::ccg(&ccg.id)),
        files: data_files(ccg).into_iter().map(|f| FileJson { name: f.name(), url: cx.abs(&SitePath::data_file(ccg, f)) }).collect(),
        meetings: cx.meetings_of(ccg).len(),
        decisions: ccg.decisions.as_ref().map(|r| r.data.entries.len()),
        decisions_updated: ccg.decisions.as_ref().map(|r| r.data.updated),
        interests_entries: ccg.interests.as_ref().map(|r| r.data.entries.len()),
        interests_updated: ccg.interests.as_ref().map(|r| r.data.updated),
        checks_on: checks.on,
        checks: checks
            .results
            .iter()
            .map(|r| CheckJson { number: r.id.number(), title: r.id.title(), status: r.status, reason: &r.reason })
            .collect(),
    }
}

/// The CCG's committees as organisations, their members as people (once
/// each, by the ids the register of interests uses) and memberships.
fn committees<'a>(cx: &Published, ccg: &'a Ccg, file: &mut CcgsFile<'a>) {
    let ids = PersonIds::new(cx, ccg);
    let mut seen = HashSet::new();
    for c in &ccg.profile.data.committees {
        let org = format!("{}/{}", ccg.id, c.id);
        file.organizations.push(OrgJson {
            id: org.clone(),
            name: &c.name,
            classification: "committee",
            parent_id: Some(&ccg.id),
            identifiers: Vec::new(),
            founding_date: None,
            dissolution_date: None,
        });
        // A member whose register entry is withheld in full is not listed:
        // their role, category, chair and dates could say who they are.
        for m in c.members.iter().filter(|m| !cx.withholding(&m.name).is_entry()) {
            let pid = ids.get(&m.name).to_owned();
            if seen.insert(pid.clone()) {
                file.persons.push(PopoloPerson { id: pid.clone(), name: cx.person(&m.name) });
            }
            file.memberships.push(MembershipJson {
                person_id: pid,
                organization_id: org.clone(),
                role: &m.role,
                category: m.category.as_str(),
                voting: m.voting,
                chair: m.chair,
                start_date: m.from,
                end_date: m.to,
            });
        }
    }
}
