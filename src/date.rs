//! Calendar dates (`YYYY-MM-DD`) and times (`HH:MM`), the only two kinds of
//! time the content format knows. Small enough to keep here rather than pull
//! in a date crate: the site never needs time zones except in a calendar.

use std::fmt;

/// A day in the proleptic Gregorian calendar.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    y: i32,
    m: u8,
    d: u8,
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

impl Date {
    pub fn new(y: i32, m: u8, d: u8) -> Option<Date> {
        if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date { y, m, d })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
        };
        Date::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }

    pub fn year(self) -> i32 {
        self.y
    }
    pub fn month(self) -> u8 {
        self.m
    }
    pub fn day(self) -> u8 {
        self.d
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub fn from_days(z: i64) -> Date {
        let z = z + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Date { y, m, d }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// The same day `n` months earlier (clamped to the month's end).
    pub fn minus_months(self, n: u32) -> Date {
        let total = self.y * 12 + i32::from(self.m) - 1 - n as i32;
        let (y, m) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
        Date { y, m, d: self.d.min(days_in_month(y, m)) }
    }

    /// Whole months from `self` to `later` (0 when `later` is earlier).
    pub fn months_until(self, later: Date) -> u32 {
        let mut months = (later.y - self.y) * 12 + i32::from(later.m) - i32::from(self.m);
        if later.d < self.d {
            months -= 1;
        }
        months.max(0) as u32
    }

    /// "17 September 2015".
    pub fn long(self) -> String {
        format!("{} {} {}", self.d, MONTHS[usize::from(self.m - 1)], self.y)
    }

    /// The day `SOURCE_DATE_EPOCH`-style seconds fall on (UTC).
    pub fn from_unix_seconds(secs: i64) -> Date {
        Date::from_days(secs.div_euclid(86_400))
    }

    /// Today (UTC), or the day `SOURCE_DATE_EPOCH` names when it is set
    /// (reproducible builds): the default as-of date, and the day `init`
    /// dates its example site.
    pub fn today() -> Result<Date, String> {
        if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
            let secs: i64 =
                v.trim().parse().map_err(|_| format!("SOURCE_DATE_EPOCH is `{v}`: expected a number of seconds since 1970-01-01"))?;
            return Ok(Date::from_unix_seconds(secs));
        }
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        Ok(Date::from_unix_seconds(secs))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A financial year of the NHS, 1 April to 31 March, known by the year it
/// starts in: the one place the site draws the line between two years.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct FinancialYear {
    start: i32,
}

impl FinancialYear {
    /// The financial year `d` falls in: 31 March 2020 is in April 2019 to
    /// March 2020, 1 April 2020 in the next.
    pub fn of(d: Date) -> FinancialYear {
        FinancialYear { start: if d.m >= 4 { d.y } else { d.y - 1 } }
    }

    /// The calendar year it starts in (2019 for April 2019 to March 2020).
    pub fn start_year(self) -> i32 {
        self.start
    }

    /// Its first day, 1 April.
    pub fn first_day(self) -> Date {
        Date { y: self.start, m: 4, d: 1 }
    }

    /// Its last day, 31 March of the next year.
    pub fn last_day(self) -> Date {
        Date { y: self.start + 1, m: 3, d: 31 }
    }

    /// "April 2019 to March 2020": the months said, so that no one reads
    /// it as two calendar years.
    pub fn label(self) -> String {
        format!("April {} to March {}", self.start, self.start + 1)
    }

    /// "2019-20", for an address or an id.
    pub fn slug(self) -> String {
        format!("{}-{:02}", self.start, (self.start + 1).rem_euclid(100))
    }
}

/// Parses text with `parse`, or fails with `expected`. Errors raised inside
/// a visitor carry the value's line and column (see `crate::yaml`).
struct TextVisitor<T> {
    parse: fn(&str) -> Option<T>,
    expected: &'static str,
}

impl<T> serde::de::Visitor<'_> for TextVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v.trim()).ok_or_else(|| E::custom(format!("`{v}` is not {}", self.expected)))
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_str(TextVisitor { parse: Date::parse, expected: "a date: expected YYYY-MM-DD, a real day (e.g. 2015-09-17)" })
    }
}

/// A year from 0001 to 9999.
const YEAR: &str = "(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})";
/// A year divisible by 4 and not by 100, or by 400 (never 0000).
const LEAP_YEAR: &str = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)";

