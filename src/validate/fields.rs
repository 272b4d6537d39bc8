//! The free-text fields of the content, for the withheld-name check.

use std::collections::BTreeMap;

use crate::model::*;
use crate::withheld::Withheld;

/// The published free-text values of the content, as (file, key, value,
/// whether it is Markdown), of the files that may name a withheld person.
/// Fields that name a person are left out: they are published as "Name
/// withheld" when they name one, and so is a register entry that does.
pub(super) struct Fields<'a> {
    pub(super) content: &'a Content,
    pub(super) suspect: &'a [bool],
    pub(super) withheld: &'a Withheld,
    pub(super) list: Vec<(FileId, &'a str, &'a str, bool)>,
}

impl<'a> Fields<'a> {
    fn text(&mut self, file: FileId, key: &'a str, value: &'a str) {
        if self.suspect[file.index()] {
            self.list.push((file, key, value, false));
        }
    }

    fn opt(&mut self, file: FileId, key: &'a str, value: &'a Option<String>) {
        if let Some(v) = value {
            self.text(file, key, v);
        }
    }

    fn extra(&mut self, file: FileId, extra: &'a ExtraMap) {
        if let Some(map) = extra {
            self.map(file, map);
        }
    }

    fn map(&mut self, file: FileId, map: &'a BTreeMap<String, Extra>) {
        for (k, v) in map {
            self.text(file, k, k);
            self.value(file, k, v);
        }
    }

    fn value(&mut self, file: FileId, key: &'a str, v: &'a Extra) {
        match v {
            Extra::Text(s) => self.text(file, key, s),
            Extra::List(l) => l.iter().for_each(|x| self.value(file, key, x)),
            Extra::Map(m) => self.map(file, m),
            _ => {}
        }
    }

    pub(super) fn content(&mut self, c: &'a Content) {
        if let Some(site) = &c.site {
            let (f, s) = (site.file, &site.data);
            self.text(f, "title", &s.title);
            self.opt(f, "description", &s.description);
            self.text(f, "base_url", &s.base_url);
            self.opt(f, "language", &s.language);
            self.opt(f, "publisher", &s.publisher);
            self.opt(f, "contact", &s.contact);
            self.opt(f, "cname", &s.cname);
            self.extra(f, &s.extra);
        }
        for p in &c.pages {
            self.text(p.file, "title", &p.front.title);
            self.opt(p.file, "description", &p.front.description);
            self.extra(p.file, &p.front.extra);
        }
        for g in &c.groups {
            let (f, p) = (g.profile.file, &g.profile.data);
            self.text(f, "name", &p.name);
            self.opt(f, "description", &p.description);
            p.members.iter().for_each(|m| self.text(f, "members", m));
            self.extra(f, &p.extra);
            g.meetings.iter().for_each(|m| self.meeting(m));
        }
        for ccg in &c.ccgs {
            self.ccg(ccg);
        }
    }

