//! The data the typst templates read: a snapshot of its JSON for the fixtures (report in Swedish
//! and English, draft, preliminary and final, with a comparison and with what a store adds; the
//! handlingsplan template), and every `d.…` path the templates read is in that JSON.

use serde_json::Value;
use spur_core::{Catalog, Format, InspectionDocument};
use spur_grading::{Graded, Settings};

use crate::compare::{Comparison, Side, compare_previous};
use crate::{Appendix, AppendixPart, ChainHead, Correction, FromStore, Lang};

const SEED: &str = include_str!("../../../../fixtures/seed-vardcentral.toml");
const MINIMAL: &str = include_str!("../../../../fixtures/minimal.toml");
const PRELIMINARY: &str = include_str!("../../../../fixtures/preliminary-report.toml");
const PREVIOUS: &str = include_str!("../../../../fixtures/compare/2021.toml");

fn graded(src: &str) -> Graded {
    let checked = InspectionDocument::check(src, "test.toml", Format::Toml, Catalog::embedded());
    let doc = match checked.into_result() {
        Ok((doc, _)) => doc,
        Err(e) => panic!("invalid test document:\n{e}"),
    };
    Graded::new(
        doc,
        std::sync::Arc::new(Catalog::embedded().clone()),
        &Settings::default(),
    )
}

/// The data of the PDF report, as `render_report_in_store` builds it.
fn report(graded: &Graded, lang: Lang, previous: Option<&Comparison>, store: &FromStore) -> Value {
    let mut v = crate::report_view(
        graded.document(),
        graded.grading(),
        graded.catalog(),
        lang,
        previous,
    );
    if v.life.fingerprint.is_some() {
        v.life.chain_head = store.chain_head.as_ref().map(ChainHead::to_string);
    }
    v.life.corrections = store.corrections.clone();
    v.life.appendix = store.appendix.clone();
    serde_json::to_value(super::data::report(&v)).expect("serialisable")
}

fn plan(graded: &Graded, lang: Lang) -> Value {
    let v = crate::view::template(graded.document(), graded.grading(), graded.catalog(), lang);
    serde_json::to_value(super::data::plan(&v)).expect("serialisable")
}

fn comparison(current: &Graded) -> Comparison {
    let previous = graded(PREVIOUS);
    compare_previous(
        &Side::of("2021.toml", &previous),
        &Side::of("seed-vardcentral.toml", current),
    )
    .0
}

/// Everything a store adds: chain head, corrections, an appendix with every kind of part.
fn store() -> FromStore {
    FromStore {
        chain_head: Some(ChainHead {
            seq: 42,
            hash: "ab".repeat(32),
        }),
        corrections: vec![Correction {
            version: 2,
            by: "Koordinator Ett".into(),
            at: "2026-03-10T09:00:00Z".into(),
            reason: "Stavfel i enhetens namn.".into(),
        }],
        appendix: Some(Appendix {
            title: "Bilaga: Förenkät".into(),
            parts: vec![
                AppendixPart::Heading("Svar".into()),
                AppendixPart::Paragraph("Tre av fyra svarade.".into()),
                AppendixPart::List(vec!["ett".into(), "två".into()]),
                AppendixPart::Table {
                    heads: vec!["Fråga".into(), "Andel".into()],
                    rows: vec![vec!["Handledning varje vecka".into(), "75 %".into()]],
                },
            ],
        }),
    }
}

/// The report data of every case, by name.
fn reports() -> Vec<(&'static str, Value)> {
    let seed = graded(SEED);
    let previous = comparison(&seed);
    let preliminary = graded(PRELIMINARY);
    // Final but unfinished (unassessed criteria): the status set after the check a final
    // report gets, which the view does not need.
    let mut fin = preliminary.document().clone();
    fin.report.status = Some(crate::ReportStatus::Final);
    let fin = Graded::new(
        fin,
        std::sync::Arc::new(Catalog::embedded().clone()),
        &Settings::default(),
    );
    assert!(
        fin.document().report.status == Some(crate::ReportStatus::Final),
        "the final case is final"
    );
    let none = FromStore::default();
    vec![
        ("report_seed_sv", report(&seed, Lang::Sv, None, &none)),
        ("report_seed_en", report(&seed, Lang::En, None, &none)),
        (
            "report_seed_previous_sv",
            report(&seed, Lang::Sv, Some(&previous), &none),
        ),
        (
            "report_minimal_en",
            report(&graded(MINIMAL), Lang::En, None, &none),
        ),
        (
            "report_preliminary_sv",
            report(&preliminary, Lang::Sv, None, &none),
        ),
        (
            "report_preliminary_store_en",
            report(&preliminary, Lang::En, None, &store()),
        ),
        ("report_final_sv", report(&fin, Lang::Sv, None, &none)),
        (
            "report_final_store_en",
            report(&fin, Lang::En, None, &store()),
        ),
    ]
}

fn plans() -> Vec<(&'static str, Value)> {
    let seed = graded(SEED);
    vec![
        ("plan_seed_sv", plan(&seed, Lang::Sv)),
        ("plan_seed_en", plan(&seed, Lang::En)),
        ("plan_preliminary_sv", plan(&graded(PRELIMINARY), Lang::Sv)),
    ]
}

