//! The registers: decisions (`decisions.yaml`), interests
//! (`interests.yaml`), gifts and hospitality (`gifts.yaml`) and the CCG's
//! member GP practices (`practices.yaml`).

use serde::{Deserialize, Deserializer};

use super::values::{list, or_default};
use super::{Category, Contract, Date, DecisionRoute, ExtraMap, InterestType, Money, Outcome};

// ---- registers ------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Register<T> {
    pub updated: Date,
    #[serde(default = "Vec::new", deserialize_with = "list")]
    pub entries: Vec<T>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub id: String,
    pub date: Date,
    pub title: String,
    pub category: Category,
    pub meeting: Option<String>,
    #[serde(default = "committee_route", deserialize_with = "or_committee_route")]
    pub route: DecisionRoute,
    pub outcome: Outcome,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub conflicts: Vec<Conflict>,
    pub procurement: Option<Procurement>,
    /// The ODS codes of the GP practices it affects (`practices.yaml`).
    #[serde(default, deserialize_with = "list")]
    pub practices: Vec<String>,
    pub extra: ExtraMap,
}

fn committee_route() -> DecisionRoute {
    DecisionRoute::Committee
}

fn or_committee_route<'de, D: Deserializer<'de>>(d: D) -> Result<DecisionRoute, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(committee_route))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub name: String,
    pub interest: String,
    pub action: String,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    pub reference: Option<String>,
    pub description: Option<String>,
    pub existing_contract: Option<bool>,
    pub procedure: Option<String>,
    pub clinical_lead: Option<String>,
    pub contract_manager: Option<String>,
    pub supplier: Option<String>,
    pub supplier_address: Option<String>,
    pub value_total: Option<Money>,
    pub value_annual: Option<Money>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub justification: Option<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterestEntry {
    pub name: String,
    pub roles: Vec<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub withheld: bool,
    #[serde(default, deserialize_with = "or_default")]
    pub nil_return: bool,
    #[serde(default, deserialize_with = "list")]
    pub interests: Vec<Interest>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interest {
    #[serde(rename = "type")]
    pub kind: InterestType,
    pub description: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub action: String,
    /// The ODS codes of the GP practices it concerns.
    #[serde(default, deserialize_with = "list")]
    pub practices: Vec<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gift {
    pub name: String,
    pub role: String,
    pub date: Date,
    pub offered_by: String,
    pub description: String,
    pub value: Option<Money>,
    pub accepted: bool,
    pub notes: Option<String>,
    pub extra: ExtraMap,
}

/// A member GP practice of the CCG (`practices.yaml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// The practice's ODS code (`E87001`), unique across the site.
    pub ods: String,
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub contract: Option<Contract>,
    /// A member of this CCG from.
    pub from: Option<Date>,
    /// Left the CCG, closed or merged.
    pub to: Option<Date>,
    /// The ODS code of the practice it merged into.
    pub merged_into: Option<String>,
    pub extra: ExtraMap,
}