/// What [`Date::parse`] accepts, as a regular expression (ECMA-262, as JSON
/// Schema's `pattern`): `YYYY-MM-DD`, a real day, around the spaces `trim` drops.
pub fn date_pattern() -> String {
    let not_feb = "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30))";
    let feb = "02-(?:0[1-9]|1[0-9]|2[0-8])";
    format!(r"^\s*(?:{YEAR}-(?:{not_feb}|{feb})|{LEAP_YEAR}-02-29)\s*$")
}

/// What [`Time::parse`] accepts, as a regular expression: `H:MM` or `HH:MM`, 24-hour.
pub const TIME_PATTERN: &str = r"^\s*(?:[01]?[0-9]|2[0-3]):[0-5][0-9]\s*$";

impl schemars::JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": date_pattern() })
    }
}

impl schemars::JsonSchema for Time {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Time".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": TIME_PATTERN })
    }
}

/// A time of day, `HH:MM`, 24-hour, local UK time.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Time {
    pub h: u8,
    pub m: u8,
}

impl Time {
    pub fn parse(s: &str) -> Option<Time> {
        let (h, m) = s.split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        if !h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let (h, m) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60).then_some(Time { h, m })
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.h, self.m)
    }
}

impl serde::Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Time {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        // YAML 1.1 readers may see 14:00 as a sexagesimal number; our parser
        // hands us the text either way.
        d.deserialize_str(TextVisitor { parse: Time::parse, expected: "a time: expected HH:MM, 24-hour (e.g. \"14:00\")" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Date::parse("2015-09-17").unwrap().to_string(), "2015-09-17");
        assert!(Date::parse("2015-02-29").is_none());
        assert!(Date::parse("2016-02-29").is_some());
        assert!(Date::parse("2015-9-17").is_none());
        assert!(Date::parse("2015-13-01").is_none());
        assert!(Date::parse("+015-01-01").is_none());
    }

    #[test]
    fn day_arithmetic_round_trips() {
        for days in [-1000, 0, 1, 16_000, 20_000, 2_932_896] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().to_days(), 0);
        assert_eq!(Date::from_unix_seconds(1_448_928_000).to_string(), "2015-12-01");
        let d = Date::parse("2016-03-31").unwrap();
        assert_eq!(d.minus_months(1).to_string(), "2016-02-29");
        assert_eq!(d.minus_months(12).to_string(), "2015-03-31");
        assert_eq!(Date::parse("2014-06-02").unwrap().months_until(Date::parse("2016-01-01").unwrap()), 18);
        assert_eq!(d.long(), "31 March 2016");
    }

    #[test]
    fn times() {
        assert_eq!(Time::parse("14:00").unwrap().to_string(), "14:00");
        assert_eq!(Time::parse("9:30").unwrap().to_string(), "09:30");
        assert!(Time::parse("24:00").is_none());
        assert!(Time::parse("14.00").is_none());
    }

    #[test]
    fn financial_years_turn_on_1_april() {
        let fy = |s: &str| FinancialYear::of(Date::parse(s).unwrap());
        assert_eq!(fy("2020-03-31"), fy("2019-04-01"));
        assert_eq!(fy("2020-03-31").start_year(), 2019);
        assert_eq!(fy("2020-04-01").start_year(), 2020);
        assert_eq!(fy("2020-01-01").start_year(), 2019);
        assert_eq!(fy("2019-12-31").start_year(), 2019);
        assert_eq!(fy("2016-02-29").start_year(), 2015);
        assert!(fy("2020-04-01") > fy("2020-03-31"));
        let y = fy("2019-07-15");
        assert_eq!(y.label(), "April 2019 to March 2020");
        assert_eq!(y.slug(), "2019-20");
        assert_eq!(fy("2000-01-01").slug(), "1999-00");
        assert_eq!(y.first_day().to_string(), "2019-04-01");
        assert_eq!(y.last_day().to_string(), "2020-03-31");
        assert_eq!(FinancialYear::of(y.first_day()), y);
        assert_eq!(FinancialYear::of(y.last_day()), y);
        assert_eq!(FinancialYear::of(y.last_day().add_days(1)).start_year(), 2020);
        assert_eq!(FinancialYear::of(y.first_day().add_days(-1)).start_year(), 2018);
    }
}
