//! Tests of the reading layer.

use super::*;
use crate::Format;
use crate::spanned::parse;

fn root(src: &str) -> Node {
    parse(src, Format::Toml).unwrap()
}

#[test]
fn a_table_reports_every_problem_and_every_unknown_key() {
    let src = "minutes = 45.5\ncount = 3\nwhen = 2026-01-02\nnmae = \"x\"\nzzzzzz = 1\n";
    let root = root(src);
    let mut r = Reader::new("t.toml", src);
    let fields = &["minutes", "count", "when", "name"];
    let mut t = Table::new(&mut r, &root, Path::ROOT, fields).unwrap();
    assert!(t.required::<i64>(&mut r, "minutes", "m").is_none());
    let count = t.required::<i64>(&mut r, "count", "c").unwrap();
    assert_eq!((count.value, count.span), (3, Span::new(23, 24)));
    let when = t.required::<NaiveDate>(&mut r, "when", "w").unwrap();
    assert_eq!(when.to_string(), "2026-01-02");
    assert!(t.required::<String>(&mut r, "name", "n").is_none());
    t.finalize(&mut r);
    let all: Vec<String> = r.diags.iter().map(|d| d.to_string()).collect();
    let all = all.join("\n");
    assert!(
        all.contains("`minutes` must be a whole number, found 45.5"),
        "{all}"
    );
    assert!(all.contains("t.toml:1:11"), "{all}");
    assert!(all.contains("missing required key `name`"), "{all}");
    assert!(all.contains("unknown key `nmae` in the document"), "{all}");
    assert!(all.contains("did you mean `name`?"), "{all}");
    assert!(
        all.contains("known keys here: minutes, count, when, name"),
        "{all}"
    );
    assert_eq!(r.diags.len(), 4, "{all}");
}

#[test]
fn a_table_of_the_wrong_type_is_reported() {
    let src = "x = 1\n";
    let root = root(src);
    let Value::Table(entries) = &root.value else {
        panic!()
    };
    let mut r = Reader::new("t.toml", src);
    let x = Path::ROOT.key("x");
    assert!(Table::new(&mut r, &entries[0].1, x, &[]).is_none());
    assert_eq!(r.diags[0].message, "`x` must be a table, found an integer");
}

#[test]
fn scalars_read_their_types_and_report_the_rest() {
    let src = "a = \"D.F6\"\nb = \"D.F\"\nc = \"2021\"\nd = \"E\"\ne = \"maybe\"\nf = true\ng = 1.5\nh = \"\"\n";
    let root = root(src);
    let mut r = Reader::new("t.toml", src);
    let mut t = Table::new(&mut r, &root, Path::ROOT, &[]).unwrap();
    let a: Spanned<CriterionId> = t.optional(&mut r, "a").unwrap();
    assert_eq!(a.to_string(), "D.F6");
    assert!(t.optional::<CriterionId>(&mut r, "b").is_none());
    assert_eq!(
        *t.optional::<Regulation>(&mut r, "c").unwrap(),
        Regulation::HslfFs2021_8
    );
    assert!(t.optional::<Grade>(&mut r, "d").is_none());
    assert!(t.optional::<Status>(&mut r, "e").is_none());
    assert!(*t.optional::<bool>(&mut r, "f").unwrap());
    assert_eq!(*t.optional::<f64>(&mut r, "g").unwrap(), 1.5);
    assert!(t.optional::<NaiveDate>(&mut r, "h").is_none());
    let codes: Vec<&str> = r.diags.iter().map(|d| d.code.name()).collect();
    assert_eq!(
        codes,
        ["malformed-id", "invalid-value", "invalid-value", "bad-date"]
    );
    assert!(r.diags[1].hint.as_deref().unwrap().contains("A, B, C, D"));
}
