//! What may be published: link schemes, and raw HTML through ammonia.

use std::sync::OnceLock;

/// http, https, mailto, or a relative link (no scheme).
pub(crate) fn is_safe_link(url: &str) -> bool {
    let t: String = url.trim().chars().filter(|c| !c.is_ascii_control() && !c.is_whitespace()).collect();
    let lower = t.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            // A colon after a path, query or fragment character is not a scheme.
            if lower[..colon].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&lower[..colon], "http" | "https" | "mailto")
        }
    }
}

pub(super) fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["http", "https", "mailto"].into_iter().collect());
        b.link_rel(Some("noopener noreferrer"));
        b.add_generic_attributes(["id"]);
        b.id_prefix(None);
        b
    })
}

#[cfg(test)]
mod tests {
    use crate::markdown::to_html;

    #[test]
    fn raw_html_is_sanitised() {
        let html = to_html("Hello <script>alert(1)</script><img src=x onerror=alert(1)> <b onclick=\"x\">b</b>", 2);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains("<b>b</b>"), "{html}");
    }

    #[test]
    fn only_safe_link_schemes_survive() {
        let html = to_html(
            "[a](javascript:alert(1)) [b](https://x.org) [c](mailto:a@b) [d](../x/) [e](data:text/html,x) [f]( JaVaScRiPt:alert(1))",
            2,
        );
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("href=\"https://x.org\""));
        assert!(html.contains("href=\"mailto:a@b\""));
        assert!(html.contains("href=\"../x/\""));
        // An unsafe link keeps its words and loses the link.
        assert!(html.starts_with("<p>a <a href=\"https://x.org\">b</a>"), "{html}");
        assert!(html.trim_end().ends_with("</a> e f</p>"), "{html}");
        let html = to_html("<a href=\"javascript:alert(1)\">x</a>", 2);
        assert!(!html.contains("javascript"), "{html}");
    }
}
