//! The small pieces of HTML every HTML renderer shares (the report, the comparison): escaped
//! text, headings of any level, the newline that keeps pages line-oriented. A leaf module.

use maud::{Markup, PreEscaped, Render, html};

/// Escape text for HTML and XML content and attribute values: `&`, `<`, `>`, `"` and `'`.
///
/// Every piece of text the HTML and SVG renderers write goes through this function, which is
/// [`spur_core::escape::html`] (control characters are removed too).
///
/// ```
/// use spur_report::escape_html;
/// assert_eq!(
///     escape_html(r#"<script>alert("x & 'y'")</script>"#),
///     "&lt;script&gt;alert(&quot;x &amp; &#39;y&#39;&quot;)&lt;/script&gt;"
/// );
/// ```
pub fn escape_html(text: &str) -> String {
    spur_core::escape::html(text)
}

/// Text for HTML content and attribute values, escaped by spur's one escaper
/// ([`spur_core::escape::html`]: `&`, `<`, `>`, `"`, `'`, and control characters removed).
/// maud would escape a plain `&str` too; this keeps one set of rules for every renderer.
pub(crate) struct Text<'a>(&'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        buffer.push_str(&escape_html(self.0));
    }
}

pub(crate) fn t(text: &str) -> Text<'_> {
    Text(text)
}

/// `<h{level}>` around `text`; `level` is clamped to 1–6 (maud has no computed tag names).
pub(crate) fn heading(level: usize, text: &str) -> Markup {
    match level {
        0 | 1 => html! { h1 { (t(text)) } },
        2 => html! { h2 { (t(text)) } },
        3 => html! { h3 { (t(text)) } },
        4 => html! { h4 { (t(text)) } },
        5 => html! { h5 { (t(text)) } },
        _ => html! { h6 { (t(text)) } },
    }
}

/// The newline that keeps the output line-oriented (readable snapshots and diffs).
pub(crate) const NL: PreEscaped<&str> = PreEscaped("\n");
