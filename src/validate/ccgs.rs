//! Groups and CCG folders: folder names, members and successors, ODS
//! codes, co-commissioning levels, committees, terms of reference and the
//! register of interests.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::{Validator, is_url_id, is_web_url, locate};
use crate::diag::Diagnostic;
use crate::model::*;
use crate::suggest::{did_you_mean, one_of};

impl Validator<'_> {
    pub(super) fn groups(&mut self) {
        let ccg_ids: BTreeSet<&str> = self.content.ccgs.iter().map(|c| c.id.as_str()).collect();
        for group in &self.content.groups {
            let file = group.profile.file;
            if !is_url_id(&group.id) {
                let path = self.file(file).path.parent().unwrap_or(Path::new("")).to_path_buf();
                self.err_path(
                    &path,
                    format!(
                        "the folder name `{}` becomes part of the address: use only a-z, 0-9 and -, starting with a letter or digit",
                        group.id
                    ),
                );
            }
            let mut seen = BTreeSet::new();
            for member in &group.profile.data.members {
                if !seen.insert(member.as_str()) {
                    self.err(file, None, "members", member, format!("`{member}` is listed twice in `members`"));
                } else if !ccg_ids.contains(member.as_str()) && !self.unparsed(&ContentPath::ccg_profile(member)) {
                    self.err(
                        file,
                        None,
                        "members",
                        member,
                        format!(
                            "`members` lists `{member}`, but there is no CCG folder {}/{}",
                            ContentPath::ccg(member),
                            did_you_mean(member, ccg_ids.iter().copied())
                        ),
                    );
                }
            }
            for meeting in &group.meetings {
                self.meeting(meeting, None, &group.papers, None);
            }
        }
    }

    pub(super) fn ccgs(&mut self) {
        let ids: BTreeSet<&str> = self.content.ccgs.iter().map(|c| c.id.as_str()).collect();
        let mut ods: HashMap<&str, &str> = HashMap::new();
        for ccg in &self.content.ccgs {
            let file = ccg.profile.file;
            let p = &ccg.profile.data;
            if !is_url_id(&ccg.id) {
                let path = self.file(file).path.parent().unwrap_or(Path::new("")).to_path_buf();
                self.err_path(
                    &path,
                    format!(
                        "the folder name `{}` becomes part of the address: use only a-z, 0-9 and -, starting with a letter or digit",
                        ccg.id
                    ),
                );
            }
            if let Some(other) = ods.insert(p.ods_code.as_str(), ccg.id.as_str()) {
                self.err(
                    file,
                    None,
                    "ods_code",
                    &p.ods_code,
                    format!("ODS code `{}` is already used by {}/: each CCG's code must be unique", p.ods_code, ContentPath::ccg(other)),
                );
            }
            if let Some(succ) = &p.successor {
                if succ == &ccg.id {
                    self.err(file, None, "successor", succ, "a CCG cannot be its own successor".into());
                } else if !ids.contains(succ.as_str()) && !self.unparsed(&ContentPath::ccg_profile(succ)) {
                    self.err(
                        file,
                        None,
                        "successor",
                        succ,
                        format!(
                            "`successor` is `{succ}`, but there is no CCG folder {}/ (use `successor_name` for a CCG not on this site){}",
                            ContentPath::ccg(succ),
                            did_you_mean(succ, ids.iter().copied())
                        ),
                    );
                }
            }
            if !REGIONS.contains(&p.region.as_str()) {
                self.err(
                    file,
                    None,
                    "region",
                    &p.region,
                    format!(
                        "`region` `{}` is not one of the NHS England regions: {}{}",
                        p.region,
                        one_of(REGIONS.iter().copied()),
                        did_you_mean(&p.region, REGIONS.iter().copied())
                    ),
                );
            }
            if let (Some(a), Some(b)) = (p.established, p.closed)
                && b < a
            {
                self.err(file, None, "closed", &b.to_string(), format!("`closed` ({b}) is before `established` ({a})"));
            }
            if let Some(w) = &p.website
                && !is_web_url(w)
            {
                self.err(file, None, "website", w, format!("`website` must be an http or https address (found `{w}`)"));
            }
            self.levels(ccg);
            self.committees(ccg);
            self.participation(ccg);
            self.terms(ccg);
            let decision_ids = self.decisions(ccg);
            for meeting in &ccg.meetings {
                self.meeting(meeting, Some(ccg), &ccg.papers, Some(&decision_ids));
            }
            self.interests(ccg);
            if let Some(g) = &ccg.gifts {
                // Nothing spans files here; dates and money were checked on load.
                let _ = g;
            }
        }
    }

    fn levels(&mut self, ccg: &Ccg) {
        let file = ccg.profile.file;
        let mut periods: Vec<&LevelPeriod> = ccg.profile.data.co_commissioning.iter().collect();
        for p in &periods {
            if let Some(to) = p.to
                && to < p.from
            {
                self.err(
                    file,
                    Some(("from", &p.from.to_string())),
                    "to",
                    &to.to_string(),
                    format!("co-commissioning period ends ({to}) before it starts ({})", p.from),
                );
            }
        }
        periods.sort_by_key(|p| p.from);
        for w in periods.windows(2) {
            let ends = w[0].to;
            if ends.is_none_or(|t| t >= w[1].from) {
                self.err(file, None, "from", &w[1].from.to_string(), format!(
                    "co-commissioning periods overlap: `{}` from {} {} while `{}` starts on {}; periods are inclusive, so the next must start after the other's `to`",
                    w[0].level.as_str(),
                    w[0].from,
                    ends.map_or("has no end".to_owned(), |t| format!("runs to {t}")),
                    w[1].level.as_str(),
                    w[1].from
                ));
            }
        }
    }

    /// `public_participation` (the CCG's and each committee's) is Markdown:
    /// raw HTML in it that would not be published as written is an error at
    /// its line.
    fn participation(&mut self, ccg: &Ccg) {
        let file = ccg.profile.file;
        let p = &ccg.profile.data;
        let texts = p.committees.iter().map(|c| (Some(c.id.as_str()), &c.public_participation)).chain([(None, &p.public_participation)]);
        for (committee, text) in texts {
            let Some(text) = text else { continue };
            for problem in crate::markdown::problems(text) {
                let src = self.file(file);
                let anchor = committee.map(|id| ("id", id));
                // The key's line, the line of the problem below it when the
                // text is a block (`public_participation: |`).
                let (mut line, mut col) = locate(&src.text, anchor, "public_participation", "");
                if line > 0 && src.text.lines().nth(line - 1).is_some_and(|l| l.trim_end().ends_with(['|', '>'])) {
                    line += 1 + text.get(..problem.offset).unwrap_or(text).matches('\n').count();
                    col = src.text.lines().nth(line - 1).map_or(1, |l| l.len() - l.trim_start().len() + 1);
                }
                let whose = committee.map_or("the CCG's".to_owned(), |id| format!("committee `{id}`'s"));
                let mut d = Diagnostic::error(&src.path, format!("in {whose} `public_participation`: {}", problem.message));
                if line > 0 {
                    d = d.at(&src.text, line, col);
                }
                self.diags.push(d);
            }
        }
    }

    fn committees(&mut self, ccg: &Ccg) {
        let file = ccg.profile.file;
        let mut seen = BTreeSet::new();
        for c in &ccg.profile.data.committees {
            if !is_url_id(&c.id) {
                self.err(
                    file,
                    None,
                    "id",
                    &c.id,
                    format!("committee id `{}` becomes part of an address: use only a-z, 0-9 and -, starting with a letter or digit", c.id),
                );
            }
            if !seen.insert(c.id.as_str()) {
                self.err(file, None, "id", &c.id, format!("committee id `{}` is used twice in this CCG", c.id));
            }
            if let Some(g) = &c.group {
                match self.content.group(g) {
                    None if self.unparsed(&ContentPath::group(g).join(ContentPath::GROUP_PROFILE)) => {}
                    None => self.err(
                        file,
                        Some(("id", &c.id)),
                        "group",
                        g,
                        format!(
                            "committee `{}` meets in common with group `{g}`, but there is no folder {}/{}",
                            c.id,
                            ContentPath::group(g),
                            did_you_mean(g, self.content.groups.iter().map(|g| g.id.as_str()))
                        ),
                    ),
                    Some(group) if !group.profile.data.members.contains(&ccg.id) => self.err(
                        file,
                        Some(("id", &c.id)),
                        "group",
                        g,
                        format!(
                            "committee `{}` names group `{g}`, but {} does not list `{}` in `members`",
                            c.id,
                            ContentPath::group(g).join(ContentPath::GROUP_PROFILE),
                            ccg.id
                        ),
                    ),
                    Some(_) => {}
                }
            }
            let mut chairs = Vec::new();
            for m in &c.members {
                if let (Some(from), Some(to)) = (m.from, m.to)
                    && to < from
                {
                    self.err(
                        file,
                        Some(("name", &m.name)),
                        "to",
                        &to.to_string(),
                        format!("{}'s membership ends ({to}) before it starts ({from})", m.name),
                    );
                }
                if m.chair && m.is_current(self.as_of) {
                    chairs.push(m.name.as_str());
                }
            }
            if chairs.len() > 1 {
                let second = chairs[1].to_owned();
                self.err(
                    file,
                    None,
                    "name",
                    &second,
                    format!(
                        "committee `{}` has {} current chairs on {} ({}): a committee has at most one current chair",
                        c.id,
                        chairs.len(),
                        self.as_of,
                        chairs.join(", ")
                    ),
                );
            }
        }
    }

    fn terms(&mut self, ccg: &Ccg) {
        let mut seen: BTreeMap<&str, FileId> = BTreeMap::new();
        for t in &ccg.terms {
            let f = &t.data.front;
            if !ccg.profile.data.committees.iter().any(|c| c.id == f.committee) {
                self.err(
                    t.file,
                    None,
                    "committee",
                    &f.committee,
                    format!(
                        "`committee` is `{}`, but {}/ccg.yaml has no committee with that id{}",
                        f.committee,
                        ccg.id,
                        did_you_mean(&f.committee, ccg.profile.data.committees.iter().map(|c| c.id.as_str()))
                    ),
                );
            } else if let Some(prev) = seen.insert(f.committee.as_str(), t.file) {
                let other = self.file(prev).path.display().to_string();
                self.err(
                    t.file,
                    None,
                    "committee",
                    &f.committee,
                    format!("committee `{}` already has terms of reference in {other}: one file per committee", f.committee),
                );
            }
            if let Some(review) = f.review
                && review < f.approved
            {
                self.err(t.file, None, "review", &review.to_string(), format!("`review` ({review}) is before `approved` ({})", f.approved));
            }
        }
    }

    fn interests(&mut self, ccg: &Ccg) {
        let Some(reg) = &ccg.interests else { return };
        for e in &reg.data.entries {
            if e.interests.is_empty() && !e.nil_return {
                self.err(
                    reg.file,
                    None,
                    "name",
                    &e.name,
                    format!(
                        "{} has no interests listed: list them under `interests`, or write `nil_return: true` if they declared none",
                        if e.withheld.is_withheld() { "an entry (name withheld)" } else { &e.name }
                    ),
                );
            }
            for i in &e.interests {
                if let (Some(from), Some(to)) = (i.from, i.to)
                    && to < from
                {
                    self.err(
                        reg.file,
                        Some(("name", &e.name)),
                        "to",
                        &to.to_string(),
                        format!("an interest ends ({to}) before it starts ({from})"),
                    );
                }
            }
        }
    }
}
