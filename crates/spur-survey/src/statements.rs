//! The survey's statements as catalog data: per area, statements in Swedish and English, each
//! addressed to one or more [`Group`]s, derived from the area's criteria, with an optional
//! [`pair`](Statement::pair) linking a supervisor's statement with its ST-läkare twin.
//!
//! spur's default set (`set = "spur-default"`) is embedded
//! (`statements/spur-default.toml`); a specialty's set adds statements in the same format
//! (`statements/specialties/*.toml`, one file per specialty) and is merged after it
//! ([`Survey`]). Files are read through `spur_core::read`, so every problem is reported at once,
//! located, in Swedish and English.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::messages::{Arg, Msg, Text};
use spur_core::read::{FromNode, Path, Reader, Span, Spanned, Table};
use spur_core::spanned::{self, Node};
use spur_core::{AreaId, Catalog, Code, CriterionId, Diagnostic, Diagnostics, Format, Location};

use crate::{Error, Group};

/// The name of spur's default set.
pub const DEFAULT_SET: &str = "spur-default";
const DEFAULT_TOML: &str = include_str!("../statements/spur-default.toml");

/// The embedded specialty sets: (file name, source).
const SPECIALTY_SETS: &[(&str, &str)] = &[(
    "statements/specialties/allmanmedicin.toml",
    include_str!("../statements/specialties/allmanmedicin.toml"),
)];

const SET_FIELDS: &[&str] = &["set", "specialty", "catalog", "title", "statements"];
const STATEMENT_FIELDS: &[&str] = &["id", "area", "groups", "criteria", "pair", "sv", "en"];
const FORMAT_HINT: &str =
    "see statements/spur-default.toml or `spur schema survey-statements` for the format";

/// One statement of the survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Stable id: the area letter, a dot and a name (`E.S1`). Answers refer to statements by it.
    pub id: String,
    /// The area the statement belongs to.
    pub area: AreaId,
    /// The groups the statement is put to (at least one).
    pub groups: Vec<Group>,
    /// The catalog criteria the statement is derived from (at least one).
    pub criteria: Vec<CriterionId>,
    /// The id of the statement's twin in the other group: a statement put to handledare alone
    /// pairs with one put to ST-läkare alone, in the same area, each naming the other. The
    /// summary flags a discrepancy where the two groups' answers differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pair: Option<String>,
    /// The Swedish text, worded for the respondent ("Jag har en utsedd huvudansvarig
    /// handledare.").
    pub sv: String,
    /// The English text.
    pub en: String,
}

impl Statement {
    /// The text in `lang`.
    pub fn text(&self, lang: spur_core::Lang) -> &str {
        match lang {
            spur_core::Lang::Sv => &self.sv,
            spur_core::Lang::En => &self.en,
        }
    }

    /// Whether the statement is put to `group`.
    pub fn is_for(&self, group: Group) -> bool {
        self.groups.contains(&group)
    }
}

/// A set of statements as written in one file: spur's default set, or a specialty's additions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementSet {
    /// The set's name: `spur-default` for spur's own, e.g. `spur-allmanmedicin` for a
    /// specialty's additions.
    pub set: String,
    /// The specialty whose set this is (a name `[inspection] specialty` accepts); absent for the
    /// default set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialty: Option<String>,
    /// The catalog version whose criteria the statements name (`spur-2026.1`).
    pub catalog: String,
    /// A title for the set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The statements, in the order they are asked within each area.
    pub statements: Vec<Statement>,
}

impl spur_core::read::Document for StatementSet {
    type Error = Error;
    fn invalid(diagnostics: Diagnostics) -> Error {
        Error::Invalid(diagnostics)
    }
}

/// Where the values the checks point at were written.
#[derive(Debug, Default, Clone)]
struct SetSpans {
    set: Option<Span>,
    specialty: Option<Span>,
    catalog: Option<Span>,
    statements: Option<Span>,
    each: Vec<StatementSpans>,
}

