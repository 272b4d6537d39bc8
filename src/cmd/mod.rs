//! One module a command, and what they share: the as-of date, printing
//! diagnostics, numbers with thousands separators.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod serve;

use ccgpages::date::Date;
use ccgpages::diag::Diagnostic;
use ccgpages::site;

/// `--as-of`, else `site.yaml`'s `as_of` (resolved after loading), else
/// `SOURCE_DATE_EPOCH`, else today (UTC).
fn resolve_as_of(flag: Option<Date>) -> Result<site::AsOf, String> {
    Ok(site::AsOf { flag, fallback: env_or_today()? })
}

fn env_or_today() -> Result<Date, String> {
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 =
            v.trim().parse().map_err(|_| format!("SOURCE_DATE_EPOCH is `{v}`: expected a number of seconds since 1970-01-01"))?;
        return Ok(Date::from_unix_seconds(secs));
    }
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    Ok(Date::from_unix_seconds(secs))
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = String::new();
    for d in diags {
        err.push_str(&d.render());
        err.push_str("\n\n");
    }
    eprint!("{err}");
}

fn group_digits(n: usize) -> String {
    ccgpages::model::thousands(n as u64)
}
