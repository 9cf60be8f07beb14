//! Tables: keys taken by name, the rest reported as unknown.

use super::*;

/// A table being read: keys are taken by name ([`Table::required`], [`Table::optional`],
/// [`Table::node`]); [`Table::finalize`] reports every key that was not taken as unknown, with
/// the closest of the table's known `fields` as a hint.
#[derive(Debug)]
pub struct Table<'n, 'p> {
    path: Path<'p>,
    span: Option<Span>,
    missing_at: Option<Span>,
    entries: &'n [(Key, Node)],
    taken: Vec<bool>,
    fields: &'static [&'static str],
    /// How many problems the reader had when the table was opened: unknown keys are reported
    /// there, before the problems of the table's values (as if checked first).
    start: usize,
}

impl<'n, 'p> Table<'n, 'p> {
    /// Start reading `node` as a table at `path` whose known keys are `fields`; reports a wrong
    /// type (and returns `None`) when it is not a table. A missing required key is reported at
    /// the start of the table.
    pub fn new(
        r: &mut Reader<'_>,
        node: &'n Node,
        path: Path<'p>,
        fields: &'static [&'static str],
    ) -> Option<Self> {
        let Value::Table(entries) = &node.value else {
            r.wrong_type(node, path, Msg::TypeTable);
            return None;
        };
        let span = Span::of(&node.span);
        Some(Table {
            path,
            span,
            missing_at: span.map(Span::start_only),
            entries,
            taken: vec![false; entries.len()],
            fields,
            start: r.diags.len(),
        })
    }

    /// Report missing keys at `span` instead of the start of the table.
    #[must_use]
    pub fn missing_at(mut self, span: Option<Span>) -> Self {
        self.missing_at = span;
        self
    }

    /// The path of the table.
    pub fn path(&self) -> Path<'p> {
        self.path
    }

    /// The span of the whole table.
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// The key and value of `name`, if present; the key counts as known.
    pub fn entry(&mut self, name: &str) -> Option<(&'n Key, &'n Node)> {
        let i = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.taken[i] = true;
        let (k, v) = &self.entries[i];
        Some((k, v))
    }

    /// The value of `name`, if present.
    pub fn node(&mut self, name: &str) -> Option<&'n Node> {
        self.entry(name).map(|(_, v)| v)
    }

    /// The value of `name`; when absent, a missing key is reported with `hint` on what to write.
    pub fn required_node(
        &mut self,
        r: &mut Reader<'_>,
        name: &str,
        hint: impl Into<Phrase>,
    ) -> Option<&'n Node> {
        let found = self.node(name);
        if found.is_none() {
            r.missing(self.path.key(name), self.missing_at, hint);
        }
        found
    }

    /// The value of `name` read as `T`, if present.
    pub fn optional<T: FromNode>(&mut self, r: &mut Reader<'_>, name: &str) -> Option<Spanned<T>> {
        let node = self.node(name)?;
        r.value(node, self.path.key(name))
    }

    /// The value of `name` read as `T`; when absent, a missing key is reported with `hint`.
    pub fn required<T: FromNode>(
        &mut self,
        r: &mut Reader<'_>,
        name: &str,
        hint: impl Into<Phrase>,
    ) -> Option<Spanned<T>> {
        let node = self.required_node(r, name, hint)?;
        r.value(node, self.path.key(name))
    }

    /// Every entry of the table, all counting as known (a map such as `[findings]`).
    pub fn entries(&mut self) -> &'n [(Key, Node)] {
        self.taken.iter_mut().for_each(|t| *t = true);
        self.entries
    }

    /// The entries not taken so far, in source order.
    pub fn rest(&self) -> impl Iterator<Item = &'n (Key, Node)> + '_ {
        self.entries
            .iter()
            .zip(&self.taken)
            .filter(|(_, t)| !**t)
            .map(|(e, _)| e)
    }

    /// The hint for an unknown key: the closest known field, or the list of them.
    pub fn hint_for(&self, name: &str) -> Text {
        match closest(name, self.fields.iter().copied()) {
            Some(c) => Text::new(Msg::DidYouMean).arg("name", c),
            None => Text::new(Msg::KnownKeys).arg("keys", self.fields.join(", ")),
        }
    }

    /// Report every key not taken as unknown ("unknown key `x` in PATH" or "… in the
    /// document"), with the closest known field as a hint.
    pub fn finalize(self, r: &mut Reader<'_>) {
        self.finalize_with(r, |table, key| {
            let place: Arg = if table.path.is_root() {
                Msg::TheDocument.into()
            } else {
                table.path.into()
            };
            let msg = Text::new(Msg::UnknownKey)
                .arg("key", clip(&key.name))
                .arg("place", place);
            (msg, table.hint_for(&key.name))
        });
    }

    /// [`Table::finalize`] with the message and hint of each unknown key made by `words`.
    pub fn finalize_with(self, r: &mut Reader<'_>, words: impl Fn(&Self, &Key) -> (Text, Text)) {
        let mut unknown = Vec::new();
        for (key, _) in self.rest() {
            if r.diags.len() + unknown.len() >= MAX_PROBLEMS {
                r.unlisted += 1;
                continue;
            }
            let (msg, hint) = words(&self, key);
            let d = Diagnostic::error(
                Code::UnknownField,
                self.path.key(&key.name).to_string(),
                msg,
            )
            .with_hint(hint)
            .at(r.loc(Span::of(&key.span)));
            unknown.push(d);
        }
        let at = self.start.min(r.diags.len());
        r.diags.splice(at..at, unknown);
    }
}