#[derive(Debug, Default, Clone)]
struct StatementSpans {
    id: Option<Span>,
    groups: Option<Span>,
    group_items: Vec<Span>,
    /// How many groups were written (some may not have been read).
    groups_written: usize,
    criteria: Option<Span>,
    criterion_items: Vec<Span>,
    pair: Option<Span>,
    sv: Option<Span>,
    en: Option<Span>,
}

impl StatementSet {
    /// Read and check a set of statements from TOML against `catalog`; `base` is the set it is
    /// merged onto (the default set, for a specialty's), whose ids it must not reuse. Every
    /// problem is reported, located in `file`.
    ///
    /// ```
    /// use spur_core::Catalog;
    /// use spur_survey::StatementSet;
    /// let src = r#"
    /// set = "mine"
    /// catalog = "spur-2026.1"
    /// [[statements]]
    /// id = "E.X1"
    /// area = "E"
    /// groups = ["st-lakare"]
    /// criteria = ["E.F2"]
    /// sv = "Jag har en utsedd huvudansvarig handledare."
    /// en = ""
    /// "#;
    /// let checked = StatementSet::check(src, "mine.toml", Catalog::embedded(), None);
    /// let text = checked.diagnostics.to_string();
    /// assert!(text.contains("statement `E.X1` has an empty `en` text"), "{text}");
    /// assert!(text.contains("mine.toml:10:"), "{text}");
    /// ```
    pub fn check(
        source: &str,
        file: &str,
        catalog: &Catalog,
        base: Option<&StatementSet>,
    ) -> spur_core::Checked<StatementSet> {
        let mut r = Reader::new(file, source);
        let read = read_set(&mut r);
        let mut problems = r.take_listing();
        if let Some((set, spans)) = &read {
            let locate = |span: Option<Span>| span.map(|s| r.location(s));
            problems.extend(set.validate_located(catalog, base, spans, &locate));
        }
        spur_core::Checked::listed(read.map(|(s, _)| s), problems, file)
    }

    /// [`StatementSet::check`], as a result.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem (TOML syntax, unknown keys, repeated ids, unknown
    /// groups, areas or criteria, empty texts, pairs that do not link handledare and ST-läkare),
    /// located in `file`.
    pub fn from_toml_str(
        source: &str,
        file: &str,
        catalog: &Catalog,
        base: Option<&StatementSet>,
    ) -> Result<StatementSet, Error> {
        Self::check(source, file, catalog, base)
            .into_result()
            .map(|(s, _)| s)
    }

