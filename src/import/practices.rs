//! `ccgpages import practices epraccur.csv`: NHS Digital's list of GP
//! practices (epraccur: no header row; the columns its documentation gives,
//! of which this reads organisation code 1, name 2, address lines 5 to 9,
//! postcode 10, open date 11, close date 12, status 13, commissioner 15 and
//! prescribing setting 26) into each CCG's `practices.yaml`, matched by the
//! CCG's `ods_code`. Closed practices keep their dates (`to`).
//!
//! [`read`] reads the file for the CCGs of a content folder, each CCG's
//! file with where it goes; [`write`] writes them. The command prints what
//! they return and chooses the exit code.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{ContentPath, Date};
use crate::scaffold::Error;

/// One CCG's `practices.yaml`, read from the file and not yet written.
#[derive(Debug)]
pub struct PracticesFile {
    /// The CCG's id.
    pub ccg: String,
    /// Its path in the content folder ([`ContentPath::practices`]).
    pub at: ContentPath,
    /// Where it goes: `at` in the content folder given.
    pub path: PathBuf,
    /// The whole file.
    pub yaml: String,
}

/// The `practices.yaml` of each CCG of `content` that has a practice in the
/// epraccur `file`, dated `updated`. An error (exit 2) when `content` is
/// not a content folder; (exit 1) when the file cannot be read, is not in
/// epraccur's layout, or names none of the CCGs.
pub fn read(content: &Path, file: &Path, updated: Date) -> Result<Vec<PracticesFile>, Error> {
    if let Some(not) = ContentPath::not_content(content) {
        return Err(Error::Usage(format!("{not}: pass --content, or run this in the site's folder")));
    }
    let ccgs = crate::load::ccg_ods_codes(content);
    let pairs: Vec<(&str, &str)> = ccgs.iter().map(|(id, ods)| (id.as_str(), ods.as_str())).collect();
    let text = match std::fs::read(file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return Err(Error::Failed(format!("cannot read {}: {e}", file.display()))),
    };
    let files = practices_yaml(&text, &pairs, updated).map_err(|e| Error::Failed(format!("{}: {e}", file.display())))?;
    if files.is_empty() {
        let codes: Vec<String> = ccgs.iter().map(|(id, ods)| format!("{id} ({ods})")).collect();
        return Err(Error::Failed(format!(
            "no GP practice in {} has one of this site's CCGs as its commissioner; the CCGs' ods_code values are: {}",
            file.display(),
            if codes.is_empty() { format!("none (no {} gives one)", ContentPath::CCG_PROFILE) } else { codes.join(", ") }
        )));
    }
    Ok(files
        .into_iter()
        .map(|(ccg, yaml)| {
            let at = ContentPath::practices(&ccg);
            PracticesFile { path: at.within(content), at, ccg, yaml }
        })
        .collect())
}

/// Writes every file (replacing those already there only when
/// `overwrite`): nothing is written if one is there and not `overwrite`.
/// Calls `written` with each path written.
pub fn write(content: &Path, files: &[PracticesFile], overwrite: bool, mut written: impl FnMut(&Path)) -> Result<(), Error> {
    let there: Vec<String> = files.iter().filter(|f| f.path.exists()).map(|f| f.path.display().to_string()).collect();
    if !there.is_empty() && !overwrite {
        return Err(Error::Usage(format!(
            "{} already {}: nothing was written (add --overwrite to replace {})",
            there.join(", "),
            if there.len() == 1 { "exists" } else { "exist" },
            if there.len() == 1 { "it" } else { "them" }
        )));
    }
    for f in files {
        super::write(content, &f.path, &f.yaml, overwrite)?;
        written(&f.path);
    }
    Ok(())
}

#[derive(Serialize)]
struct File {
    updated: String,
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    ods: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
}

/// The fields of one CSV line (RFC 4180 quotes).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap_or(&mut String::new()).push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap_or(&mut String::new()).push(c),
        }
    }
    out
}

/// `20130401` → `2013-04-01`, if it is a real day.
fn date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() != 8 {
        return None;
    }
    let iso = format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..]);
    Date::parse(&iso).map(|_| iso)
}

