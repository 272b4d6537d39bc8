//! Markdown to safe HTML: CommonMark with tables, footnotes, strikethrough
//! and heading ids. Links keep only http, https, mailto and relative
//! targets. Raw HTML is sanitised with ammonia, and only Markdown that
//! contains raw HTML pays for it.

use std::collections::HashMap;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `md`, shifting headings so the highest in the text becomes
/// `top_level` (2 for a page whose `<h1>` is the title).
pub fn to_html(md: &str, top_level: u8) -> String {
    let mut events: Vec<Event> = Parser::new_ext(md, options()).collect();

    // Nesting deeper than the sanitiser's parser can take in linear time
    // (`problems` reports it, so content never gets here): the raw HTML is
    // shown as text rather than parsed.
    if events.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))) {
        let mut shape = Shape::default();
        for e in &events {
            shape.event(e, 0);
        }
        if shape.too_deep.is_some() {
            for e in &mut events {
                if let Event::Html(h) | Event::InlineHtml(h) = e {
                    *e = Event::Text(std::mem::replace(h, CowStr::Borrowed("")));
                }
            }
        }
    }

    let min_level = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(top_level);
    let shift = top_level.saturating_sub(min_level);

    let mut has_html = false;
    // Every id given, and for each stem the next number to try after it.
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        match &mut events[i] {
            Event::Html(_) | Event::InlineHtml(_) => has_html = true,
            Event::Start(Tag::Heading { level, id, .. }) => {
                *level = shift_level(*level, shift);
                // Give every heading an id (for links), unique in the text.
                let base = match id {
                    Some(explicit) => slug(explicit),
                    None => {
                        let mut text = String::new();
                        for e in &events[i + 1..] {
                            match e {
                                Event::End(TagEnd::Heading(_)) => break,
                                Event::Text(t) | Event::Code(t) => text.push_str(t),
                                _ => {}
                            }
                        }
                        slug(&text)
                    }
                };
                let candidate = unique_id(&mut used_ids, if base.is_empty() { "section".to_owned() } else { base });
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                    *id = Some(CowStr::from(format!("md-{candidate}")));
                }
            }
            Event::End(TagEnd::Heading(level)) => *level = shift_level(*level, shift),
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) if !is_safe_link(dest_url) => {
                // Keep the words, drop the link.
                events[i] = Event::Text(CowStr::Borrowed(""));
                let mut depth = 0;
                for e in events.iter_mut().skip(i + 1) {
                    match e {
                        Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) if depth > 0 => depth -= 1,
                        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                            *e = Event::Text(CowStr::Borrowed(""));
                            break;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }

    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if has_html { sanitizer().clean(&out).to_string() } else { out }
}

/// `stem`, else `stem-2`, `stem-3`…: the first not in `used`. Each stem
/// keeps the number it got to, so a thousand equal headings cost a thousand
/// steps rather than half a million.
fn unique_id(used: &mut HashMap<String, usize>, stem: String) -> String {
    let Some(&from) = used.get(&stem) else {
        used.insert(stem.clone(), 2);
        return stem;
    };
    let mut n = from;
    loop {
        let candidate = format!("{stem}-{n}");
        n += 1;
        if !used.contains_key(&candidate) {
            used.insert(stem, n);
            used.insert(candidate.clone(), 2);
            return candidate;
        }
    }
}

fn shift_level(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8 + by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// http, https, mailto, or a relative link (no scheme).
pub fn is_safe_link(url: &str) -> bool {
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

/// Appends the text of `md` to `out`, block ends and line breaks as spaces,
/// whitespace as it comes (the search index reuses one buffer for every
/// minutes body rather than keeping their text).
pub fn text_into(md: &str, out: &mut String) {
    for e in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => out.push(' '),
            _ => {}
        }
    }
}

/// Lower-case words joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
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

// ---------------------------------------------------------------------------
// What the sanitiser's HTML parser would make of the text.

/// How deep elements may be nested, Markdown's (quotes, lists) and raw
/// HTML's together. The HTML parser behind the sanitiser looks through the
/// open elements at every tag, so its time grows with the square of the
/// depth (100,000 nested `<div>` took 50 s); no minutes need more than a
/// few dozen levels.
pub const MAX_DEPTH: usize = 100;

