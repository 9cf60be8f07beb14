//! DOCX structure, and a conversion check with LibreOffice where it is installed.

mod common;

use std::process::Command;

use common::{MINIMAL, SEED, document_xml, docx_text, graded, parse};
use spur_core::Catalog;
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fn seed_report(lang: Lang) -> Vec<u8> {
    let doc = parse(SEED);
    render_report(&graded(&doc), ReportFormat::Docx, lang).unwrap()
}

fn seed_template(lang: Lang) -> Vec<u8> {
    let doc = parse(SEED);
    render_handlingsplan(&graded(&doc), PlanFormat::Docx, lang).unwrap()
}

fn part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn report_is_a4_with_headings_and_a_page_break_before_struktur_only() {
    let bytes = seed_report(Lang::Sv);
    assert!(bytes.starts_with(b"PK"), "a zip package");
    let xml = document_xml(&bytes);
    assert!(
        xml.contains("w:w=\"11906\"") && xml.contains("w:h=\"16838\""),
        "A4 page size"
    );
    let styles = part(&bytes, "word/styles.xml");
    for style in ["Heading1", "Heading2", "Heading3", "Title"] {
        assert!(
            styles.contains(&format!("w:styleId=\"{style}\"")),
            "style {style}"
        );
    }
    let text = docx_text(&bytes);
    // STRUKTUR starts a new page; areas and PROCESS follow on (issue 28: a page per area left
    // five pages under 100 words in LibreOffice).
    let lines: Vec<&str> = text.lines().collect();
    for area in &Catalog::embedded().areas {
        let heading = format!("{}. {}", area.id, area.sv);
        let at = lines
            .iter()
            .position(|l| *l == heading)
            .unwrap_or_else(|| panic!("{heading}"));
        let before = &lines[at.saturating_sub(3)..at];
        let broken = before.contains(&"=== page break ===");
        assert_eq!(
            broken,
            area.id.to_string() == "A",
            "page break before {heading}: {before:?}"
        );
    }
    assert!(text.contains("Handlingsplan inkommen. Gradering justerad till C."));
}

#[test]
fn template_has_a_table_per_entry_with_the_five_fields() {
    let bytes = seed_template(Lang::Sv);
    let xml = document_xml(&bytes);
    assert_eq!(xml.matches("<w:tbl>").count(), 6, "one table per plan item");
    let text = docx_text(&bytes);
    for field in [
        "Planerad åtgärd",
        "Datum när åtgärden ska vara genomförd",
        "Ansvarig för genomförandet",
        "Datum för uppföljning",
        "Ansvarig för uppföljningen",
    ] {
        assert_eq!(text.matches(&format!("{field} |")).count(), 6, "{field}");
    }
    assert!(text.contains("D. Tjänstgöringens upplägg · D.F6 (krav)"));
}

#[test]
fn minimal_template_in_english() {
    let doc = parse(MINIMAL);
    let bytes = render_handlingsplan(&graded(&doc), PlanFormat::Docx, Lang::En).unwrap();
    let text = docx_text(&bytes);
    assert!(text.contains("Planned action |"));
    assert!(text.contains("D.F6 (required)"));
}

fn libreoffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|bin| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn libreoffice_converts_the_docx_files_to_pdf() {
    let Some(bin) = libreoffice() else {
        println!("skipping: LibreOffice not installed (no `soffice` or `libreoffice` on PATH)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let files = [
        ("report-sv.docx", seed_report(Lang::Sv)),
        ("report-en.docx", seed_report(Lang::En)),
        ("handlingsplan-sv.docx", seed_template(Lang::Sv)),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    for (name, _) in &files {
        let status = Command::new(bin)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(dir.path())
            .arg(dir.path().join(name))
            .status()
            .expect("run LibreOffice");
        assert!(status.success(), "LibreOffice failed on {name}: {status}");
        let pdf = dir.path().join(name.replace(".docx", ".pdf"));
        let bytes =
            std::fs::read(&pdf).unwrap_or_else(|e| panic!("{} not written: {e}", pdf.display()));
        assert!(bytes.starts_with(b"%PDF"), "{name} converted to a PDF");
    }
}
