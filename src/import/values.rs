//! Cell values as the content format wants them: text on one line, dates
//! however a spreadsheet holds them, money however people type it. Each
//! parser says in plain words why a value is refused.

use super::read::Cell;
use crate::date::Date;
use crate::model::Money;

/// The cell's text on one line: line breaks, tabs and runs of spaces
/// become one space; None when empty.
pub(crate) fn text(cell: &Cell) -> Option<String> {
    let t = one_line(&cell.raw_text());
    (!t.is_empty()).then_some(t)
}

pub(crate) fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The cell's lines, each on one line, without empty ones.
pub(crate) fn lines(cell: &Cell) -> Vec<String> {
    cell.raw_text().lines().map(one_line).filter(|l| !l.is_empty()).collect()
}

/// Lower-case words of letters and digits: `Non-Financial (Professional)` →
/// `non financial professional`.
pub(crate) fn words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Text that means "nothing here": `-`, `N/A`, `None`, `Nil`, `Unknown`…
pub(crate) fn means_nothing(s: &str) -> bool {
    matches!(
        words(s).as_str(),
        "" | "n a"
            | "na"
            | "none"
            | "nil"
            | "nil return"
            | "nothing"
            | "not applicable"
            | "unknown"
            | "not known"
            | "tbc"
            | "tba"
            | "n k"
            | "nk"
            | "no"
            | "none declared"
            | "none noted"
            | "no conflicts"
            | "no conflict"
            | "no conflicts noted"
            | "no conflicts of interest"
            | "no conflict of interest"
            | "no conflicts of interest noted"
    )
}

/// A name cell that stands in for a name instead of giving one: `Name
/// withheld`, `[Withheld]`, `REDACTED`, `Name not published`.
pub(crate) fn says_withheld(s: &str) -> bool {
    let w = words(s);
    w.split(' ').any(|w| matches!(w, "withheld" | "redacted" | "published"))
        && w.split(' ').all(|w| matches!(w, "name" | "withheld" | "redacted" | "not" | "published"))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A date, from a cell formatted as a date, an Excel serial number, or text
/// as `2016-03-03`, `03/03/2016`, `3/3/16`, `3 March 2016`, `3rd Mar 2016`,
/// `Thursday, 3 March 2016` or `March 3, 2016` (day before month whenever
/// both are numbers: the UK's order). Ok(None) when the cell is empty or
/// says there is no date (`-`, `N/A`, `Ongoing`, `Present`…).
pub(crate) fn date(cell: &Cell) -> Result<Option<Date>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => serial(*n).map(Some),
        Cell::Bool(_) => Err(format!("`{}` is not a date", cell.raw_text())),
        Cell::Text(t) => date_text(t),
    }
}

/// An Excel serial number: days since 30 December 1899 (serials before
/// March 1900 are off by Excel's leap day of 1900, and no register holds them).
fn serial(n: f64) -> Result<Date, String> {
    if n.is_finite() && (61.0..2_958_466.0).contains(&n) {
        // 25569 is 1970-01-01's serial.
        Ok(Date::from_days(n.floor() as i64 - 25_569))
    } else {
        Err(format!("`{}` is not a date", Cell::Number(n).raw_text()))
    }
}

