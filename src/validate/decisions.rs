//! The register of decisions: ids, the meetings decisions name, dates,
//! procurement periods and summaries.

use std::collections::BTreeSet;

use super::locate::locate_after;
use super::{Validator, is_decision_id, locate, meeting_id_date};
use crate::diag::Diagnostic;
use crate::model::*;
use crate::suggest::did_you_mean;

impl Validator<'_> {
    /// Checks the register of decisions; returns its ids.
    pub(super) fn decisions(&mut self, ccg: &Ccg) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        let Some(reg) = &ccg.decisions else { return ids };
        let file = reg.file;
        for d in &reg.data.entries {
            let anchor = Some(("id", d.id.as_str()));
            if !is_decision_id(&d.id) {
                self.err(
                    file,
                    None,
                    "id",
                    &d.id,
                    format!("decision id `{}` may hold only letters, digits, -, _ and . (e.g. CL-2015-007)", d.id),
                );
            }
            if !ids.insert(d.id.clone()) {
                let first = locate(&self.file(file).text, None, "id", &d.id).0;
                let src = self.file(file);
                let (line, col) = locate_after(&src.text, first, "id", &d.id);
                let mut diag =
                    Diagnostic::error(&src.path, format!("decision id `{}` is used twice in this register (first on line {first})", d.id));
                if line > 0 {
                    diag = diag.at(&src.text, line, col);
                }
                self.diags.push(diag);
            }
            if let Some(m) = &d.meeting {
                match self.meeting_date(ccg, m) {
                    Err(why) => self.err(file, anchor, "meeting", m, why),
                    Ok(Some(date)) if date != d.date => self.err(
                        file,
                        anchor,
                        "date",
                        &d.date.to_string(),
                        format!(
                            "decision `{}` is dated {} but its meeting `{m}` was on {date}: a decision's date is its meeting's date",
                            d.id, d.date
                        ),
                    ),
                    Ok(_) => {}
                }
            }
            if let Some(p) = &d.procurement
                && let (Some(s), Some(e)) = (p.start, p.end)
                && e < s
            {
                self.err(
                    file,
                    anchor,
                    "end",
                    &e.to_string(),
                    format!("procurement of decision `{}` ends ({e}) before it starts ({s})", d.id),
                );
            }
            if let Some(summary) = &d.summary {
                for problem in crate::markdown::problems(summary) {
                    self.err(file, anchor, "summary", "", format!("in the summary of decision `{}`: {}", d.id, problem.message));
                }
            }
        }
        ids
    }

    /// The date of the meeting a decision names: `<meeting-id>` of this CCG
    /// or `<group-id>/<meeting-id>` of a group it is in.
    fn meeting_date(&self, ccg: &Ccg, reference: &str) -> Result<Option<Date>, String> {
        if let Some((group_id, meeting_id)) = reference.split_once('/') {
            let Some(group) = self.content.group(group_id) else {
                return Err(format!(
                    "`meeting` is `{reference}`, but there is no group folder {}/{}",
                    ContentPath::group(group_id),
                    did_you_mean(group_id, self.content.groups.iter().map(|g| g.id.as_str()))
                ));
            };
            if !group.profile.data.members.contains(&ccg.id) {
                return Err(format!("`meeting` is `{reference}`, but group `{group_id}` does not list `{}` as a member", ccg.id));
            }
            if self.unparsed(&ContentPath::group_meeting(group_id, meeting_id)) {
                return Ok(None);
            }
            group.meetings.iter().find(|m| m.id == meeting_id).map(|m| Some(meeting_id_date(&m.id).unwrap_or(m.front.date))).ok_or_else(
                || {
                    format!(
                        "`meeting` is `{reference}`, but there is no {}{}",
                        ContentPath::group_meeting(group_id, meeting_id),
                        did_you_mean(meeting_id, group.meetings.iter().map(|m| m.id.as_str()))
                    )
                },
            )
        } else {
            if self.unparsed(&ContentPath::ccg_meeting(&ccg.id, reference)) {
                return Ok(None);
            }
            ccg.meetings
                .iter()
                .find(|m| m.id == reference)
                // The date in the file name: a meeting whose `date` disagrees is reported once, there.
                .map(|m| Some(meeting_id_date(&m.id).unwrap_or(m.front.date)))
                .ok_or_else(|| {
                    format!(
                        "`meeting` is `{reference}`, but there is no {} (a group's meeting is written <group-id>/<meeting-id>){}",
                        ContentPath::ccg_meeting(&ccg.id, reference),
                        did_you_mean(reference, ccg.meetings.iter().map(|m| m.id.as_str()))
                    )
                })
        }
    }
}