/// The JSON the templates read, unchanged: a renamed or dropped member shows here.
#[test]
fn template_data_is_unchanged() {
    for (name, value) in reports().into_iter().chain(plans()) {
        let pretty = serde_json::to_string_pretty(&value).expect("JSON");
        insta::assert_snapshot!(name, pretty);
    }
}

// ---------------------------------------------------------------------------------------------
// Every member the templates read is in the data.

/// What a name in a template stands for.
#[derive(Clone, Debug, PartialEq)]
enum Binding {
    /// A place in the data: member names, `[]` for each element of an array.
    Data(Vec<String>),
    /// A function's parameter: some data, from a call this scan does not follow.
    Param,
    /// Not data (a typst element, a colour, a loop index).
    Other,
}

/// The member paths a template reads: `(path, resolved)`, where a resolved path starts at the
/// data's root and an unresolved one is the member names read from a function's parameter.
fn template_reads(source: &str) -> Vec<(Vec<String>, bool)> {
    use std::collections::HashMap;
    let chars: Vec<char> = source.chars().collect();
    let mut names: HashMap<String, Binding> = HashMap::new();
    let mut reads = Vec::new();
    let is_start = |c: char| c.is_ascii_alphabetic() || c == '_';
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let ident_at = |i: usize| -> (String, usize) {
        let mut j = i;
        while j < chars.len() && is_ident(chars[j]) {
            j += 1;
        }
        (chars[i..j].iter().collect(), j)
    };
    let rest = |i: usize| -> String { chars[i..chars.len().min(i + 80)].iter().collect() };
    let skip_space = |mut i: usize| {
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        i
    };
    // Where the last `for` pattern started: its last name is bound to the iterated chain.
    let mut pending_for: Option<String> = None;
    let mut pending_let: Option<String> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        let before = if i == 0 { ' ' } else { chars[i - 1] };
        // `a.b`: `b` is read with `a`; `..b` spreads `b`.
        let member = before == '.' && (i < 2 || chars[i - 2] != '.');
        if !is_start(c) || is_ident(before) || member {
            i += 1;
            continue;
        }
        let (root, mut j) = ident_at(i);
        let mut members = Vec::new();
        while j + 1 < chars.len() && chars[j] == '.' && is_start(chars[j + 1]) {
            let (name, k) = ident_at(j + 1);
            members.push(name);
            j = k;
        }
        // A member followed by `(` is a method: `.at("key")` reads the member `key`.
        let mut method = None;
        if chars.get(j) == Some(&'(') && !members.is_empty() {
            method = members.pop();
            if method.as_deref() == Some("at") && chars.get(j + 1) == Some(&'"') {
                let end = (j + 2..chars.len())
                    .find(|&k| chars[k] == '"')
                    .unwrap_or(j + 2);
                members.push(chars[j + 2..end].iter().collect());
            }
        }
        let after = rest(j);
        match root.as_str() {
            "for" => {
                // `for x in …` or `for (i, x) in …`: `x` is the last name before `in`.
                let pattern: String = after.split(" in ").next().unwrap_or("").to_string();
                let name = pattern
                    .trim_matches(|c: char| c == ' ' || c == '(' || c == ')')
                    .rsplit(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                for other in pattern.split(',') {
                    let other = other.trim_matches(|c: char| c == ' ' || c == '(' || c == ')');
                    names.insert(other.to_string(), Binding::Other);
                }
                pending_for = Some(name);
                i = j + pattern.len() + 4;
                continue;
            }
            "let" => {
                let (name, k) = ident_at(skip_space(j));
                if chars.get(k) == Some(&'(') {
                    // A function: its parameters are data from its callers.
                    let close = (k..chars.len()).find(|&p| chars[p] == ')').unwrap_or(k);
                    let params: String = chars[k + 1..close].iter().collect();
                    for p in params.split(',') {
                        names.insert(p.trim().to_string(), Binding::Param);
                    }
                    i = close + 1;
                } else {
                    names.insert(name.clone(), Binding::Other);
                    pending_let = Some(name);
                    i = k;
                }
                continue;
            }
            _ => {}
        }
        let bound = match names.get(&root) {
            Some(Binding::Data(path)) => {
                let mut path = path.clone();
                path.extend(members.iter().cloned());
                if !members.is_empty() {
                    reads.push((path.clone(), true));
                }
                Binding::Data(path)
            }
            Some(Binding::Param) => {
                if !members.is_empty() {
                    reads.push((members.clone(), false));
                }
                Binding::Param
            }
            _ if root == "json" && after.starts_with("(\"/data.json\")") => Binding::Data(vec![]),
            _ => Binding::Other,
        };
        if let Some(name) = pending_let.take() {
            names.insert(name, bound.clone());
        }
        if let Some(name) = pending_for.take() {
            let each = match &bound {
                Binding::Data(p) => Binding::Data([p.clone(), vec!["[]".into()]].concat()),
                other => other.clone(),
            };
            names.insert(name, each);
        }
        // `….map(x => …)`: `x` is each element.
        if method.as_deref() == Some("map") {
            let inner = after.trim_start_matches('(').trim_start();
            if let Some(arrow) = inner.find("=>") {
                let param = inner[..arrow].trim();
                if param.chars().all(is_ident) && !param.is_empty() {
                    let each = match &bound {
                        Binding::Data(p) => Binding::Data([p.clone(), vec!["[]".into()]].concat()),
                        other => other.clone(),
                    };
                    names.insert(param.to_string(), each);
                    i = j;
                    continue;
                }
            }
        }
        // Any other `x => …` binds an element, not data.
        let prefix: String = chars[i.saturating_sub(8)..i].iter().collect();
        let mapped = prefix.trim_end().ends_with("map(");
        if !mapped && method.is_none() && members.is_empty() && after.trim_start().starts_with("=>")
        {
            names.insert(root, Binding::Other);
        }
        i = j;
    }
    reads
}