fn date_text(t: &str) -> Result<Option<Date>, String> {
    let shown = one_line(t);
    let lower = shown.to_lowercase();
    if means_nothing(&lower)
        || matches!(words(&lower).as_str(), "ongoing" | "current" | "present" | "to date" | "continuing" | "still current")
    {
        return Ok(None);
    }
    let bad =
        || format!("`{shown}` is not a date ccgpages can read: write it as a day, month and year, such as 3 March 2016 or 03/03/2016");
    // ISO, with or without a time after it.
    if lower.len() >= 10
        && let Some(d) = lower.get(..10).and_then(Date::parse)
        && lower[10..].trim_start_matches(['t', ' ']).chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.' || c == 'z')
    {
        return Ok(Some(d));
    }
    // A serial number typed or exported as text.
    if lower.split('.').next().is_some_and(|whole| whole.len() == 5) && lower.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return lower.parse::<f64>().map_err(|_| bad()).and_then(serial).map(Some);
    }
    let tokens: Vec<&str> =
        lower.split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '.' | ',')).filter(|s| !s.is_empty()).collect();
    let mut month = None;
    let mut numbers = Vec::new();
    for tok in &tokens {
        if tok.as_bytes()[0].is_ascii_digit() {
            let digits = tok.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
            if !digits.bytes().all(|b| b.is_ascii_digit())
                || digits.len() != tok.len() && !matches!(&tok[digits.len()..], "st" | "nd" | "rd" | "th")
            {
                return Err(bad());
            }
            numbers.push((digits.parse::<u32>().map_err(|_| bad())?, digits.len()));
        } else if let Some(m) = month_number(tok) {
            if month.replace(m).is_some() {
                return Err(bad());
            }
        } else if !is_weekday(tok) && *tok != "of" {
            return Err(bad());
        }
    }
    let year = |(n, len): (u32, usize)| -> Option<i32> {
        match len {
            4 => Some(n as i32),
            // Two digits: 00–50 this century, 51–99 the last.
            2 if n <= 50 => Some(2000 + n as i32),
            2 => Some(1900 + n as i32),
            _ => None,
        }
    };
    let found = match (month, numbers.as_slice()) {
        // 3 March 2016, March 3 2016
        (Some(m), [a, b]) if b.1 >= 2 && b.1 != 3 && a.1 <= 2 => year(*b).and_then(|y| Date::new(y, m, a.0 as u8)),
        // 2016 March 3
        (Some(m), [a, b]) if a.1 == 4 && b.1 <= 2 => Date::new(a.0 as i32, m, b.0 as u8),
        (None, [a, b, c]) if a.1 == 4 && b.1 <= 2 && c.1 <= 2 => Date::new(a.0 as i32, b.0 as u8, c.0 as u8),
        (None, [d, m, y]) if d.1 <= 2 && m.1 <= 2 => year(*y).and_then(|y| Date::new(y, m.0 as u8, d.0 as u8)),
        (Some(_), [y]) if y.1 == 4 => {
            return Err(format!(
                "`{shown}` has no day: write the whole date, such as 1 {} (the first of the month, if that is right)",
                shown
            ));
        }
        _ => None,
    };
    match found {
        Some(d) => Ok(Some(d)),
        None if !numbers.is_empty() => Err(format!("`{shown}` is not a real date: check the day, month and year")),
        None => Err(bad()),
    }
}

fn month_number(tok: &str) -> Option<u8> {
    if tok.len() < 3 || !tok.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    let i = MONTHS.iter().position(|m| tok.starts_with(m))?;
    (full[i].starts_with(tok) || tok == "sept").then_some(i as u8 + 1)
}

fn is_weekday(tok: &str) -> bool {
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].iter().any(|d| tok.len() >= 3 && d.starts_with(tok))
}

/// An amount of money, from a number or text such as `£1,250,000`,
/// `1250000.00`, `£45 (approx.)`, `£1.25m` or `£250k`. Ok(None) when the cell
/// is empty or says there is no amount (`-`, `N/A`, `Unknown`).
pub(crate) fn money(cell: &Cell) -> Result<Option<Money>, String> {
    let pounds = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => *n,
        Cell::Text(t) => match money_text(t)? {
            Some(n) => n,
            None => return Ok(None),
        },
        Cell::Date(_) | Cell::Bool(_) => return Err(format!("`{}` is not an amount of money", cell.raw_text())),
    };
    let pence = (pounds * 100.0).round();
    if !pounds.is_finite() || pounds < 0.0 || pence > 1e15 {
        return Err(format!("`{}` is not an amount of money: expected a number of pounds, not negative", cell.raw_text()));
    }
    Ok(Some(Money(pence as u64)))
}

fn money_text(t: &str) -> Result<Option<f64>, String> {
    let shown = one_line(t);
    if means_nothing(&shown) {
        return Ok(None);
    }
    let bad = || format!("`{shown}` is not an amount of money ccgpages can read: write one amount in pounds, such as £1,250,000 or 45.50");
    let spaced = shown.to_lowercase().replace(['£', '~', '(', ')'], " ");
    let s = spaced
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.trim_end_matches('.'),
                "approximately" | "approx" | "estimated" | "est" | "circa" | "c" | "ca" | "about" | "around" | "gbp" | "pounds"
            )
        })
        .collect::<Vec<_>>()
        .concat();
    let s = s.trim_end_matches('.').replace(',', "");
    let (digits, factor) = if let Some(d) = s.strip_suffix("million").or_else(|| s.strip_suffix('m')) {
        (d, 1_000_000.0)
    } else if let Some(d) = s.strip_suffix('k') {
        (d, 1_000.0)
    } else {
        (s.as_str(), 1.0)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') || digits.matches('.').count() > 1 {
        return Err(bad());
    }
    let n: f64 = digits.parse().map_err(|_| bad())?;
    let pounds = n * factor;
    if factor == 1.0 && digits.split_once('.').is_some_and(|(_, d)| d.len() > 2) {
        return Err(format!("`{shown}` has more than two decimal places: money is pounds and pence"));
    }
    Ok(Some(pounds))
}

