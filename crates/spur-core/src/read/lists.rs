//! Lists of tables (`[[areas]]`), lists of values and tables keyed by what they name
//! (`kind = { "SOSFS 2015:8" = "föreskrift" }`), read whole or not at all.
//!
//! Data files such as catalogs and indicator sets are read all-or-nothing: a list with one
//! unreadable item is `None`, because a model built from the rest would fail its consistency
//! checks for the wrong reason (an area "missing" because its table had a typo). Every item is
//! still read, so every problem is reported at once.

use std::collections::BTreeMap;

use super::*;

/// Each table of the list at `node` (the `[[header]]` tables of a TOML file), read with `item`
/// after opening it with the known keys `fields`; the keys nobody took are reported as unknown.
/// `None` when `node` is not a list or any of its tables could not be read.
///
/// ```
/// use spur_core::{Format, spanned, read::{Path, Reader, Spanned, tables}};
///
/// let src = "[[topics]]\nid = \"T1\"\n[[topics]]\nid = 2\n";
/// let root = spanned::parse(src, Format::Toml).unwrap();
/// let spanned::Value::Table(top) = &root.value else { unreachable!() };
/// let mut r = Reader::new("x.toml", src);
/// let path = Path::ROOT.key("topics");
/// let ids = tables(&mut r, &top[0].1, path, "topics", &["id"], |r, t| {
///     t.required::<String>(r, "id", "give an id").map(Spanned::into_inner)
/// });
/// assert!(ids.is_none());
/// assert_eq!(r.diags[0].message, "`topics[1].id` must be a string, found an integer");
/// ```
pub fn tables<T>(
    r: &mut Reader<'_>,
    node: &Node,
    path: Path<'_>,
    header: &str,
    fields: &'static [&'static str],
    mut item: impl FnMut(&mut Reader<'_>, &mut Table<'_, '_>) -> Option<T>,
) -> Option<Vec<T>> {
    let Value::Array(items) = &node.value else {
        r.wrong_type(node, path, Text::new(Msg::ExpectTables).arg("path", header));
        return None;
    };
    let mut out = Some(Vec::with_capacity(items.len()));
    for (i, n) in items.iter().enumerate() {
        let path = path.index(i);
        let value = Table::new(r, n, path, fields).and_then(|mut t| {
            let value = item(r, &mut t);
            t.finalize(r);
            value
        });
        match (value, &mut out) {
            (Some(v), Some(list)) => list.push(v),
            _ => out = None,
        }
    }
    out
}

/// Each value of the list at `node`, read as `T`; `None` when `node` is not a list (reported as
/// a wrong type, `expected`) or any value could not be read.
pub fn values<T: FromNode>(
    r: &mut Reader<'_>,
    node: &Node,
    path: Path<'_>,
    expected: impl Into<Arg>,
) -> Option<Vec<T>> {
    let Value::Array(items) = &node.value else {
        r.wrong_type(node, path, expected);
        return None;
    };
    let mut out = Some(Vec::with_capacity(items.len()));
    for (i, n) in items.iter().enumerate() {
        match (T::from_node(r, n, path.index(i)), &mut out) {
            (Some(v), Some(list)) => list.push(v),
            _ => out = None,
        }
    }
    out
}

/// The table at `node` as a map: each key read as `K` (a regulation, an area letter, a criterion
/// id), each value with `value`. `None` when `node` is not a table or any key or value could not
/// be read. A key given twice in two spellings (`"2015"` and `"SOSFS 2015:8"`) is a duplicate,
/// reported at the second with a "first given here" label at the first.
///
/// ```
/// use spur_core::{Format, Regulation, spanned, read::{Path, Reader, keyed}};
///
/// let src = "kind = { \"2015\" = \"a\", \"SOSFS 2015:8\" = \"b\" }\n";
/// let root = spanned::parse(src, Format::Toml).unwrap();
/// let spanned::Value::Table(top) = &root.value else { unreachable!() };
/// let mut r = Reader::new("x.toml", src);
/// let kinds = keyed::<Regulation, String>(&mut r, &top[0].1, Path::ROOT.key("kind"), |r, n, p| {
///     r.value::<String>(n, p).map(|s| s.value)
/// });
/// assert_eq!(kinds.unwrap()[&Regulation::Sosfs2015_8], "b");
/// assert_eq!(r.diags[0].message, "SOSFS 2015:8 is given twice in `kind`");
/// assert_eq!(r.diags[0].labels[0].message, "first given here");
/// ```
pub fn keyed<K, V>(
    r: &mut Reader<'_>,
    node: &Node,
    path: Path<'_>,
    mut value: impl FnMut(&mut Reader<'_>, &Node, Path<'_>) -> Option<V>,
) -> Option<BTreeMap<K, V>>
where
    K: FromKey + Ord + Copy + fmt::Display,
{
    let Value::Table(entries) = &node.value else {
        r.wrong_type(node, path, Msg::TypeTable);
        return None;
    };
    let mut out = BTreeMap::new();
    let mut first: Vec<(K, Option<Span>)> = Vec::new();
    let mut ok = true;
    for (k, v) in entries {
        let at = path.quoted(&k.name);
        let (Some(key), Some(v)) = (K::from_key(r, k, at), value(r, v, at)) else {
            ok = false;
            continue;
        };
        let span = Span::of(&k.span);
        if out.insert(key, v).is_none() {
            first.push((key, span));
            continue;
        }
        let mut d = Diagnostic::error(
            Code::Duplicate,
            at.to_string(),
            Text::new(Msg::KeyTwice).val("key", key).arg("path", path),
        )
        .with_hint(Msg::KeyTwiceHint)
        .at(r.loc(span));
        if let Some(s) = first.iter().find(|(f, _)| *f == key).and_then(|(_, s)| *s) {
            d = d.with_label(r.location(s), Msg::FirstGivenHere);
        }
        r.add(d);
    }
    ok.then_some(out)
}
