//! Reading a log never panics, whatever the input; nor do agenda and commitments on what it
//! accepts.

use chrono::NaiveDate;
use proptest::prelude::*;
use spur_core::{Catalog, Format};
use spur_supervision::{Settings, SupervisionLog, Toolkit, agenda, commitments};

const FIXTURE: &str = include_str!("../../../fixtures/supervision-log.toml");

fn run_all(src: &str, format: Format, date: NaiveDate) {
    let checked = SupervisionLog::check(src, "x", format, Toolkit::embedded());
    let _ = checked.diagnostics.to_string();
    if let Ok((log, _)) = checked.into_result() {
        if let Ok(a) = agenda(&log, Toolkit::embedded(), date) {
            let _ = (a.to_markdown(), a.to_json());
        }
        if let Ok(r) = commitments(
            &log,
            Toolkit::embedded(),
            Catalog::embedded(),
            date,
            &Settings::default(),
        ) {
            let _ = (r.to_markdown(), r.to_json());
        }
    }
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1i32..9999, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text(src in "\\PC{0,200}", date in any_date()) {
        run_all(&src, Format::Toml, date);
        run_all(&src, Format::Json, date);
    }

    #[test]
    fn mutated_fixture(cut in 0usize..FIXTURE.len(), insert in "[\\[\\]=\"0-9a-zT\\-\n ]{0,8}", date in any_date()) {
        let mut cut = cut;
        while !FIXTURE.is_char_boundary(cut) {
            cut -= 1;
        }
        let src = format!("{}{}{}", &FIXTURE[..cut], insert, &FIXTURE[cut..]);
        run_all(&src, Format::Toml, date);
    }

    #[test]
    fn extreme_values(start in any_date(), end in any_date(), minutes in any::<i64>(), date in any_date()) {
        let src = format!(
            "degree360 = [{start}]\n[st]\nid = \"ST-1\"\nstart = {start}\nplanned_end = {end}\n[[meetings]]\ndate = {end}\nminutes = {minutes}\ntopics = [\"T01\"]\n[[assessments]]\ndate = {start}\ninstrument = \"DOPS\"\n"
        );
        run_all(&src, Format::Toml, date);
    }
}