/// Whether `path` reaches a member in any of `data` (`[]`: any element of an array).
fn reaches(data: &[Value], path: &[String]) -> bool {
    let mut at: Vec<&Value> = data.iter().collect();
    for (n, step) in path.iter().enumerate() {
        let last = n + 1 == path.len();
        at = if step == "[]" {
            at.iter().filter_map(|v| v.as_array()).flatten().collect()
        } else {
            at.iter()
                .filter_map(|v| v.as_object()?.get(step))
                // A member that is present counts even when it is none; going deeper needs a
                // case where it is not.
                .filter(|v| last || !v.is_null())
                .collect()
        };
    }
    !at.is_empty()
}

/// Every member name anywhere in `data`.
fn member_names(data: &[Value]) -> std::collections::BTreeSet<String> {
    fn walk(v: &Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    out.insert(k.clone());
                    walk(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    data.iter().for_each(|v| walk(v, &mut out));
    out
}

/// What `template` (after the common preamble) reads and `data` lacks, and how many paths it
/// resolved from the root. A function's parameter (the preamble's `grade-box(c)`, which only
/// the report calls) may read a member of any of `all`.
fn missing(template: &str, data: &[Value], all: &[Value]) -> (Vec<String>, usize) {
    let reads = template_reads(&format!("{}\n{template}", super::COMMON));
    let names = member_names(all);
    let mut missing = Vec::new();
    let mut resolved = 0;
    for (path, from_root) in reads {
        if from_root {
            resolved += 1;
            if !reaches(data, &path) {
                missing.push(path.join("."));
            }
        } else if let Some(name) = path.iter().find(|n| !names.contains(*n)) {
            missing.push(format!("(parameter).{name}"));
        }
    }
    missing.sort();
    missing.dedup();
    (missing, resolved)
}

#[test]
fn every_member_the_templates_read_is_in_the_data() {
    let reports: Vec<Value> = reports().into_iter().map(|(_, v)| v).collect();
    let plans: Vec<Value> = plans().into_iter().map(|(_, v)| v).collect();
    let all: Vec<Value> = reports.iter().chain(&plans).cloned().collect();
    let (gaps, resolved) = missing(super::REPORT, &reports, &all);
    assert_eq!(
        gaps,
        Vec::<String>::new(),
        "report.typ reads members the data lacks"
    );
    assert!(
        resolved > 60,
        "the scan follows report.typ ({resolved} paths)"
    );
    let (gaps, resolved) = missing(super::PLAN, &plans, &all);
    assert_eq!(
        gaps,
        Vec::<String>::new(),
        "plan.typ reads members the data lacks"
    );
    assert!(
        resolved > 25,
        "the scan follows plan.typ ({resolved} paths)"
    );
}

/// The scan follows loops, `let`, `.map(x => …)`, `.at("key")` and function parameters, so a
/// member renamed in the data fails the test above.
#[test]
fn the_scan_finds_a_member_the_data_lacks() {
    let data = [serde_json::json!({
        "labels": {"page_of": "", "area": "x"},
        "running": {"title": "", "unit": "", "date": "", "status": "", "version": ""},
        "groups": [{"areas": [{"kinds": [{"rows": [{"id": "1"}]}]}]}],
        "fingerprint": null,
    })];
    let template = "#for g in d.groups { for a in g.areas { for k in a.kinds {\n\
        k.rows.map(r => r.idd) } } }\n\
        #let f = d.at(\"fingerprint\", default: none)\n\
        #if f != none { f.value }\n\
        #m.aera\n";
    let reads = template_reads(&format!("{}\n{template}", super::COMMON));
    assert!(
        reads
            .iter()
            .any(|(p, root)| *root && p.join(".") == "groups.[].areas.[].kinds.[].rows.[].idd"),
        "{reads:?}"
    );
    let (gaps, _) = missing(template, &data, &data);
    for gap in [
        "groups.[].areas.[].kinds.[].rows.[].idd",
        "labels.aera",
        "fingerprint.value",
    ] {
        assert!(gaps.iter().any(|g| g == gap), "{gap} in {gaps:?}");
    }
}