    fn ccg(&mut self, ccg: &'a Ccg) {
        let (f, p) = (ccg.profile.file, &ccg.profile.data);
        self.text(f, "name", &p.name);
        self.text(f, "ods_code", &p.ods_code);
        self.text(f, "region", &p.region);
        self.opt(f, "area_team", &p.area_team);
        self.opt(f, "website", &p.website);
        self.opt(f, "successor", &p.successor);
        self.opt(f, "successor_name", &p.successor_name);
        if let Some(t) = &p.public_participation {
            // Published as Markdown, read as it is published (see `summary`).
            self.list.push((f, "public_participation", t, true));
        }
        self.extra(f, &p.extra);
        p.co_commissioning.iter().for_each(|l| self.extra(f, &l.extra));
        for com in &p.committees {
            self.text(f, "id", &com.id);
            self.text(f, "name", &com.name);
            self.opt(f, "group", &com.group);
            if let Some(t) = &com.public_participation {
                self.list.push((f, "public_participation", t, true));
            }
            self.extra(f, &com.extra);
            for m in &com.members {
                self.text(f, "role", &m.role);
                self.extra(f, &m.extra);
            }
        }
        for t in &ccg.terms {
            let (f, d) = (t.file, &t.data.front);
            self.text(f, "committee", &d.committee);
            self.opt(f, "title", &d.title);
            self.opt(f, "version", &d.version);
            self.opt(f, "approved_by", &d.approved_by);
            self.opt(f, "quorum", &d.quorum);
            self.opt(f, "voting", &d.voting);
            self.extra(f, &d.extra);
            for r in &d.decisions {
                self.text(f, "function", &r.function);
                self.opt(f, "area", &r.area);
                self.extra(f, &r.extra);
            }
        }
        ccg.meetings.iter().for_each(|m| self.meeting(m));
        if let Some(reg) = &ccg.decisions {
            let f = reg.file;
            self.extra(f, &reg.data.extra);
            for d in &reg.data.entries {
                self.text(f, "id", &d.id);
                self.text(f, "title", &d.title);
                self.opt(f, "meeting", &d.meeting);
                if let Some(s) = &d.summary {
                    // Published as Markdown, read as it is published: a link
                    // (`[Dr Quentin](…) Zyborg`) can join words the file as
                    // written does not, so it is read whatever the file holds.
                    self.list.push((f, "summary", s, true));
                }
                self.extra(f, &d.extra);
                for c in &d.conflicts {
                    self.text(f, "interest", &c.interest);
                    self.text(f, "action", &c.action);
                    self.extra(f, &c.extra);
                }
                if let Some(p) = &d.procurement {
                    self.opt(f, "reference", &p.reference);
                    self.opt(f, "description", &p.description);
                    self.opt(f, "procedure", &p.procedure);
                    self.opt(f, "supplier", &p.supplier);
                    self.opt(f, "supplier_address", &p.supplier_address);
                    self.opt(f, "justification", &p.justification);
                    self.extra(f, &p.extra);
                }
            }
        }
        if let Some(reg) = &ccg.interests {
            let f = reg.file;
            self.extra(f, &reg.data.extra);
            for e in &reg.data.entries {
                // An entry withheld in full publishes nothing but "Name
                // withheld"; one whose name alone is withheld publishes
                // its roles and interests as written.
                if !self.suspect[f.index()] || self.content.entry_withholding(self.withheld, e).is_entry() {
                    continue;
                }
                e.roles.iter().for_each(|r| self.text(f, "roles", r));
                self.extra(f, &e.extra);
                for i in &e.interests {
                    self.text(f, "description", &i.description);
                    self.text(f, "action", &i.action);
                    self.extra(f, &i.extra);
                }
            }
        }
        if let Some(reg) = &ccg.practices {
            // Practice pages, decision cards and the home page's lookup
            // print every one of these.
            let f = reg.file;
            self.extra(f, &reg.data.extra);
            for p in &reg.data.entries {
                self.text(f, "ods", &p.ods);
                self.text(f, "name", &p.name);
                self.opt(f, "address", &p.address);
                self.opt(f, "postcode", &p.postcode);
                self.opt(f, "merged_into", &p.merged_into);
                self.extra(f, &p.extra);
            }
        }
        if let Some(reg) = &ccg.gifts {
            let f = reg.file;
            self.extra(f, &reg.data.extra);
            for g in &reg.data.entries {
                self.text(f, "role", &g.role);
                self.text(f, "offered_by", &g.offered_by);
                self.text(f, "description", &g.description);
                self.opt(f, "notes", &g.notes);
                self.extra(f, &g.extra);
            }
        }
    }

    fn meeting(&mut self, m: &'a Meeting) {
        let (f, fr) = (m.file, &m.front);
        self.opt(f, "committee", &fr.committee);
        self.opt(f, "title", &fr.title);
        self.opt(f, "venue", &fr.venue);
        self.extra(f, &fr.extra);
        for item in &fr.agenda {
            self.text(f, "number", &item.number);
            self.text(f, "title", &item.title);
            self.opt(f, "decision", &item.decision);
            self.extra(f, &item.extra);
            for p in &item.papers {
                self.text(f, "title", &p.title);
                self.opt(f, "file", &p.file);
                self.opt(f, "url", &p.url);
                self.extra(f, &p.extra);
            }
        }
        if let Some(a) = &fr.attendance {
            self.extra(f, &a.extra);
        }
        for d in &fr.declarations {
            self.opt(f, "item", &d.item);
            self.text(f, "interest", &d.interest);
            self.text(f, "action", &d.action);
            self.extra(f, &d.extra);
        }
    }
}