    /// spur's default set, compiled into the library and read once.
    ///
    /// ```
    /// let set = spur_survey::StatementSet::embedded_default();
    /// assert_eq!(set.set, "spur-default");
    /// assert!((50..=60).contains(&set.statements.len()));
    /// ```
    pub fn embedded_default() -> &'static StatementSet {
        static DEFAULT: OnceLock<StatementSet> = OnceLock::new();
        DEFAULT.get_or_init(|| {
            // Checked by the tests; a failure here is a build defect, not bad input.
            StatementSet::from_toml_str(
                DEFAULT_TOML,
                "statements/spur-default.toml",
                Catalog::embedded(),
                None,
            )
            .unwrap_or_else(|e| panic!("the embedded default statements are invalid: {e}"))
        })
    }

    /// The default set's TOML source.
    pub fn embedded_default_source() -> &'static str {
        DEFAULT_TOML
    }

    /// The embedded specialty sets, read once (each checked against the default set).
    pub fn embedded_specialties() -> &'static [StatementSet] {
        static SETS: OnceLock<Vec<StatementSet>> = OnceLock::new();
        SETS.get_or_init(|| {
            SPECIALTY_SETS
                .iter()
                .map(|(file, src)| {
                    StatementSet::from_toml_str(
                        src,
                        file,
                        Catalog::embedded(),
                        Some(StatementSet::embedded_default()),
                    )
                    .unwrap_or_else(|e| panic!("the embedded set {file} is invalid: {e}"))
                })
                .collect()
        })
    }

    /// The statement with id `id`.
    pub fn statement(&self, id: &str) -> Option<&Statement> {
        self.statements.iter().find(|s| s.id == id)
    }

    /// Whole-set checks, without locations.
    pub fn validate(&self, catalog: &Catalog, base: Option<&StatementSet>) -> Vec<Diagnostic> {
        self.validate_located(catalog, base, &SetSpans::default(), &|_| None)
    }

    fn validate_located(
        &self,
        catalog: &Catalog,
        base: Option<&StatementSet>,
        spans: &SetSpans,
        locate: &dyn Fn(Option<Span>) -> Option<Location>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let err = |code: Code, path: String, at: Option<Span>, msg: Text| {
            Diagnostic::error(code, path, msg).at(locate(at))
        };
        if self.set.trim().is_empty() {
            out.push(err(
                Code::InvalidValue,
                "set".into(),
                spans.set,
                Text::new(Msg::SurveySetName),
            ));
        }
        if self.catalog != catalog.version {
            out.push(err(
                Code::UnknownCatalog,
                "catalog".into(),
                spans.catalog,
                Text::new(Msg::SurveyCatalog)
                    .arg("version", &self.catalog)
                    .arg("used", &catalog.version),
            ));
        }
        if let Some(name) = &self.specialty
            && spur_core::find_specialty(name).is_none()
        {
            out.push(unknown_specialty(name).at(locate(spans.specialty)));
        }
        if self.statements.is_empty() {
            out.push(err(
                Code::InvalidValue,
                "statements".into(),
                spans.statements,
                Text::new(Msg::SurveySetEmpty).arg("set", &self.set),
            ));
        }
        let none = StatementSpans::default();
        let mut ids: BTreeMap<&str, Option<Span>> = BTreeMap::new();
        for (i, s) in self.statements.iter().enumerate() {
            let sp = spans.each.get(i).unwrap_or(&none);
            let path = format!("statements.\"{}\"", s.id);
            let id = || Arg::from(s.id.as_str());
            if !id_shape_ok(&s.id) {
                out.push(err(
                    Code::InvalidValue,
                    path.clone(),
                    sp.id,
                    Text::new(Msg::SurveyIdShape).arg("id", id()),
                ));
            } else if !s.id.starts_with(s.area.letter()) {
                out.push(err(
                    Code::InvalidValue,
                    path.clone(),
                    sp.id,
                    Text::new(Msg::SurveyIdArea)
                        .arg("id", id())
                        .val("area", s.area),
                ));
            }
            if let Some(first) = ids.get(s.id.as_str()) {
                let d = err(
                    Code::Duplicate,
                    path.clone(),
                    sp.id,
                    Text::new(Msg::SurveyIdTwice).arg("id", id()),
                );
                out.push(match locate(*first) {
                    Some(loc) => d.with_label(loc, Msg::FirstGivenHere),
                    None => d,
                });
            } else {
                ids.insert(&s.id, sp.id);
            }
            if let Some(base) = base
                && base.statement(&s.id).is_some()
            {
                out.push(err(
                    Code::Duplicate,
                    path.clone(),
                    sp.id,
                    Text::new(Msg::SurveyIdInOtherSet)
                        .arg("id", id())
                        .arg("set", &self.set)
                        .arg("other", &base.set),
                ));
            }
            if s.groups.is_empty() && sp.groups_written == 0 {
                out.push(
                    err(
                        Code::MissingField,
                        format!("{path}.groups"),
                        sp.groups.or(sp.id),
                        Text::new(Msg::SurveyNoGroups).arg("id", id()),
                    )
                    .with_hint(Text::new(Msg::SurveyGroupsHint).arg("groups", group_ids())),
                );
            }
            for (j, g) in s.groups.iter().enumerate() {
                if s.groups[..j].contains(g) {
                    out.push(err(
                        Code::Duplicate,
                        format!("{path}.groups"),
                        sp.group_items.get(j).copied().or(sp.groups),
                        Text::new(Msg::SurveyGroupTwice)
                            .arg("id", id())
                            .arg("group", g.id()),
                    ));
                }
            }
            for (field, text, at) in [("sv", &s.sv, sp.sv), ("en", &s.en, sp.en)] {
                if text.trim().is_empty() {
                    out.push(
                        err(
                            Code::InvalidValue,
                            format!("{path}.{field}"),
                            at.or(sp.id),
                            Text::new(Msg::SurveyEmptyText)
                                .arg("id", id())
                                .arg("field", field),
                        )
                        .with_hint(Msg::SurveyTextsHint),
                    );
                }
            }
            if s.criteria.is_empty() {
                out.push(
                    err(
                        Code::MissingField,
                        format!("{path}.criteria"),
                        sp.criteria.or(sp.id),
                        Text::new(Msg::SurveyNoCriteria).arg("id", id()),
                    )
                    .with_hint(Msg::SurveyNoCriteriaHint),
                );
            }
            for (j, c) in s.criteria.iter().enumerate() {
                if catalog.criterion(*c).is_none() {
                    let hint = catalog.closest_id(&c.to_string()).map(|name| {
                        Text::new(Msg::DidYouMeanInArea)
                            .arg("name", name)
                            .val("area", c.area())
                    });
                    out.push(
                        err(
                            Code::UnknownCriterion,
                            format!("{path}.criteria"),
                            sp.criterion_items.get(j).copied().or(sp.criteria),
                            Text::new(Msg::UnknownCriterionId).val("id", c),
                        )
                        .with_opt_hint(hint),
                    );
                }
            }
            if let Some(pair) = &s.pair {
                out.extend(self.check_pair(s, pair).map(|(msg, hint)| {
                    err(
                        Code::CatalogInconsistent,
                        format!("{path}.pair"),
                        sp.pair,
                        msg,
                    )
                    .with_opt_hint(hint)
                }));
            }
        }
        out
    }

    /// The problem with `s`'s pair `pair`, if any.
    fn check_pair(&self, s: &Statement, pair: &str) -> Option<(Text, Option<Text>)> {
        let text = |m: Msg| Text::new(m).arg("id", &s.id).arg("pair", pair);
        let Some(twin) = self.statement(pair) else {
            return Some((text(Msg::SurveyPairMissing), None));
        };
        let alone = |st: &Statement| match st.groups.as_slice() {
            [g] if g.is_anonymous() => Some(*g),
            _ => None,
        };
        match (alone(s), alone(twin)) {
            (Some(a), Some(b)) if a != b => {}
            _ => return Some((text(Msg::SurveyPairGroups), None)),
        }
        if twin.area != s.area {
            return Some((text(Msg::SurveyPairArea), None));
        }
        if twin.pair.as_deref() != Some(s.id.as_str()) {
            return Some((
                text(Msg::SurveyPairOneWay),
                Some(Text::new(Msg::SurveyPairOneWayHint)),
            ));
        }
        None
    }
}