/// Each CCG's `practices.yaml` text, from the text of an epraccur file:
/// `ccgs` are (CCG folder id, its `ods_code`); `updated` is the file's
/// date. CCGs with no practice in the file get none. A line that is not
/// the file's layout is an error naming its line.
fn practices_yaml(csv: &str, ccgs: &[(&str, &str)], updated: Date) -> Result<Vec<(String, String)>, String> {
    let mut by_ccg: Vec<Vec<Entry>> = ccgs.iter().map(|_| Vec::new()).collect();
    for (n, line) in csv.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f = fields(line.trim_end_matches('\r'));
        if f.len() < 15 {
            return Err(format!(
                "line {}: {} columns, but NHS Digital's epraccur file has at least 15 (organisation code, name, …, commissioner)",
                n + 1,
                f.len()
            ));
        }
        let get = |i: usize| f.get(i).map(|s| s.trim()).filter(|s| !s.is_empty());
        // Prescribing setting 4 is a GP practice; others (walk-in centres, prisons…) are left out.
        if get(25).is_some_and(|s| s != "4") {
            continue;
        }
        let Some(i) = get(14).and_then(|c| ccgs.iter().position(|(_, ods)| ods.eq_ignore_ascii_case(c))) else { continue };
        let (Some(ods), Some(name)) = (get(0), get(1)) else {
            return Err(format!("line {}: no organisation code or name", n + 1));
        };
        let address: Vec<&str> = (4..9).filter_map(get).collect();
        let closed = matches!(get(12), Some("C" | "D"));
        by_ccg[i].push(Entry {
            ods: ods.to_owned(),
            name: name.to_owned(),
            address: (!address.is_empty()).then(|| address.join(", ")),
            postcode: get(9).map(str::to_owned),
            from: get(10).and_then(date),
            to: if closed { get(11).and_then(date) } else { None },
        });
    }
    let mut out = Vec::new();
    for ((id, _), mut entries) in ccgs.iter().zip(by_ccg) {
        if entries.is_empty() {
            continue;
        }
        entries.sort_by(|a, b| a.ods.cmp(&b.ods));
        let file = File { updated: updated.to_string(), entries };
        let yaml = crate::yaml::to_string(&file)?;
        out.push(((*id).to_owned(), format!("# Imported from NHS Digital's list of GP practices (epraccur).\n{yaml}")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Practice, Register};

    /// Three lines in epraccur's layout (27 columns, no header).
    const EPRACCUR: &str = "\
E87001,MARYLEBONE ROW SURGERY,Y56,QMJ,12 MARYLEBONE ROW,,LONDON,,,NW1 5LT,19740401,,A,B,09A,20130401,,02070000000,,,,0,,09A,,4,\r
E87004,\"QUEENSWAY MEDICAL ROOMS, THE\",Y56,QMJ,118 QUEENSWAY,,LONDON,,,W2 5HA,19740401,20160331,C,B,09A,20130401,20160331,,,,,0,,09A,,4,\r
Y01234,WESTMINSTER WALK-IN CENTRE,Y56,QMJ,1 ROAD,,LONDON,,,W1 1AA,20100401,,A,B,09A,,,,,,,0,,09A,,1,\r
J81001,RADIPOLE LANE SURGERY,Y58,QSL,RADIPOLE LANE,WEYMOUTH,,,,DT4 9RY,19800101,,A,B,11J,20130401,,,,,,0,,11J,,4,\r
";

    #[test]
    fn each_ccg_gets_its_practices_with_closed_ones_dated() {
        let updated = Date::parse("2016-04-01").unwrap();
        let files = practices_yaml(EPRACCUR, &[("central-london", "09A"), ("dorset", "11J"), ("leeds", "02V")], updated).unwrap();
        assert_eq!(files.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["central-london", "dorset"]);
        let (_, yaml) = &files[0];
        let reg: Register<Practice> = crate::yaml::parse(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(reg.entries.len(), 2, "the walk-in centre is not a GP practice");
        assert_eq!(reg.entries[0].ods, "E87001");
        assert_eq!(reg.entries[0].address.as_deref(), Some("12 MARYLEBONE ROW, LONDON"));
        assert_eq!(reg.entries[0].postcode.as_deref(), Some("NW1 5LT"));
        assert!(reg.entries[0].to.is_none());
        assert_eq!(reg.entries[1].name, "QUEENSWAY MEDICAL ROOMS, THE");
        assert_eq!(reg.entries[1].to, Some(Date::parse("2016-03-31").unwrap()));
        assert_eq!(reg.entries[1].from, Some(Date::parse("1974-04-01").unwrap()));
        assert!(practices_yaml("E87001,X\n", &[("a", "09A")], updated).unwrap_err().starts_with("line 1: 2 columns"));
    }
}
