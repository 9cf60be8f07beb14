//! [`PlanStates`]: how many plan entries of one unit are in each [`EntryState`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::followup::EntryState;

/// How many plan entries are in each [`EntryState`] on the as-of date: a count per state
/// kept in place (an overview holds one per unit, so no map per row), serialised as the map
/// of the states that occur, `{"overdue": 2, "closed_effective": 1}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanStates([u32; EntryState::ALL.len()]);

impl PlanStates {
    /// One more entry in `state`.
    pub fn add(&mut self, state: EntryState) {
        self.0[state as usize] += 1;
    }

    /// The number of entries in `state`.
    pub fn get(&self, state: EntryState) -> usize {
        self.0[state as usize] as usize
    }

    /// The states that occur with their counts, in [`EntryState`] order.
    pub fn iter(&self) -> impl Iterator<Item = (EntryState, usize)> + '_ {
        EntryState::ALL
            .into_iter()
            .map(|s| (s, self.get(s)))
            .filter(|(_, n)| *n > 0)
    }
}

// `state as usize` indexes the counts: `EntryState::ALL` must be in declaration order.
const _: () = {
    let mut i = 0;
    while i < EntryState::ALL.len() {
        assert!(EntryState::ALL[i] as usize == i);
        i += 1;
    }
};

impl Serialize for PlanStates {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for PlanStates {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<EntryState, u32>::deserialize(d)?;
        let mut states = PlanStates::default();
        for (state, n) in map {
            states.0[state as usize] = n;
        }
        Ok(states)
    }
}

impl JsonSchema for PlanStates {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<EntryState, usize>>::schema_name()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<EntryState, usize>>::json_schema(g)
    }
}