/// The diagnostic of a specialty name that is not known.
pub(crate) fn unknown_specialty(name: &str) -> Diagnostic {
    let known: Vec<&str> = spur_core::specialties()
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let hint = match spur_core::closest(name, &known) {
        Some(c) => Text::new(Msg::DidYouMeanSpecialty)
            .arg("name", c)
            .arg("known", spur_core::known_specialties()),
        None => Text::new(Msg::KnownSpecialties).arg("known", spur_core::known_specialties()),
    };
    Diagnostic::error(
        Code::InvalidValue,
        "specialty",
        Text::new(Msg::UnknownSpecialty).arg("name", spur_core::spanned::clip(name)),
    )
    .with_hint(hint)
}

/// The group ids, for hints.
pub(crate) fn group_ids() -> String {
    Group::ALL
        .iter()
        .map(|g| g.id())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `E.S1`, `H.AM2`: an area letter A–H, a dot, then ASCII letters, digits, `-` or `_`.
fn id_shape_ok(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('A'..='H'))
        && chars.next() == Some('.')
        && !chars.as_str().is_empty()
        && chars
            .as_str()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

// ---------------------------------------------------------------------------------------------
// The merged survey

/// The statements a survey asks: spur's default set, with a specialty's set merged after it
/// when the specialty has one; ordered by area, each area's statements in file order (the
/// default set's first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Survey {
    /// The names of the sets merged, the default set first.
    pub sets: Vec<String>,
    /// The specialty whose set was merged, if any.
    pub specialty: Option<String>,
    /// Every statement.
    pub statements: Vec<Statement>,
}

