//! Identifiers that become parts of the site's addresses.

use crate::model::Date;

/// `a-z`, `0-9` and `-`, starting with a letter or digit.
pub(crate) fn is_url_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-') && !s.starts_with('-')
}

/// Letters, digits, `-`, `_` and `.`.
pub(crate) fn is_decision_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// `YYYY-MM-DD` or `YYYY-MM-DD-<suffix>`: the date part, if the id is well formed.
pub(crate) fn meeting_id_date(id: &str) -> Option<Date> {
    let date = Date::parse(id.get(..10)?)?;
    match id.get(10..) {
        Some("") => Some(date),
        Some(rest) => {
            let suffix = rest.strip_prefix('-')?;
            is_url_id(suffix).then_some(date)
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_url_id("central-london"));
        assert!(is_url_id("09a"));
        assert!(!is_url_id("-x"));
        assert!(!is_url_id("Central"));
        assert!(!is_url_id("a/b"));
        assert!(is_decision_id("CL-2015-007"));
        assert!(is_decision_id("a_b.c"));
        assert!(!is_decision_id("a b"));
        assert_eq!(meeting_id_date("2015-09-17").unwrap().to_string(), "2015-09-17");
        assert!(meeting_id_date("2015-09-17-extra").is_some());
        assert!(meeting_id_date("2015-09-17extra").is_none());
        assert!(meeting_id_date("2015-09-17-").is_none());
        assert!(meeting_id_date("2015-9-17").is_none());
    }
}
