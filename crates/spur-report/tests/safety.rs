//! User text is escaped in every format: HTML/SVG entities, DOCX XML escaping, CSV formula
//! neutralisation, Markdown backslash escapes.

mod common;

use common::{document_xml, graded, parse};
use spur_core::Catalog;
use spur_grading::Graded;
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

const EVIL: &str = r##"
[inspection]
unit = "Enhet <script>alert('x')</script> & \"Co\""
region = "Region <b>fet</b>"
visit_date = 2026-01-20
inspectors = ["Eva \"<img src=x onerror=alert(1)>\""]
regulations = ["SOSFS 2015:8", "HSLF-FS 2021:8"]

[report]
strengths = ["<script>alert(1)</script> bra & \"citat\" 'enkel'"]
weaknesses = ["=HYPERLINK(\"http://evil\")"]
improvements = ["# inte en rubrik", "1. inte en lista"]

[areas.D]
narrative = """
Första stycket <iframe src="x"></iframe>.

Andra stycket & mer; \u0001kontroll\u001b tecken."""

[findings]
"D.F6" = { status = "not_met", note = "=cmd|' /C calc'!A0" }
"E.F1" = { status = "partially_met", note = "+SUM(1,2)" }
"E.F4" = { status = "not_met", note = "-2+3" }
"H.F2" = { status = "not_met", note = "@SUM(A1)" }
"H.F7" = { status = "not_met", note = "\tTAB först" }
"H.F9" = { status = "not_met", note = "\rCR först" }
"B.R1" = { status = "not_met", note = "<script>note</script> & \"q\"" }

[handlingsplan]
received = 2026-02-01

[[handlingsplan.entries]]
criterion = "D.F6"
action = "<script>steal()</script> & \"åtgärd\" 'x'"
due = 2026-03-01
responsible = ["<b>chef</b>"]
follow_up = 2026-04-01
follow_up_responsible = ["A & B"]
note = "</td></tr><tr><td>injicerad"
"##;

fn evil() -> Graded {
    graded(&parse(EVIL))
}

fn assert_no_raw_markup(out: &str, what: &str) {
    for raw in ["<script", "<img", "<iframe", "<b>", "</td></tr><tr>"] {
        assert!(!out.contains(raw), "{what}: raw `{raw}` in output");
    }
    assert!(
        !out.contains('\u{1}') && !out.contains('\u{1b}'),
        "{what}: control characters"
    );
}

#[test]
fn html_report_and_template_escape_all_user_text() {
    let g = evil();
    for lang in [Lang::Sv, Lang::En] {
        let html = String::from_utf8(render_report(&g, ReportFormat::Html, lang).unwrap()).unwrap();
        assert_no_raw_markup(&html, "HTML report");
        assert!(html.contains(
            "Enhet &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"
        ));
        assert!(
            html.contains(
                "&lt;script&gt;steal()&lt;/script&gt; &amp; &quot;åtgärd&quot; &#39;x&#39;"
            )
        );
        assert!(html.contains("Eva &quot;&lt;img src=x onerror=alert(1)&gt;&quot;"));
        assert!(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;injicerad"));
        assert!(html.contains("Första stycket &lt;iframe src=&quot;x&quot;&gt;&lt;/iframe&gt;."));
        assert!(html.contains("Andra stycket &amp; mer; kontroll tecken."));
        let tpl =
            String::from_utf8(render_handlingsplan(&g, PlanFormat::Html, lang).unwrap()).unwrap();
        assert_no_raw_markup(&tpl, "HTML template");
        assert!(tpl.contains("&lt;script&gt;note&lt;/script&gt; &amp; &quot;q&quot;"));
    }
}

#[test]
fn svg_escapes_the_unit_name() {
    let g = evil();
    let svg = spur_report::grade_overview_svg(&g, Catalog::embedded(), Lang::Sv);
    assert_no_raw_markup(&svg, "SVG");
    assert!(
        svg.contains("Enhet &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;")
    );
}

#[test]
fn docx_text_is_xml_escaped() {
    let g = evil();
    let report = render_report(&g, ReportFormat::Docx, Lang::Sv).unwrap();
    let xml = document_xml(&report);
    assert_no_raw_markup(&xml, "DOCX report");
    assert!(
        xml.contains("&lt;script&gt;steal()&lt;/script&gt; &amp; &quot;åtgärd&quot; &#39;x&#39;"),
        "action escaped"
    );
    assert!(
        xml.contains("Enhet &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;")
    );
    assert!(xml.contains("&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;injicerad"));
    let template = render_handlingsplan(&g, PlanFormat::Docx, Lang::Sv).unwrap();
    let xml = document_xml(&template);
    assert_no_raw_markup(&xml, "DOCX template");
    assert!(xml.contains("&lt;script&gt;note&lt;/script&gt; &amp; &quot;q&quot;"));
}

#[test]
fn csv_cells_that_could_be_formulas_are_neutralised() {
    let g = evil();
    let csv = render_handlingsplan(&g, PlanFormat::Csv, Lang::Sv).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.len(), 10);
    assert_eq!(&headers[3], "Typ (krav/rekommendation)");
    let notes: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[4].to_string())
        .collect();
    for (raw, expected) in [
        ("=cmd", "'=cmd|' /C calc'!A0"),
        ("+SUM", "'+SUM(1,2)"),
        ("-2", "'-2+3"),
        ("@SUM", "'@SUM(A1)"),
        ("TAB", "'\tTAB först"),
    ] {
        assert!(
            notes.iter().any(|n| n == expected),
            "{raw}: expected {expected:?} in {notes:?}"
        );
    }
    // A lone CR is a control character and is dropped before it reaches any format.
    assert!(notes.iter().any(|n| n == "CR först"), "{notes:?}");
    assert_eq!(spur_report::neutralise_formula("\rCR"), "'\rCR");
    assert!(
        notes
            .iter()
            .all(|n| !n.starts_with(['=', '+', '-', '@', '\t', '\r']))
    );
    // The recommended item carries its marker.
    let recommended: Vec<_> = text
        .lines()
        .filter(|l| l.contains(";rekommendation;"))
        .collect();
    assert_eq!(recommended.len(), 1);
}

#[test]
fn markdown_escapes_markup() {
    let g = evil();
    let md =
        String::from_utf8(render_report(&g, ReportFormat::Markdown, Lang::Sv).unwrap()).unwrap();
    // Every `<` is backslash-escaped, so CommonMark renders it as text, never as HTML.
    let bytes = md.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'<' {
            assert!(
                i > 0 && bytes[i - 1] == b'\\',
                "unescaped `<` at {i}: {}",
                &md[i.saturating_sub(30)..(i + 30).min(md.len())]
            );
        }
    }
    assert!(!md.contains('\u{1}'));
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(md.contains("1. \\# inte en rubrik"));
    assert!(md.contains("2. 1\\. inte en lista"));
}

#[test]
fn toml_template_comments_cannot_break_out() {
    let src = EVIL.replace(
        "note = \"=cmd|' /C calc'!A0\"",
        "note = \"rad ett\\n[handlingsplan]\\nreceived = 2020-01-01\"",
    );
    let doc = parse(&src);
    let g = graded(&doc);
    let tpl =
        String::from_utf8(render_handlingsplan(&g, PlanFormat::Toml, Lang::Sv).unwrap()).unwrap();
    assert_eq!(
        tpl.lines()
            .filter(|l| l.starts_with("[handlingsplan]"))
            .count(),
        1
    );
    assert!(!tpl.lines().any(|l| l.starts_with("received")));
    toml::from_str::<toml::Value>(&tpl).expect("the template is valid TOML");
}