impl Survey {
    /// A survey of `base` with `extra` merged after it (ids are assumed unique: check `extra`
    /// against `base` with [`StatementSet::check`]).
    pub fn merge(base: &StatementSet, extra: Option<&StatementSet>) -> Survey {
        let mut statements: Vec<Statement> = base.statements.clone();
        let mut sets = vec![base.set.clone()];
        let mut specialty = base.specialty.clone();
        if let Some(extra) = extra {
            statements.extend(extra.statements.iter().cloned());
            sets.push(extra.set.clone());
            specialty = extra.specialty.clone().or(specialty);
        }
        // A stable sort keeps the file order within each area.
        statements.sort_by_key(|s| s.area);
        Survey {
            sets,
            specialty,
            statements,
        }
    }

    /// The embedded survey: spur's default set, with the embedded set of `specialty` merged when
    /// there is one (a known specialty without a set of its own asks the default statements).
    ///
    /// ```
    /// use spur_survey::Survey;
    /// let plain = Survey::embedded(None).unwrap();
    /// let am = Survey::embedded(Some("Allmänmedicin")).unwrap();
    /// assert!(am.statements.len() > plain.statements.len());
    /// assert_eq!(Survey::embedded(Some("kardiologi")).unwrap().statements.len(), plain.statements.len());
    /// assert!(Survey::embedded(Some("kardiologgi")).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with one diagnostic when `specialty` is not a known specialty.
    pub fn embedded(specialty: Option<&str>) -> Result<Survey, Error> {
        let base = StatementSet::embedded_default();
        let Some(name) = specialty else {
            return Ok(Survey::merge(base, None));
        };
        let Some(found) = spur_core::find_specialty(name) else {
            return Err(Error::Invalid(Diagnostics(vec![unknown_specialty(name)])));
        };
        let extra = StatementSet::embedded_specialties().iter().find(|s| {
            s.specialty
                .as_deref()
                .and_then(spur_core::find_specialty)
                .is_some_and(|f| f.name == found.name)
        });
        let mut survey = Survey::merge(base, extra);
        survey.specialty = Some(found.name.clone());
        Ok(survey)
    }

    /// The statement with id `id`.
    pub fn statement(&self, id: &str) -> Option<&Statement> {
        self.statements.iter().find(|s| s.id == id)
    }

    /// The statements put to `group`, in survey order.
    pub fn for_group(&self, group: Group) -> impl Iterator<Item = &Statement> {
        self.statements.iter().filter(move |s| s.is_for(group))
    }

    /// The statements of `area`, in survey order.
    pub fn in_area(&self, area: AreaId) -> impl Iterator<Item = &Statement> {
        self.statements.iter().filter(move |s| s.area == area)
    }

    /// Every pair, as (the handledare statement, the ST-läkare statement), in survey order of
    /// the handledare statement.
    pub fn pairs(&self) -> impl Iterator<Item = (&Statement, &Statement)> {
        self.for_group(Group::Handledare).filter_map(|h| {
            let twin = self.statement(h.pair.as_deref()?)?;
            (twin.is_for(Group::StLakare) && twin.pair.as_deref() == Some(h.id.as_str()))
                .then_some((h, twin))
        })
    }