/// A mark in a column of ticks (`X`, `✓`, `Yes`): true; empty, `No`, `-`,
/// `N/A`: false.
pub(crate) fn ticked(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => false,
        Cell::Bool(b) => *b,
        Cell::Number(n) => *n != 0.0,
        Cell::Date(_) => true,
        // A mark with no letters or digits (✓, ✔, *) is a tick, but a dash is not.
        Cell::Text(t) if words(t).is_empty() => !t.trim().chars().all(|c| matches!(c, '-' | '–' | '—' | '.' | '_' | '/')),
        Cell::Text(t) => !means_nothing(t) && !matches!(words(t).as_str(), "n" | "false" | "0" | "no" | "direct"),
    }
}

/// `3 rows`, `1 row`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn list_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Result<Option<String>, String> {
        date(&Cell::Text(s.to_owned())).map(|d| d.map(|d| d.to_string()))
    }

    #[test]
    fn dates_in_the_ways_people_write_them() {
        for (text, want) in [
            ("2016-03-03", "2016-03-03"),
            ("2016-03-03 00:00:00", "2016-03-03"),
            ("2016-03-03T00:00:00", "2016-03-03"),
            ("03/03/2016", "2016-03-03"),
            ("3/3/16", "2016-03-03"),
            ("01/04/98", "1998-04-01"),
            ("31.12.2015", "2015-12-31"),
            ("13/04/2015", "2015-04-13"),
            ("3 March 2016", "2016-03-03"),
            ("3rd March 2016", "2016-03-03"),
            ("3 Mar 2016", "2016-03-03"),
            ("3-Mar-16", "2016-03-03"),
            ("Thursday, 3 March 2016", "2016-03-03"),
            ("March 3, 2016", "2016-03-03"),
            ("1st Sept 2015", "2015-09-01"),
            ("42432", "2016-03-03"),
            (" 1  April\n2015 ", "2015-04-01"),
        ] {
            assert_eq!(d(text), Ok(Some(want.to_owned())), "{text}");
        }
        for nothing in ["", "-", "N/A", "Ongoing", "present", "Unknown", "to date"] {
            assert_eq!(d(nothing), Ok(None), "{nothing}");
        }
        for bad in ["31/02/2016", "3 Smarch 2016", "soon", "04/2015", "2016", "3 March", "12/13/2015"] {
            assert!(d(bad).is_err(), "{bad} is refused");
        }
        assert!(d("April 2015").unwrap_err().contains("has no day"));
        assert_eq!(date(&Cell::Number(42432.0)), Ok(Date::new(2016, 3, 3)));
        assert_eq!(date(&Cell::Number(42432.75)), Ok(Date::new(2016, 3, 3)), "the time of day is dropped");
        assert!(date(&Cell::Number(-3.0)).is_err());
    }

    fn m(s: &str) -> Result<Option<u64>, String> {
        money(&Cell::Text(s.to_owned())).map(|m| m.map(|m| m.0))
    }

    #[test]
    fn money_in_the_ways_people_write_it() {
        for (text, pence) in [
            ("£1,250,000", 125_000_000),
            ("1250000", 125_000_000),
            ("£ 45.50", 4550),
            ("£45 (approx.)", 4500),
            ("Approx. £30", 3000),
            ("c. £20", 2000),
            ("£1.25m", 125_000_000),
            ("£250k", 25_000_000),
            ("2.5 million", 250_000_000),
            ("GBP 100", 10_000),
            ("£0", 0),
        ] {
            assert_eq!(m(text), Ok(Some(pence)), "{text}");
        }
        for nothing in ["", "-", "N/A", "Unknown"] {
            assert_eq!(m(nothing), Ok(None), "{nothing}");
        }
        for bad in ["£40-£50", "a bottle of wine", "-£5", "£4.999", "1.2.3"] {
            assert!(m(bad).is_err(), "{bad} is refused");
        }
        assert_eq!(money(&Cell::Number(4999.5)).unwrap(), Some(Money(499_950)));
        assert!(money(&Cell::Number(-1.0)).is_err());
    }

    #[test]
    fn ticks() {
        for yes in ["X", "x", "✓", "Yes", "Y", "Shareholder"] {
            assert!(ticked(&Cell::Text(yes.to_owned())), "{yes}");
        }
        for no in ["", " ", "No", "N", "-", "N/A", "Direct"] {
            assert!(!ticked(&Cell::Text(no.to_owned())), "{no}");
        }
    }

    #[test]
    fn text_is_one_line() {
        assert_eq!(text(&Cell::Text(" Partner,\r\n  Example   Surgery\t".into())), Some("Partner, Example Surgery".into()));
        assert_eq!(text(&Cell::Text("  ".into())), None);
        assert_eq!(lines(&Cell::Text("Acme Ltd\n\n1 High St\r\nLeeds".into())), ["Acme Ltd", "1 High St", "Leeds"]);
    }
}
