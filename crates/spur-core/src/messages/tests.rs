//! The message table's own tests.

use super::*;

#[test]
fn every_phrase_has_both_languages_with_the_same_placeholders() {
    assert_eq!(crate::lang::parity_problems::<Msg>(), Vec::<String>::new());
}

#[test]
fn values_follow_the_language() {
    let t = Text::new(Msg::PlanEntryNotBrist).val("id", "D.F6").arg(
        "statuses",
        Arg::List(vec![
            Text::new(Msg::StatusUnder)
                .arg("status", Status::Met)
                .val("regulation", "SOSFS 2015:8"),
        ]),
    );
    assert!(t.render(Lang::En).contains("(met under SOSFS 2015:8)"));
    assert!(
        t.render(Lang::Sv)
            .contains("(uppfyllt enligt SOSFS 2015:8)")
    );
    let both = Text::new(Msg::Unassessed)
        .val("id", "A.F1")
        .arg("regulations", regulations(&Regulation::ALL));
    assert_eq!(
        both.render(Lang::Sv),
        "kriterium A.F1 är inte bedömt enligt SOSFS 2015:8 och HSLF-FS 2021:8"
    );
}