    /// The closest statement id to `input`, for "did you mean" hints.
    pub fn closest_id(&self, input: &str) -> Option<String> {
        spur_core::closest(input, self.statements.iter().map(|s| s.id.as_str()))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading: node tree → set, every problem at once (through `spur_core::read`).

/// A group id as a value.
struct GroupWord(Group);

impl FromNode for GroupWord {
    fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
        let text = String::from_node(r, node, path)?;
        if let Ok(g) = text.parse::<Group>() {
            return Some(GroupWord(g));
        }
        let hint = match Group::from_name(&text) {
            Some(g) => Text::new(Msg::DidYouMean).arg("name", g.id()),
            None => Text::new(Msg::SurveyGroupsHint).arg("groups", group_ids()),
        };
        r.push(
            Code::InvalidValue,
            path,
            Span::of(&node.span),
            Text::new(Msg::SurveyUnknownGroup).arg("text", spur_core::spanned::clip(&text)),
            Some(hint.into()),
        );
        None
    }
}

fn read_set(r: &mut Reader<'_>) -> Option<(StatementSet, SetSpans)> {
    let root = match spanned::parse(r.source, Format::Toml) {
        Ok(root) => root,
        Err(errors) => {
            r.syntax(errors, Some(FORMAT_HINT.into()));
            return None;
        }
    };
    let mut spans = SetSpans::default();
    let mut t = Table::new(r, &root, Path::ROOT, SET_FIELDS)?;
    let set = t.required::<String>(r, "set", FORMAT_HINT);
    spans.set = set.as_ref().map(|s| s.span);
    let specialty = t.optional::<String>(r, "specialty");
    spans.specialty = specialty.as_ref().map(|s| s.span);
    let catalog = t.required::<String>(r, "catalog", FORMAT_HINT);
    spans.catalog = catalog.as_ref().map(|s| s.span);
    let title = t.optional::<String>(r, "title").map(Spanned::into_inner);
    let statements_node = t.required_node(r, "statements", FORMAT_HINT);
    spans.statements = statements_node.and_then(|n| Span::of(&n.span));
    let mut statements = Vec::new();
    if let Some(node) = statements_node {
        let path = Path::ROOT.key("statements");
        let items = r.list(node, path, "a list of tables ([[statements]])");
        for (i, n) in items.iter().enumerate() {
            let item_path = path.index(i);
            let Some(mut st) = Table::new(r, n, item_path, STATEMENT_FIELDS) else {
                continue;
            };
            let value = statement(r, &mut st);
            st.finalize(r);
            if let Some((s, sp)) = value {
                statements.push(s);
                spans.each.push(sp);
            }
        }
    }
    t.finalize(r);
    let set = StatementSet {
        set: set?.value,
        specialty: specialty.map(Spanned::into_inner),
        catalog: catalog?.value,
        title,
        statements: statements_node.map(|_| statements)?,
    };
    Some((set, spans))
}

fn statement(r: &mut Reader<'_>, t: &mut Table<'_, '_>) -> Option<(Statement, StatementSpans)> {
    let path = t.path();
    let mut sp = StatementSpans::default();
    let id = t.required::<String>(r, "id", FORMAT_HINT);
    sp.id = id.as_ref().map(|s| s.span);
    let area = t.required::<AreaId>(r, "area", FORMAT_HINT);
    let groups_node = t.required_node(r, "groups", FORMAT_HINT);
    sp.groups = groups_node.and_then(|n| Span::of(&n.span));
    let groups_path = path.key("groups");
    let groups: Option<Vec<Group>> = groups_node.map(|n| {
        let items = r.list(n, groups_path, "a list of groups");
        sp.groups_written = items.len();
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let g = r.value::<GroupWord>(n, groups_path.index(i))?;
                sp.group_items.push(g.span);
                Some(g.value.0)
            })
            .collect()
    });
    let criteria_node = t.required_node(r, "criteria", FORMAT_HINT);
    sp.criteria = criteria_node.and_then(|n| Span::of(&n.span));
    let criteria_path = path.key("criteria");
    let criteria: Option<Vec<CriterionId>> = criteria_node.map(|n| {
        let items = r.list(n, criteria_path, "a list of criterion ids");
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let c = r.value::<CriterionId>(n, criteria_path.index(i))?;
                sp.criterion_items.push(c.span);
                Some(c.value)
            })
            .collect()
    });
    let pair = t.optional::<String>(r, "pair");
    sp.pair = pair.as_ref().map(|s| s.span);
    let sv = t.required::<String>(r, "sv", FORMAT_HINT);
    sp.sv = sv.as_ref().map(|s| s.span);
    let en = t.required::<String>(r, "en", FORMAT_HINT);
    sp.en = en.as_ref().map(|s| s.span);
    let statement = Statement {
        id: id?.value,
        area: area?.value,
        groups: groups?,
        criteria: criteria?,
        pair: pair.map(Spanned::into_inner),
        sv: sv?.value,
        en: en?.value,
    };
    Some((statement, sp))
}

#[cfg(test)]
mod tests;