/// Something in a Markdown text that would not be published as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset in the text where it starts.
    pub offset: usize,
    pub message: String,
}

/// The raw HTML in `md` that would hide the rest of the text (a raw-text
/// element such as `<style>` or `<textarea>`, or a comment, never closed),
/// and nesting too deep to be parsed in reasonable time.
pub fn problems(md: &str) -> Vec<Problem> {
    // No raw HTML, no problem (and no sanitiser: Markdown alone, however
    // deep, renders in linear time).
    if memchr::memchr(b'<', md.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut shape = Shape::default();
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        shape.event(&event, range.start);
    }
    let mut out = Vec::new();
    if let Some((offset, name)) = shape.raw_text {
        let message = if &*name == "plaintext" {
            "the HTML `<plaintext>` here cannot be closed: everything after it would be shown as raw text; remove it".to_owned()
        } else {
            format!(
                "the HTML `<{name}>` here is never closed with `</{name}>`, so everything after it would be missing from the page: \
                 add `</{name}>` where it should end, or remove it"
            )
        };
        out.push(Problem { offset, message });
    }
    if let Some(offset) = shape.comment {
        out.push(Problem {
            offset,
            message: "the HTML comment `<!--` here is never closed with `-->`, so everything after it would be missing from the page: \
                      add `-->` where it should end, or remove it"
                .to_owned(),
        });
    }
    if let Some(offset) = shape.too_deep {
        out.push(Problem {
            offset,
            message: format!(
                "more than {MAX_DEPTH} HTML elements, quotes or lists are nested inside one another here: no page needs that, \
                 and it would make the build very slow; nest them less deeply"
            ),
        });
    }
    out.sort_by_key(|p| p.offset);
    out
}

/// Raw-text elements: the parser reads what follows one as text up to its
/// end tag (`<plaintext>`: to the end), Markdown and all.
fn is_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" | "plaintext")
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "image"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The formatting elements, which the parser opens again after something
/// other than their end tag closed them.
fn is_formatting(name: &str) -> bool {
    matches!(name, "a" | "b" | "big" | "code" | "em" | "font" | "i" | "nobr" | "s" | "small" | "strike" | "strong" | "tt" | "u")
}

/// Start tags that first close an open `<p>`.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "plaintext"
            | "table"
            | "hr"
            | "xmp"
            | "li"
            | "dd"
            | "dt"
    )
}

fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "keygen"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "search"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    )
}

