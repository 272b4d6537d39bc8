//! "Did you mean …?": the known word closest to a misspelt one, for the
//! messages about values, field names and references.

/// The candidate closest to `word`, when it is close enough to be a typo:
/// the same but for case, or a few letters apart (at most a third of the
/// word, at least one).
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            return None;
        }
        let d = if c.to_lowercase() == lower { 0 } else { strsim::damerau_levenshtein(&lower, &c.to_lowercase()) };
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// "; did you mean `x`?" when a candidate is close to `word`, else nothing.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
}

/// `a`, `b` and `c`: a list of values for a message.
pub(crate) fn one_of<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let values: Vec<String> = values.into_iter().map(|v| format!("`{v}`")).collect();
    match values.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_letter_off_is_found_and_far_words_are_not() {
        let cats = ["practice-merger", "procurement", "premises"];
        assert_eq!(closest("procurment", cats), Some("procurement"));
        assert_eq!(closest("Premises", cats), Some("premises"));
        assert_eq!(closest("budget", cats), None);
        assert_eq!(closest("pccc", ["pccc"]), None, "an exact match needs no suggestion");
        assert_eq!(closest("Londn", ["London", "North", "South"]), Some("London"));
        assert_eq!(closest("dat", ["date", "title"]), Some("date"));
        assert_eq!(did_you_mean("x", ["date"]), "");
        assert_eq!(one_of(["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
