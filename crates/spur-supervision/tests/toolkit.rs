//! Whole-toolkit tests: the embedded toolkit against the domain reference
//! (`shared/domain/catalog-reference.md`, section 6).

use spur_core::Confidence;
use spur_supervision::{Frequency, TargetId, Toolkit};

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/domain/catalog-reference.md"
);

/// The reference text, or `None` (skip) when it is absent outside CI.
fn reference() -> Option<String> {
    match std::fs::read_to_string(REFERENCE) {
        Ok(s) => Some(s),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("CI is set but {REFERENCE} cannot be read: {e}")
        }
        Err(e) => {
            eprintln!("skipping: the domain reference {REFERENCE} is not available ({e})");
            None
        }
    }
}

/// Section 6 of the reference.
fn section6(reference: &str) -> &str {
    let start = reference
        .find("## 6. Supervision toolkit")
        .expect("section 6 heading");
    let end = reference[start..]
        .find("\n## 7.")
        .map_or(reference.len(), |i| start + i);
    &reference[start..end]
}

/// The numbered list (`1. …`) following the line that starts with `heading`.
fn numbered_list<'a>(section: &'a str, heading: &str) -> Vec<(u32, &'a str)> {
    let start = section
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}` in section 6"));
    let mut out = Vec::new();
    for line in section[start..].lines().skip(1) {
        if line.trim().is_empty() {
            if out.is_empty() {
                continue;
            }
            break;
        }
        let Some((n, text)) = line.split_once(". ") else {
            break;
        };
        let Ok(n) = n.parse::<u32>() else { break };
        out.push((n, text));
    }
    out
}

struct Row {
    title: String,
    gloss: String,
    frequency: String,
    printed: String,
    footnote: String,
}

fn table_rows(section: &str) -> Vec<Row> {
    section
        .lines()
        .filter(|l| l.starts_with("| ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| {
            let cells: Vec<&str> = l
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            assert_eq!(cells.len(), 6, "{l}");
            Row {
                title: cells[1].into(),
                gloss: cells[2].into(),
                frequency: cells[3].into(),
                printed: cells[4].into(),
                footnote: cells[5].into(),
            }
        })
        .collect()
}

fn first_quoted(s: &str) -> Option<&str> {
    let a = s.find('"')?;
    let b = s[a + 1..].find('"')?;
    Some(&s[a + 1..a + 1 + b])
}

#[test]
fn eighteen_topics_with_stable_ids_and_texts() {
    let toolkit = Toolkit::embedded();
    assert_eq!(toolkit.topics.len(), 18);
    for (i, t) in toolkit.topics.iter().enumerate() {
        assert_eq!(t.id, format!("T{:02}", i + 1));
        for text in [&t.title, &t.sv, &t.en, &t.printed, &t.column] {
            assert!(!text.trim().is_empty(), "{} has an empty text", t.id);
        }
        assert!(!t.sv.contains('¶'), "{}: breaks are \\n, not ¶", t.id);
    }
    let freq = |id: &str| toolkit.topic(id).unwrap().frequency;
    assert_eq!(freq("T10"), Frequency::Regularly);
    assert_eq!(freq("T13"), Frequency::Every6Months);
    assert!(toolkit.topic("T17").unwrap().also_as_needed);
    for id in ["T07", "T13", "T17"] {
        assert!(
            toolkit.topic(id).unwrap().note.is_some(),
            "{id} needs a note"
        );
    }
    assert_eq!(
        toolkit.target(TargetId::Specialistkollegium).unwrap().count,
        3
    );
    assert_eq!(toolkit.target(TargetId::Degree360).unwrap().count, 2);
    let fn5 = &toolkit.footnote(5).unwrap().text;
    assert!(fn5.contains("tre gånger under en ST") && fn5.contains("två gånger under ST"));
}

#[test]
fn topics_match_the_reference_verbatim() {
    let Some(reference) = reference() else { return };
    let section = section6(&reference);
    let toolkit = Toolkit::embedded();

    let sv = numbered_list(section, "Swedish topic texts, verbatim");
    assert_eq!(sv.len(), 18, "the reference lists 18 Swedish texts");
    let rows = table_rows(section);
    assert_eq!(rows.len(), 18, "the reference table has 18 rows");

    for (i, topic) in toolkit.topics.iter().enumerate() {
        let (n, text) = sv[i];
        assert_eq!(n as usize, i + 1);
        assert_eq!(
            topic.sv,
            text.replace(" ¶ ", "\n"),
            "{}: Swedish text",
            topic.id
        );
        let row = &rows[i];
        assert_eq!(topic.title, row.title, "{}: short title", topic.id);
        assert_eq!(topic.en, row.gloss, "{}: English gloss", topic.id);

        let f = row.frequency.as_str();
        let (frequency, also) = if f.starts_with("yearly (+ as needed)") {
            (Frequency::Yearly, true)
        } else if f.starts_with("every meeting") {
            (Frequency::EveryMeeting, false)
        } else if f.starts_with("every 3 months") {
            (Frequency::Every3Months, false)
        } else if f.starts_with("every 6 months") {
            (Frequency::Every6Months, false)
        } else if f.starts_with("yearly") {
            (Frequency::Yearly, false)
        } else if f.starts_with("as needed") {
            (Frequency::AsNeeded, false)
        } else if f.starts_with("regularly") {
            (Frequency::Regularly, false)
        } else if f.starts_with("end of calendar year") {
            (Frequency::EndOfYear, false)
        } else {
            panic!("unknown frequency in the reference: {f}")
        };
        assert_eq!(
            (topic.frequency, topic.also_as_needed),
            (frequency, also),
            "{}: frequency",
            topic.id
        );
        if f.contains("(medium confidence") {
            assert_eq!(topic.confidence, Confidence::Medium, "{}", topic.id);
        } else if f.contains("(low confidence") {
            assert_eq!(topic.confidence, Confidence::Low, "{}", topic.id);
        } else if !also {
            assert_eq!(topic.confidence, Confidence::High, "{}", topic.id);
        }

        // "X (Varje möte)", "\"Efter behov\" (Var 6:e mån column)", "text (Var 3:e mån)".
        let cell = row.printed.as_str();
        let open = cell.rfind('(').expect("column in parentheses");
        let column = cell[open + 1..]
            .trim_end_matches(')')
            .trim_end_matches(" column");
        assert_eq!(topic.column, column, "{}: column", topic.id);
        let printed = match first_quoted(&cell[..open]) {
            Some(q) => q.to_string(),
            None if cell.starts_with("text") => {
                first_quoted(f).expect("the quoted cell text").to_string()
            }
            None => cell[..open].trim().to_string(),
        };
        assert_eq!(topic.printed, printed, "{}: printed cell", topic.id);

        let fns: Vec<u8> = if row.footnote.is_empty() {
            vec![]
        } else {
            vec![row.footnote.parse().unwrap()]
        };
        assert_eq!(topic.footnotes, fns, "{}: footnotes", topic.id);
    }
}

#[test]
fn footnotes_and_intro_match_the_reference() {
    let Some(reference) = reference() else { return };
    let section = section6(&reference);
    let toolkit = Toolkit::embedded();
    let notes = numbered_list(section, "Footnotes (verbatim):");
    assert_eq!(notes.len(), 5);
    assert_eq!(toolkit.footnotes.len(), 5);
    for (f, (n, line)) in toolkit.footnotes.iter().zip(&notes) {
        assert_eq!(u32::from(f.number), *n);
        assert!(
            line.contains(&f.text),
            "footnote {n}: `{}` not in `{line}`",
            f.text
        );
        if let Some(anchor) = &f.anchor {
            assert!(
                line.contains(&format!("(at \"{anchor}\")")),
                "footnote {n} anchor"
            );
        }
    }
    assert!(
        section.contains(toolkit.intro.as_deref().unwrap()),
        "intro verbatim"
    );
    assert!(
        section.contains(&format!("\"{}\"", toolkit.title)),
        "title verbatim"
    );
    assert!(section.contains("**specialistkollegium 3 times per ST**"));
    assert!(section.contains("**360-degree assessment (360 gradersbedömning) twice per ST**"));
}

#[test]
fn a_user_toolkit_loads_like_the_embedded_one() {
    let src = Toolkit::embedded_source().replace("count = 3", "count = 4");
    let mine = Toolkit::from_toml_str(&src, "mine.toml").unwrap();
    assert_eq!(mine.target(TargetId::Specialistkollegium).unwrap().count, 4);
    assert_eq!(mine.topics, Toolkit::embedded().topics);
}