/// Tags that leave SVG or MathML for HTML.
fn is_breakout(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// An element the parser would hold open.
struct Open {
    /// Lower case.
    name: Box<str>,
    /// Made by Markdown, not raw HTML.
    markdown: bool,
    /// SVG or MathML.
    foreign: bool,
    svg: bool,
    /// Special, or SVG or MathML (which the model treats as special).
    special: bool,
    /// Bounds the default scope (applet, caption, html, table, td, th,
    /// marquee, object, template; SVG and MathML).
    bounds: bool,
}

impl Open {
    fn new(name: &str, markdown: bool, ns: Ns) -> Open {
        let foreign = ns != Ns::Html;
        Open {
            name: name.into(),
            markdown,
            foreign,
            svg: ns == Ns::Svg,
            special: foreign || is_special(name),
            bounds: foreign || matches!(name, "applet" | "caption" | "html" | "table" | "td" | "th" | "marquee" | "object" | "template"),
        }
    }

    fn is(&self, name: &str) -> bool {
        !self.foreign && &*self.name == name
    }

    /// Whether a start tag inside it is HTML: it is HTML, or an SVG or
    /// MathML element that holds HTML. (MathML's annotation-xml holds HTML
    /// only with an encoding attribute: taken as not, which keeps more open.)
    fn holds_html(&self) -> bool {
        !self.foreign
            || (self.svg && matches!(&*self.name, "foreignobject" | "desc" | "title"))
            || (!self.svg && matches!(&*self.name, "mi" | "mo" | "mn" | "ms" | "mtext"))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    Html,
    Svg,
    Math,
}

/// Where the parser looks for an element an end tag closes.
#[derive(Clone, Copy)]
enum Scope {
    Default,
    Button,
    ListItem,
    Table,
    /// An end tag of no particular kind: not past a special element.
    Special,
}

impl Scope {
    fn of_end_tag(name: &str) -> Scope {
        match name {
            "p" => Scope::Button,
            "li" => Scope::ListItem,
            "table" | "caption" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr" => Scope::Table,
            n if is_formatting(n) => Scope::Special,
            n if is_special(n) => Scope::Default,
            _ => Scope::Special,
        }
    }

    /// Whether `o` ends the search.
    fn bounded_by(self, o: &Open) -> bool {
        match self {
            Scope::Default => o.bounds,
            Scope::Button => o.bounds || o.is("button"),
            Scope::ListItem => o.bounds || o.is("ol") || o.is("ul"),
            Scope::Table => o.foreign || o.is("html") || o.is("table") || o.is("template"),
            Scope::Special => o.special,
        }
    }
}

/// A model of the HTML parser's stack of open elements over a Markdown
/// text's events, to tell how deep it gets and whether raw HTML leaves it
/// reading text to the end. Where it does not follow the parser's rules in
/// full it errs on the deep side, keeping an element open rather than
/// closing it, so that it never counts much less than the parser holds.
/// (It does not follow `/>`, which closes only SVG and MathML elements.)
#[derive(Default)]
struct Shape {
    stack: Vec<Open>,
    /// For each Markdown element begun, the element it makes (none while
    /// raw HTML makes it text).
    md_open: Vec<Option<&'static str>>,
    /// Formatting elements closed by something other than their end tag,
    /// which the parser opens again; whether each came from Markdown.
    reopen: Vec<(Box<str>, bool)>,
    /// A raw-text element being read: where it opened and its name.
    raw_text: Option<(usize, Box<str>)>,
    /// Where a comment being read opened.
    comment: Option<usize>,
    /// Where the nesting first went deeper than `MAX_DEPTH`; the depth is
    /// not followed after that.
    too_deep: Option<usize>,
    /// Tables open.
    tables: usize,
    /// The parser's form element pointer is set: a `<form>` is ignored.
    form: bool,
}

impl Shape {
    fn event(&mut self, event: &Event, offset: usize) {
        match event {
            Event::Start(tag) => {
                let as_text = self.raw_text.is_some() || self.comment.is_some() || self.too_deep.is_some();
                let name = match tag {
                    _ if as_text => None,
                    Tag::Paragraph => Some("p"),
                    Tag::Heading { level, .. } => Some(["h1", "h2", "h3", "h4", "h5", "h6"][(*level as usize).clamp(1, 6) - 1]),
                    Tag::BlockQuote(_) => Some("blockquote"),
                    Tag::CodeBlock(_) => Some("pre"),
                    Tag::HtmlBlock | Tag::Image { .. } | Tag::MetadataBlock(_) => None,
                    Tag::List(Some(_)) => Some("ol"),
                    Tag::List(None) => Some("ul"),
                    Tag::Item => Some("li"),
                    Tag::Table(_) => Some("table"),
                    Tag::TableHead => Some("thead"),
                    Tag::TableRow => Some("tr"),
                    Tag::TableCell => Some("td"),
                    Tag::Emphasis => Some("em"),
                    Tag::Strong => Some("strong"),
                    Tag::Strikethrough => Some("del"),
                    Tag::Link { .. } => Some("a"),
                    _ => Some("div"),
                };
                self.md_open.push(name);
                if let Some(name) = name {
                    self.start_tag(name, is_breakout(name), true, offset);
                }
            }
            Event::End(_) => {
                // Markdown's end tag closes what the parser finds by its
                // name, which need not be the element Markdown began.
                if let Some(Some(name)) = self.md_open.pop()
                    && self.raw_text.is_none()
                    && self.comment.is_none()
                {
                    self.end_tag(name);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => self.raw(html, offset),
            _ => {}
        }
    }

    /// Follows a piece of raw HTML that starts at `offset`.
    fn raw(&mut self, html: &str, offset: usize) {
        let b = html.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if self.comment.is_some() {
                let Some(e) = memchr::memmem::find(&b[i..], b"-->") else { return };
                self.comment = None;
                i += e + 3;
                continue;
            }
            if let Some((_, name)) = &self.raw_text {
                if &**name == "plaintext" {
                    return;
                }
                let Some(e) = find_end_tag(b, i, name.as_bytes()) else { return };
                let name = name.clone();
                self.raw_text = None;
                if let Some(at) = self.stack.iter().rposition(|o| o.is(&name)) {
                    self.pop_to(at);
                }
                i = skip_tag(b, e + 2 + name.len()).0;
                continue;
            }
            let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|p| p + i) else { return };
            let rest = &b[lt..];
            if rest.starts_with(b"<!--") {
                match rest.get(4) {
                    Some(b'>') => i = lt + 5,
                    Some(b'-') if rest.get(5) == Some(&b'>') => i = lt + 6,
                    _ => {
                        self.comment = Some(offset + lt);
                        i = lt + 4;
                    }
                }
                continue;
            }
            let end_tag = rest.starts_with(b"</");
            let start = lt + if end_tag { 2 } else { 1 };
            if rest.starts_with(b"<!") || rest.starts_with(b"<?") || (end_tag && !b.get(start).is_some_and(u8::is_ascii_alphabetic)) {
                // A bogus comment, to the next `>`.
                i = memchr::memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1);
                continue;
            }
            if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
                i = lt + 1;
                continue;
            }
            let mut j = start;
            while j < b.len() && !matches!(b[j], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>') {
                j += 1;
            }
            let name = html[start..j].to_ascii_lowercase();
            let (next, font_attribute) = skip_tag(b, j);
            if end_tag {
                self.end_tag(&name);
            } else {
                // `<font>` leaves SVG or MathML only with one of these.
                let breakout = is_breakout(&name) || (name == "font" && font_attribute);
                self.start_tag(&name, breakout, false, offset + lt);
            }
            i = next;
        }
    }

    fn start_tag(&mut self, name: &str, breakout: bool, markdown: bool, offset: usize) {
        if let Some(top) = self.stack.last()
            && !top.holds_html()
        {
            if !breakout {
                // An element of SVG or MathML, whichever it is in.
                let ns = if top.svg { Ns::Svg } else { Ns::Math };
                self.push(name, markdown, ns, offset);
                return;
            }
            self.leave_foreign();
        }
        if is_raw_text(name) {
            self.raw_text = Some((offset, name.into()));
        }
        if matches!(name, "html" | "head" | "body" | "frameset") {
            return;
        }
        if matches!(name, "caption" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr") && self.tables == 0 {
            // Outside a table the parser ignores these.
            return;
        }
        if name == "form" {
            if self.form {
                return;
            }
            self.form = true;
        }
        if closes_p(name) {
            self.close_p();
        }
        match name {
            "li" => self.close_item(&["li"]),
            "dd" | "dt" => self.close_item(&["dd", "dt"]),
            n if is_heading(n) && self.stack.last().is_some_and(|o| !o.foreign && is_heading(&o.name)) => {
                self.pop_to(self.stack.len() - 1);
            }
            "a" => {
                if let Some(i) = self.find_before_special("a") {
                    self.pop_to(i);
                }
            }
            "option" | "optgroup" if self.stack.last().is_some_and(|o| o.is("option")) => {
                self.pop_to(self.stack.len() - 1);
            }
            "td" | "th" => self.close_in_table(&["td", "th"]),
            "tr" => self.close_in_table(&["tr"]),
            "tbody" | "thead" | "tfoot" => self.close_in_table(&["tbody", "thead", "tfoot"]),
            _ => {}
        }
        if !is_void(name) {
            let ns = match name {
                "svg" => Ns::Svg,
                "math" => Ns::Math,
                _ => Ns::Html,
            };
            self.push(name, markdown, ns, offset);
        }
    }

    fn end_tag(&mut self, name: &str) {
        if matches!(name, "p" | "br") {
            self.leave_foreign();
        }
        // In SVG or MathML, an end tag closes the element of its name.
        for i in (0..self.stack.len()).rev() {
            if !self.stack[i].foreign {
                break;
            }
            if self.stack[i].name.eq_ignore_ascii_case(name) {
                self.pop_to(i);
                return;
            }
        }
        if is_formatting(name) {
            match self.find_before_special(name) {
                Some(i) => self.pop_to(i),
                None => {
                    if !self.stack.iter().any(|o| o.is(name))
                        && let Some(k) = self.reopen.iter().rposition(|(n, _)| &**n == name)
                    {
                        self.reopen.remove(k);
                    }
                }
            }
            return;
        }
        if is_void(name) {
            return;
        }
        if name == "form" {
            // Only the form leaves the stack, not what was opened in it.
            self.form = false;
            for i in (0..self.stack.len()).rev() {
                if self.stack[i].is("form") {
                    if self.reachable(i, Scope::Default) {
                        self.stack.remove(i);
                    }
                    return;
                }
            }
            return;
        }
        let scope = Scope::of_end_tag(name);
        let heading = is_heading(name);
        for i in (0..self.stack.len()).rev() {
            let o = &self.stack[i];
            if o.is(name) || (heading && !o.foreign && is_heading(&o.name)) {
                if self.reachable(i, scope) {
                    self.pop_to(i);
                }
                return;
            }
            if matches!(scope, Scope::Special) && o.special {
                return;
            }
        }
    }

    fn push(&mut self, name: &str, markdown: bool, ns: Ns, offset: usize) {
        if self.too_deep.is_some() {
            return;
        }
        if name == "table" && ns == Ns::Html {
            self.tables += 1;
        }
        self.stack.push(Open::new(name, markdown, ns));
        if self.stack.len() + self.reopen.len() > MAX_DEPTH {
            self.too_deep = Some(offset);
            // Nothing more is followed.
            self.stack = Vec::new();
            self.reopen = Vec::new();
            self.tables = 0;
        }
    }

    /// Closes the SVG and MathML elements open, down to one that holds HTML.
    fn leave_foreign(&mut self) {
        while let Some(top) = self.stack.last()
            && !top.holds_html()
        {
            self.pop_to(self.stack.len() - 1);
        }
    }

    /// Closes the element at `i` and everything opened inside it.
    fn pop_to(&mut self, i: usize) {
        for (k, o) in self.stack.drain(i..).enumerate() {
            if o.is("table") {
                self.tables -= 1;
            }
            if k > 0 && !o.foreign && is_formatting(&o.name) {
                // The parser keeps at most three alike (Markdown's are
                // alike; raw ones may differ in their attributes).
                let markdown = o.markdown;
                if !(markdown && self.reopen.iter().filter(|(n, m)| *m && *n == o.name).count() >= 3) {
                    self.reopen.push((o.name, markdown));
                }
            }
        }
    }

    /// Whether an end tag for the element at `i`, looked for in `scope`,
    /// reaches it.
    fn reachable(&self, i: usize, scope: Scope) -> bool {
        !self.stack[i + 1..].iter().any(|o| scope.bounded_by(o))
    }

    /// An open `name` with nothing special opened inside it.
    fn find_before_special(&self, name: &str) -> Option<usize> {
        for i in (0..self.stack.len()).rev() {
            let o = &self.stack[i];
            if o.is(name) {
                return Some(i);
            }
            if o.special {
                return None;
            }
        }
        None
    }

    fn close_p(&mut self) {
        for i in (0..self.stack.len()).rev() {
            let o = &self.stack[i];
            if o.is("p") {
                self.pop_to(i);
                return;
            }
            if Scope::Button.bounded_by(o) {
                return;
            }
        }
    }

    /// `<li>` closes an open `<li>` (`<dd>` or `<dt>`: either) unless
    /// something special other than address, div and p was opened in it.
    fn close_item(&mut self, names: &[&str]) {
        for i in (0..self.stack.len()).rev() {
            let o = &self.stack[i];
            if !o.foreign && names.contains(&&*o.name) {
                self.pop_to(i);
                return;
            }
            if o.special && !(o.is("address") || o.is("div") || o.is("p")) {
                return;
            }
        }
    }

    /// A cell, row or row group closes the one open in the same table.
    fn close_in_table(&mut self, names: &[&str]) {
        for i in (0..self.stack.len()).rev() {
            let o = &self.stack[i];
            if !o.foreign && names.contains(&&*o.name) {
                self.pop_to(i);
                return;
            }
            if Scope::Table.bounded_by(o) {
                return;
            }
        }
    }
}

