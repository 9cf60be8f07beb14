//! Issue 28 item 6: no near-empty page. The seed report as PDF (typst) and as DOCX (laid out by
//! LibreOffice) is cut into pages with `pdftotext -bbox`; a page whose text ends in its first
//! quarter fails unless it is the document's last or the next page starts a section (a level-1
//! heading: Styrkor, STRUKTUR, PROCESS, HANDLINGSPLAN, …). Without poppler (or LibreOffice for
//! the DOCX) the test says so loudly and checks nothing for that format.

mod common;

use std::path::Path;
use std::process::Command;

use spur_report::messages::Messages;

/// One page: the height, the words of the body (running header and footer left out) as
/// (yMin, yMax, text).
struct Page {
    height: f64,
    words: Vec<(f64, f64, String)>,
}

fn attr(tag: &str, name: &str) -> f64 {
    tag.split(&format!("{name}=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

fn pages(pdf: &Path) -> Option<Vec<Page>> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut pages = Vec::new();
    for page in text.split("<page ").skip(1) {
        let height = attr(page, "height");
        let mut words = Vec::new();
        for w in page.split("<word ").skip(1) {
            let (y0, y1) = (attr(w, "yMin"), attr(w, "yMax"));
            let word = w
                .split('>')
                .nth(1)
                .and_then(|r| r.split('<').next())
                .unwrap_or("")
                .replace("&amp;", "&");
            // The running header and the footer (page number, status).
            if y1 < 0.08 * height || y0 > 0.92 * height {
                continue;
            }
            words.push((y0, y1, word));
        }
        pages.push(Page { height, words });
    }
    Some(pages)
}

/// The first line of a page's body.
fn first_line(p: &Page) -> String {
    let Some(top) = p.words.iter().map(|w| w.0).reduce(f64::min) else {
        return String::new();
    };
    p.words
        .iter()
        .filter(|w| (w.0 - top).abs() < 2.0)
        .map(|w| w.2.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How much of the body's height a page's text reaches, 0–1.
fn fill(p: &Page) -> f64 {
    let bottom = p.words.iter().map(|w| w.1).fold(0.0, f64::max);
    ((bottom - 0.08 * p.height) / (0.84 * p.height)).max(0.0)
}

fn check(pdf: &Path, what: &str) -> Vec<String> {
    let Some(pages) = pages(pdf) else {
        eprintln!("SKIPPED the page check of {what}: pdftotext (poppler-utils) is not installed");
        return Vec::new();
    };
    assert!(pages.len() > 3, "{what}: {} pages", pages.len());
    let mut sections: Vec<&str> = Vec::new();
    for m in [
        Messages::for_lang(spur_report::Lang::Sv),
        Messages::for_lang(spur_report::Lang::En),
    ] {
        sections.extend([
            m.summary,
            m.strengths,
            m.weaknesses,
            m.improvements,
            m.group_struktur,
            m.group_process,
            m.handlingsplan,
            m.signatures,
        ]);
    }
    let mut bad = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let last = i + 1 == pages.len();
        let section_ends = pages
            .get(i + 1)
            .is_some_and(|next| sections.contains(&first_line(next).as_str()));
        let f = fill(p);
        if f < 0.25 && !last && !section_ends {
            bad.push(format!(
                "{what}: page {} of {} is {:.0} % full (starts: {})",
                i + 1,
                pages.len(),
                f * 100.0,
                first_line(p)
            ));
        }
    }
    bad
}

#[test]
fn the_seed_report_has_no_near_empty_page() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("seed.pdf");
    common::spur()
        .args(["report", common::SEED, "--format", "pdf", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let mut bad = check(&pdf, "the PDF");

    let docx = dir.path().join("seed.docx");
    common::spur()
        .args(["report", common::SEED, "--format", "docx", "-o"])
        .arg(&docx)
        .assert()
        .success();
    let converted = Command::new("soffice")
        // A profile of its own: no clash with another LibreOffice running.
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("lo"))
        .arg(&docx)
        .output();
    match converted {
        Ok(out) if out.status.success() && dir.path().join("lo/seed.pdf").exists() => {
            bad.extend(check(
                &dir.path().join("lo/seed.pdf"),
                "the DOCX (LibreOffice)",
            ));
        }
        Ok(out) => panic!("soffice failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => eprintln!(
            "SKIPPED the DOCX page check: LibreOffice (soffice) is not installed \
             (apt-get install libreoffice-writer-nogui)"
        ),
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
