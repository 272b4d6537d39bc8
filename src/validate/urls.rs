//! Web addresses: links out of the site, and the address it is published at.

/// Only http and https links may leave the site from content fields.
pub(crate) fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && s.len() > 8 && !s.contains(char::is_whitespace)
}

/// Why `url` cannot be the address a site is published at (`site.yaml`'s
/// `base_url`, `--base-url`), or `None`. Every internal link is built from
/// its path, so the rules are strict: http or https, a host and perhaps a
/// port, and a path of plain segments. `//` in the path would make every
/// root-relative link protocol-relative (`//x/assets/…`: another site,
/// `x`); `.` and `..`, `?` and `#` have no meaning there.
pub fn base_url_problem(url: &str) -> Option<String> {
    const EXPECTED: &str = "must be an absolute http or https address, such as https://example.github.io/repo/";
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '\\' | '"' | '<' | '>' | '`' | '^' | '{' | '|' | '}')) {
        return Some(format!("{EXPECTED}, without spaces, control characters or any of \\ \" < > ` ^ {{ | }}"));
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return Some(EXPECTED.to_owned());
    };
    let rest = &url[url.len() - rest.len()..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if authority.contains('@') {
        return Some(format!("{EXPECTED}, without a user name or password (`@`)"));
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((inside, port)) if inside.parse::<std::net::Ipv6Addr>().is_ok() => (authority, port),
            _ => return Some(format!("{EXPECTED}: `{authority}` is not a host")),
        },
        None => match authority.split_once(':') {
            Some((host, _)) => (host, &authority[host.len()..]),
            None => (authority, ""),
        },
    };
    let name_ok = !host.is_empty()
        && (host.starts_with('[')
            || host.split('.').all(|label| !label.is_empty() && label.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')));
    if !name_ok {
        return Some(format!("{EXPECTED}: `{authority}` is not a host"));
    }
    if !port.is_empty()
        && port.strip_prefix(':').is_none_or(|p| {
            p.is_empty() || p.len() > 5 || !p.bytes().all(|c| c.is_ascii_digit()) || !(1..=65535).contains(&p.parse::<u32>().unwrap_or(0))
        })
    {
        return Some(format!("{EXPECTED}: `{authority}` has a port that is not a number from 1 to 65535"));
    }
    if path.starts_with(['?', '#']) || path.contains(['?', '#']) {
        return Some(format!("{EXPECTED}, without a `?` or `#` part"));
    }
    if path.contains("//") {
        return Some(format!("{EXPECTED}, without `//` in its path: pages would load their styles and scripts from another site"));
    }
    if path.split('/').any(|segment| segment == "." || segment == "..") {
        return Some(format!("{EXPECTED}, without `.` or `..` in its path"));
    }
    let b = path.as_bytes();
    if path
        .match_indices('%')
        .any(|(i, _)| !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)))
    {
        return Some(format!("{EXPECTED}: a `%` in its path must start an escape such as %20"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        for ok in [
            "https://example.github.io/repo/",
            "https://example.github.io/repo",
            "http://localhost:8000/",
            "https://transparency.example.nhs.uk",
            "HTTPS://X.ORG/A/B/",
            "http://127.0.0.1:1111/",
            "http://[::1]:8080/x/",
            "https://x.org/a%20b/",
        ] {
            assert_eq!(base_url_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("javascript:alert(1)//", "absolute http or https"),
            ("ftp://x.org/", "absolute http or https"),
            ("example.org/repo/", "absolute http or https"),
            ("//x.org/", "absolute http or https"),
            ("https://x.org//evil.example/", "`//` in its path"),
            ("https://x.org/repo//", "`//` in its path"),
            ("https://x.org/a/../b/", "`..`"),
            ("https://x.org/./", "`.`"),
            ("https://x.org/?q=1", "`?` or `#`"),
            ("https://x.org/#top", "`?` or `#`"),
            ("https://evil.example@x.org/", "`@`"),
            ("https:///repo/", "not a host"),
            ("https://x..org/", "not a host"),
            ("https://x_y.org/", "not a host"),
            ("https://[zz]/", "not a host"),
            ("https://x.org:0/", "port"),
            ("https://x.org:99999/", "port"),
            ("https://x.org:/", "port"),
            ("https://x.org/a b/", "spaces"),
            ("https://x.org/a\\b/", "spaces"),
            ("https://x.org/\"onload=\"x/", "spaces"),
            ("https://x.org/100%/", "escape"),
            ("", "absolute http or https"),
        ] {
            let problem = base_url_problem(bad).unwrap_or_else(|| panic!("{bad} was accepted"));
            assert!(problem.contains(why), "{bad}: {problem}");
        }
    }

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://www.england.nhs.uk/x"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("ftp://x"));
    }
}
