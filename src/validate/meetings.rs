//! A meeting of a CCG or a group: its file name and date, committee,
//! agenda (numbers, papers, decisions) and declarations.

use std::collections::BTreeSet;

use super::papers::check_paper_path;
use super::{Validator, is_web_url, meeting_id_date};
use crate::model::*;
use crate::suggest::did_you_mean;

impl Validator<'_> {
    /// A meeting of a CCG (`ccg` is `Some`) or of a group.
    pub(super) fn meeting(&mut self, m: &Meeting, ccg: Option<&Ccg>, papers: &[PaperFile], decisions: Option<&BTreeSet<String>>) {
        let file = m.file;
        let f = &m.front;
        match meeting_id_date(&m.id) {
            None => self.err_path(&self.file(file).path.clone(), format!(
                "the file name `{}.md` must be the meeting's date, YYYY-MM-DD.md, or YYYY-MM-DD-<suffix>.md for a second meeting that day (suffix: a-z, 0-9, -)",
                m.id
            )),
            Some(d) if d != f.date => self.err(file, None, "date", &f.date.to_string(), format!(
                "`date` is {} but the file name says {d}: they must be equal",
                f.date
            )),
            Some(_) => {}
        }
        match (ccg, &f.committee) {
            (Some(ccg), None) => {
                self.err(file, None, "date", "", format!("`committee` is required in a CCG's meeting: one of {}", committee_list(ccg)))
            }
            (Some(ccg), Some(c)) if !ccg.profile.data.committees.iter().any(|x| &x.id == c) => self.err(
                file,
                None,
                "committee",
                c,
                format!(
                    "`committee` is `{c}`, but {}/ccg.yaml has no such committee; expected one of {}{}",
                    ccg.id,
                    committee_list(ccg),
                    did_you_mean(c, ccg.profile.data.committees.iter().map(|x| x.id.as_str()))
                ),
            ),
            (None, Some(c)) => self.err(
                file,
                None,
                "committee",
                c,
                "a group's meeting has no `committee`: it is the meeting of every member CCG's committee".into(),
            ),
            _ => {}
        }
        // A date gone by with the meeting still to come: whether it was held
        // is not recorded, and checks 9 and 10 count it as unknown.
        if f.status == MeetingStatus::Scheduled && f.date < self.as_of {
            let (as_of, date) = (self.as_of.long(), f.date.long());
            self.warn(file, "status", "", format!(
                "the meeting's date ({date}) is before {as_of}, but `status` is `scheduled`: set `status: held` if it took place, or `cancelled` or `postponed`; until then the papers and minutes checks count it as unknown"
            ));
        }
        if let (Some(s), Some(e)) = (f.start, f.end)
            && e < s
        {
            self.err(file, None, "end", &e.to_string(), format!("`end` ({e}) is before `start` ({s})"));
        }
        let mut numbers = BTreeSet::new();
        for item in &f.agenda {
            let anchor = Some(("number", item.number.as_str()));
            if !numbers.insert(item.number.as_str()) {
                self.err(file, None, "number", &item.number, format!("agenda number `{}` is used twice in this meeting", item.number));
            }
            for paper in &item.papers {
                let panchor = Some(("title", paper.title.as_str()));
                match (&paper.file, &paper.url) {
                    (Some(_), Some(_)) | (None, None) => self.err(
                        file,
                        anchor,
                        "title",
                        &paper.title,
                        format!(
                            "paper \"{}\" needs exactly one of `file` (a file under papers/) and `url` (a link elsewhere)",
                            paper.title
                        ),
                    ),
                    (Some(path), None) => {
                        if let Err(why) = check_paper_path(path, papers) {
                            self.err(file, panchor, "file", path, why);
                        }
                    }
                    (None, Some(url)) => {
                        if !is_web_url(url) {
                            self.err(
                                file,
                                panchor,
                                "url",
                                url,
                                format!("a paper's `url` must be an http or https address (found `{url}`)"),
                            );
                        }
                    }
                }
            }
            if let Some(dec) = &item.decision {
                match decisions {
                    None => self.err(file, anchor, "decision", dec,
                        "a group's meeting cannot record a `decision`: each CCG records its own decisions in its decisions.yaml, with `meeting: <group-id>/<meeting-id>`".into()),
                    Some(_) if ccg.is_some_and(|c| self.unparsed(&ContentPath::decisions(&c.id))) => {}
                    Some(ids) if !ids.contains(dec) => {
                        let why = if ccg.is_some_and(|c| c.decisions.is_none()) {
                            "this CCG has no decisions.yaml".to_owned()
                        } else {
                            "the register of decisions (decisions.yaml) has no entry with that id".to_owned()
                        };
                        self.err(file, anchor, "decision", dec, format!(
                            "agenda item {} records decision `{dec}`, but {why}{}",
                            item.number,
                            did_you_mean(dec, ids.iter().map(String::as_str))
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
        for d in &f.declarations {
            if let Some(item) = &d.item
                && !numbers.contains(item.as_str())
            {
                self.err(
                    file,
                    Some(("name", &d.name)),
                    "item",
                    item,
                    format!("{}'s declaration names agenda item `{item}`, but this meeting's agenda has no such number", d.name),
                );
            }
        }
    }
}

fn committee_list(ccg: &Ccg) -> String {
    let ids: Vec<String> = ccg.profile.data.committees.iter().map(|c| format!("`{}`", c.id)).collect();
    if ids.is_empty() { "(ccg.yaml lists no committees)".into() } else { ids.join(", ") }
}