/// Where `</name` starts at or after `from`, followed by white space, `/`
/// or `>` (ignoring case): the end tag of a raw-text element.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = memchr::memmem::find(&b[i..], b"</").map(|p| p + i) {
        let after = p + 2 + name.len();
        if after < b.len()
            && b[p + 2..after].eq_ignore_ascii_case(name)
            && matches!(b[after], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
        {
            return Some(p);
        }
        i = p + 2;
    }
    None
}

/// From just after a tag's name: past its attributes and its `>` (to the
/// end of `b` when it has none), and whether an attribute is `color`,
/// `face` or `size`.
fn skip_tag(b: &[u8], mut i: usize) -> (usize, bool) {
    let space = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let mut font = false;
    while i < b.len() {
        match b[i] {
            b'>' => return (i + 1, font),
            c if c == b'/' || space(c) => i += 1,
            _ => {
                // An attribute name, then perhaps `=` and a value.
                let from = i;
                i += 1;
                while i < b.len() && !space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                    i += 1;
                }
                let name = &b[from..i];
                font |= [&b"color"[..], b"face", b"size"].iter().any(|a| name.eq_ignore_ascii_case(a));
                while i < b.len() && space(b[i]) {
                    i += 1;
                }
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    while i < b.len() && space(b[i]) {
                        i += 1;
                    }
                    match b.get(i) {
                        Some(&q) if q == b'"' || q == b'\'' => {
                            i = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e + 1);
                        }
                        _ => {
                            while i < b.len() && !space(b[i]) && b[i] != b'>' {
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    (b.len(), font)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_markdown_is_not_sanitised_but_safe() {
        let html = to_html("# Minutes\n\nA *b* <c>", 2);
        assert!(html.contains("<h2 id=\"md-minutes\">Minutes</h2>"), "{html}");
        assert!(html.contains("&lt;c&gt;") || !html.contains("<c>"));
    }

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
        assert!(html.contains(">a<") || html.contains("a "), "{html}");
        let html = to_html("<a href=\"javascript:alert(1)\">x</a>", 2);
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn headings_shift_and_get_unique_ids() {
        let html = to_html("## A\n\n### B\n\n## A\n", 3);
        assert!(html.contains("<h3 id=\"md-a\">A</h3>"), "{html}");
        assert!(html.contains("<h4 id=\"md-b\">B</h4>"), "{html}");
        assert!(html.contains("<h3 id=\"md-a-2\">A</h3>"), "{html}");
    }

    #[test]
    fn plain_text() {
        let mut text = String::from("before ");
        text_into("## Minutes\n\nA *b* <b>c</b> `d`\nnext\n\n- one\n- two", &mut text);
        assert_eq!(text.split_whitespace().collect::<Vec<_>>().join(" "), "before Minutes A b c d next one two");
    }

    #[test]
    fn tables_and_footnotes() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n~~gone~~", 2);
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>gone</del>"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn many_equal_headings_get_ids_in_linear_time() {
        let md = "## same\n\n".repeat(20_000) + "## same 2\n\n## Same-3\n";
        let started = std::time::Instant::now();
        let html = to_html(&md, 2);
        // It took 41 s when every heading tried every number before its own.
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
        assert!(html.contains("<h2 id=\"md-same\">"));
        assert!(html.contains("<h2 id=\"md-same-20000\">"));
        assert!(!html.contains("md-same-20001\""));
        // A heading whose own id was given to a repeat gets the next free one.
        assert!(html.contains("<h2 id=\"md-same-2-2\">same 2</h2>"), "{}", &html[html.len() - 200..]);
        assert!(html.contains("<h2 id=\"md-same-3-2\">Same-3</h2>"));
        let mut ids = HashMap::new();
        assert_eq!(unique_id(&mut ids, "a-2".into()), "a-2");
        assert_eq!(unique_id(&mut ids, "a".into()), "a");
        assert_eq!(unique_id(&mut ids, "a".into()), "a-3");
        assert_eq!(unique_id(&mut ids, "a-3".into()), "a-3-2");
        assert_eq!(unique_id(&mut ids, "a".into()), "a-4");
    }

    fn problem_at(md: &str) -> Vec<(usize, String)> {
        problems(md).into_iter().map(|p| (p.offset, p.message)).collect()
    }

    #[test]
    fn an_unclosed_raw_text_element_is_a_problem_where_it_opens() {
        for name in ["style", "textarea", "script", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "STYLE"] {
            let lower = name.to_ascii_lowercase();
            for md in [
                format!("Intro.\n\n<{name}>\np {{ color: red }}\n\n## Item 2\n\nThe rest of the minutes.\n"),
                format!("Intro.\n\nSee <{name} class=\"x\"> here.\n\n## Item 2\n\nThe rest.\n"),
            ] {
                let found = problem_at(&md);
                assert_eq!(found.len(), 1, "{name}: {found:?}");
                assert_eq!(md[found[0].0..].get(..name.len() + 1), Some(format!("<{name}").as_str()), "{name}");
                assert!(found[0].1.contains(&format!("never closed with `</{lower}>`")), "{}", found[0].1);
                // Closed, it is not a problem (the sanitiser drops what it should).
                let closed = md.replace("The rest", &format!("</{name}>The rest"));
                assert_eq!(problem_at(&closed), vec![], "{closed}");
            }
        }
        let found = problem_at("a\n\n<plaintext>\nb\n\n</plaintext>\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("cannot be closed"), "{found:?}");
        assert_eq!(found[0].0, 3);
        // Not HTML: in code, or escaped.
        for md in ["`<style>` is a tag", "    <textarea>\n", "```\n<script>\n```\n", "&lt;style>", "a < style > b"] {
            assert_eq!(problem_at(md), vec![], "{md}");
        }
        // A comment never closed.
        let found = problem_at("a\n\n<!-- draft\n\nb\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("`<!--`"), "{found:?}");
        assert_eq!(problem_at("a <!-- x --> b\n\n<!---->\n\n<!-->\n"), vec![]);
        // A closing tag inside an attribute or a comment is not one.
        assert_eq!(problem_at("<style>a</style >\n<p title=\"<textarea>\">x</p>\n<!-- <script> -->\n"), vec![]);
        // In SVG, <style> and <title> are not raw text.
        assert_eq!(problem_at("<svg><style>x</svg>\n\n<math><title>y</math>\n"), vec![]);
        // But in SVG's <title>, HTML starts again.
        assert_eq!(problem_at("<svg><title>x<style>y</svg>\n").len(), 1);
    }

    #[test]
    fn deep_nesting_is_a_problem_and_never_slow() {
        let depth_of = |md: &str| problems(md).into_iter().find(|p| p.message.contains("nested")).map(|p| p.offset);
        let deep = format!("Intro\n\n{}x{}\n", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let started = std::time::Instant::now();
        let at = depth_of(&deep).expect("too deep");
        assert_eq!(at, 7 + 5 * MAX_DEPTH, "the first element past the limit");
        // And the renderer does not hand it to the sanitiser's parser (50 s).
        let html = to_html(&deep, 2);
        assert!(html.contains("&lt;div&gt;"));
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());

        let ok = format!("{}x{}\n", "<div>".repeat(MAX_DEPTH - 2), "</div>".repeat(MAX_DEPTH - 2));
        assert_eq!(depth_of(&ok), None);
        assert!(to_html(&ok, 2).contains("<div><div>"));
        // Markdown's own nesting counts too, where there is raw HTML.
        assert!(depth_of(&format!("{} <b>x</b>\n", ">".repeat(MAX_DEPTH + 1))).is_some());
        assert!(depth_of(&format!("{} <b>x</b>\n", ">".repeat(30))).is_none());
        assert!(depth_of(&format!("{} x\n", ">".repeat(1_000))).is_none());
        // Closed elements do not add up; elements the parser closes by itself
        // (cells, rows, items, paragraphs) do not either.
        assert_eq!(depth_of(&"<div><span><b>x</b></span></div>\n".repeat(10_000)), None);
        let table = format!("<table>\n{}</table>\n", "<tr><td>a<td><p>b<p>c<li>d\n".repeat(2_000));
        assert_eq!(depth_of(&table), None);
        assert_eq!(depth_of(&format!("<ul>{}</ul>\n", "<li>x".repeat(2_000))), None);
        assert_eq!(depth_of(&"<p>x\n\n".repeat(2_000)), None);
        assert_eq!(depth_of(&"<br><img src=a><hr>\n\n".repeat(2_000)), None);
        // What the parser would keep open is counted, however it is spelt.
        for md in [
            "<div><table></div>".repeat(200),
            "- <object>\n".repeat(200),
            "<span><div></span>".repeat(200),
            "<b><div></b>".repeat(200),
            "<x/>".repeat(200),
            "<svg><g><div></svg>".repeat(200),
            (0..200).map(|i| format!("<b id={i}>x\n\n")).collect(),
        ] {
            assert!(depth_of(&md).is_some(), "{md:.60}");
        }
    }

    /// Tag soup, each piece repeated to 30 and 120 KB: whatever the model
    /// lets through, the sanitiser must take in linear time. Slow (a minute):
    /// `cargo test --release --lib markdown::tests::tag_soup -- --ignored`,
    /// with SEED=n for other soups.
    #[test]
    #[ignore]
    fn tag_soup_is_refused_or_quick() {
        let pieces = [
            "<div>",
            "</div>",
            "<table>",
            "</table>",
            "<td>",
            "</td>",
            "<th>",
            "<tr>",
            "</tr>",
            "<tbody>",
            "<col>",
            "<colgroup>",
            "<caption>",
            "</caption>",
            "<b>",
            "</b>",
            "<i id=1>",
            "<em>",
            "</em>",
            "<u>",
            "</u>",
            "<big>",
            "</big>",
            "<strike>",
            "<nobr>",
            "</nobr>",
            "<font>",
            "<font color=red>",
            "<a>",
            "</a>",
            "<p>",
            "</p>",
            "<p/>",
            "<div/>",
            "<li>",
            "</li>",
            "<ul>",
            "</ul>",
            "<dl>",
            "<dd>",
            "</dd>",
            "<h1>",
            "</h1>",
            "<h2>",
            "</h3>",
            "<object>",
            "</object>",
            "<applet>",
            "<marquee>",
            "<template>",
            "</template>",
            "<button>",
            "</button>",
            "<select>",
            "</select>",
            "<option>",
            "</option>",
            "<optgroup>",
            "<form>",
            "</form>",
            "<address>",
            "<listing>",
            "<pre>",
            "</pre>",
            "<ruby>",
            "<rb>",
            "<rt>",
            "<svg>",
            "</svg>",
            "<g>",
            "</g>",
            "<foreignObject>",
            "</foreignObject>",
            "<desc>",
            "<math>",
            "</math>",
            "<mi>",
            "<mtext>",
            "<annotation-xml>",
            "<x/>",
            "</x>",
            "<span>",
            "</span>",
            "<br>",
            "</br>",
            "<hr>",
            "<image>",
            "<input>",
            "<frameset>",
            "<body>",
            "</body>",
            "<html>",
            "</html>",
            "<textarea>",
            "</textarea>",
            "<script>",
            "</script>",
            "<title>",
            "<style>",
            "</style>",
            "<xmp>",
            "</xmp>",
            "<iframe>",
            "<noscript>",
            "</noscript>",
            "<!--",
            "-->",
            "x",
            "\n\n",
            "- ",
            "> ",
            "* ",
            "*e ",
            "`c`",
            "[l](u)",
            "\n| a |\n|---|\n| b |\n",
        ];
        let mut seed: u64 = std::env::var("SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x1234_5678_9abc_def1) | 1;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut slow = Vec::new();
        for _ in 0..3000 {
            let n = 1 + (next() % 12) as usize;
            let piece: String = (0..n).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            // Four times the text taking ten times as long is not linear.
            let time = |times: usize| {
                let md = format!("x {}", piece.repeat(times));
                let started = std::time::Instant::now();
                let _ = to_html(&md, 2);
                started.elapsed()
            };
            let big = time(120_000 / piece.len());
            if big > std::time::Duration::from_millis(300) && big > 10 * time(30_000 / piece.len()) {
                slow.push(format!("{big:?}: {piece:?}"));
            }
        }
        assert!(slow.is_empty(), "{slow:#?}");
    }
}
