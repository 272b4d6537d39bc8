//! A model of the HTML parser's stack of open elements.

use pulldown_cmark::{Event, Tag};

use super::MAX_DEPTH;
use super::elements::{closes_p, is_breakout, is_formatting, is_heading, is_raw_text, is_special, is_void};

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
pub(super) struct Shape {
    stack: Vec<Open>,
    /// For each Markdown element begun, the element it makes (none while
    /// raw HTML makes it text).
    md_open: Vec<Option<&'static str>>,
    /// Formatting elements closed by something other than their end tag,
    /// which the parser opens again; whether each came from Markdown.
    reopen: Vec<(Box<str>, bool)>,
    /// A raw-text element being read: where it opened and its name.
    pub(super) raw_text: Option<(usize, Box<str>)>,
    /// Where a comment being read opened.
    pub(super) comment: Option<usize>,
    /// Where the nesting first went deeper than `MAX_DEPTH`; the depth is
    /// not followed after that.
    pub(super) too_deep: Option<usize>,
    /// Tables open.
    tables: usize,
    /// The parser's form element pointer is set: a `<form>` is ignored.
    form: bool,
}

impl Shape {
    pub(super) fn event(&mut self, event: &Event, offset: usize) {
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
