//! The registers: decisions (`decisions.yaml`), interests
//! (`interests.yaml`), gifts and hospitality (`gifts.yaml`) and the CCG's
//! member GP practices (`practices.yaml`).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

use super::values::{list, or_default};
use super::{Category, Contract, Date, DecisionRoute, ExtraMap, InterestType, Money, Outcome, SurnameAlone};

// ---- registers ------------------------------------------------------------------

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Register<T> {
    /// The day the register was last reviewed or brought up to date.
    pub updated: Date,
    /// The register's entries.
    #[serde(default, deserialize_with = "list")]
    pub entries: Vec<T>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The decision's reference, unique in this register (`CL-2015-07`): letters, digits, `-`, `_` and `.`. A meeting's agenda item names the decision by it.
    pub id: String,
    /// The day of the decision. When it was taken at a meeting, it must be the meeting's date.
    pub date: Date,
    /// What was decided, in a few words.
    pub title: String,
    /// The kind of decision (the content format describes each); `procurement` for buying a service, with `procurement` filled in.
    pub category: Category,
    /// The meeting that took it: a meeting id of this CCG (`2015-09-17`), or for a meeting held in common, the group's folder name, `/` and the meeting's id (`nw-london/2015-10-15`). Leave it out for a decision taken outside a meeting.
    pub meeting: Option<String>,
    /// How it was taken: by the `committee` (default), by officers under an `approved-policy`, or as an `urgent` decision between meetings.
    #[serde(default = "committee_route", deserialize_with = "or_committee_route")]
    pub route: DecisionRoute,
    /// What the decision was.
    pub outcome: Outcome,
    /// A summary, in Markdown.
    pub summary: Option<String>,
    /// Conflicts of interest noted for the decision.
    #[serde(default, deserialize_with = "list")]
    pub conflicts: Vec<Conflict>,
    /// For a decision to buy a service: the details NHS England's register of procurement decisions asks for. All of them are optional.
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

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// Whose interest, written as in the register of interests.
    pub name: String,
    /// The interest.
    pub interest: String,
    /// What was done about it.
    pub action: String,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    /// The procurement's reference.
    pub reference: Option<String>,
    /// What is being bought.
    pub description: Option<String>,
    /// `true` when the decision varies or extends an existing contract, `false` when the contract is new.
    pub existing_contract: Option<bool>,
    /// How the supplier is chosen, in words (`Open tender`, `Direct award`, `Any qualified provider`).
    pub procedure: Option<String>,
    /// The clinical lead.
    pub clinical_lead: Option<String>,
    /// The contract manager.
    pub contract_manager: Option<String>,
    /// The supplier awarded the contract.
    pub supplier: Option<String>,
    /// The supplier's address.
    pub supplier_address: Option<String>,
    /// The contract's total value, in pounds.
    pub value_total: Option<Money>,
    /// Its value a year, in pounds.
    pub value_annual: Option<Money>,
    /// The contract's first day.
    pub start: Option<Date>,
    /// The contract's last day. Not before `start`.
    pub end: Option<Date>,
    /// Why the actions taken on conflicts of interest were enough.
    pub justification: Option<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestEntry {
    /// The person's name, written exactly as in `ccg.yaml`, meetings and decisions.
    pub name: String,
    /// Their roles (`[GP member, Primary Care Co-commissioning Joint Committee]`).
    pub roles: Vec<String>,
    /// In the exceptional case where publishing could put the person at risk: `true` withholds the whole entry (the site says "Name withheld" and publishes nothing that identifies them: no roles, interests, declarations, gifts or dates), `name` withholds only the name (the roles and interests are published beside "Name withheld"). The name must then appear nowhere else that is published. Default `false`.
    #[serde(default, deserialize_with = "or_default")]
    pub withheld: Withholding,
    /// For a withheld entry: the surname, when the name does not show which words it is (`Lloyd Webber` in `Mary Lloyd Webber`; `Lee` in `Quentin Adam LEE`). Without it the surname is the last word (with `van`, `de` and the like before it), or the one word in capitals, or the word before initials at the end (`ZYBORG Q`).
    pub surname: Option<String>,
    /// For a withheld entry: other names the person is known by, withheld like the name, each written as a whole name (`[Quentin Smith, Quin Zyborg]`: a maiden name, a short name). A single word is another surname.
    #[serde(default, deserialize_with = "list")]
    pub also_known_as: Vec<String>,
    /// For a withheld entry: what the surname on its own in published text is (`Zyborg said`): `error`, `warning`, or `allowed` (never reported). Without it: an error, or a warning when someone else named in the content has the same surname.
    pub surname_alone: Option<SurnameAlone>,
    /// `true` when the person declared that they have no interests. Default `false`. An entry needs either interests or `nil_return: true`.
    #[serde(default, deserialize_with = "or_default")]
    pub nil_return: bool,
    /// Their interests. Keep ended interests, with their `to` date.
    #[serde(default, deserialize_with = "list")]
    pub interests: Vec<Interest>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interest {
    /// The kind of interest: `financial` (they could gain financially), `non-financial-professional` (a professional role or reputation), `non-financial-personal` (a personal connection or belief), `indirect` (an interest of someone close to them, such as a family member).
    #[serde(rename = "type")]
    pub kind: InterestType,
    /// The interest (`Partner, Example Surgery (PMS contract)`).
    pub description: String,
    /// When it began, if known.
    pub from: Option<Date>,
    /// When it ended. Not before `from`.
    pub to: Option<Date>,
    /// How the conflict is managed (`Takes no part in decisions about the practice`).
    pub action: String,
    /// The ODS codes of the GP practices it concerns.
    #[serde(default, deserialize_with = "list")]
    pub practices: Vec<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gift {
    /// Who was offered it.
    pub name: String,
    /// Their role.
    pub role: String,
    /// The day it was offered.
    pub date: Date,
    /// Who offered it.
    pub offered_by: String,
    /// What was offered.
    pub description: String,
    /// Its estimated value, in pounds.
    pub value: Option<Money>,
    /// `true` if accepted, `false` if declined.
    pub accepted: bool,
    /// Why it was accepted or declined.
    pub notes: Option<String>,
    pub extra: ExtraMap,
}

/// A member GP practice of the CCG (`practices.yaml`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// The practice's ODS code (`E87001`), unique across the site.
    #[schemars(regex(pattern = r"^[A-Z0-9]{3,8}$"))]
    pub ods: String,
    /// The practice's name (`Marylebone Row Surgery`).
    pub name: String,
    /// Its address, on one line (`12 Marylebone Row, London`).
    pub address: Option<String>,
    /// Its postcode (`NW1 5AB`).
    pub postcode: Option<String>,
    /// Its contract: `gms`, `pms` or `apms`.
    pub contract: Option<Contract>,
    /// A member of this CCG from.
    pub from: Option<Date>,
    /// Left the CCG, closed or merged. Not before `from`.
    pub to: Option<Date>,
    /// The ODS code of the practice it merged into.
    pub merged_into: Option<String>,
    pub extra: ExtraMap,
}

/// How much of a register entry is withheld (`withheld:`). Ordered from
/// least to most withheld, so the strictest of two is their `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Withholding {
    /// `false` (the default): published as written.
    #[default]
    No,
    /// `name`: the name is "Name withheld"; the roles, interests,
    /// declarations and gifts are published beside it.
    Name,
    /// `true`: the whole entry. "Name withheld", and nothing that singles
    /// the person out: no roles, interests, declared interests, gifts,
    /// dates or register line numbers.
    Entry,
}

impl Withholding {
    /// Whether the name is withheld (either way).
    pub fn is_withheld(self) -> bool {
        self != Withholding::No
    }

    /// Whether the whole entry is withheld (`true`).
    pub fn is_entry(self) -> bool {
        self == Withholding::Entry
    }

    /// As written in `interests.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Withholding::No => "false",
            Withholding::Name => "name",
            Withholding::Entry => "true",
        }
    }
}

struct WithholdingVisitor;

impl serde::de::Visitor<'_> for WithholdingVisitor {
    type Value = Withholding;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("`true` (withhold the whole entry), `name` (withhold only the name) or `false`")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Withholding, E> {
        Ok(if v { Withholding::Entry } else { Withholding::No })
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Withholding, E> {
        match v {
            "name" => Ok(Withholding::Name),
            "true" => Ok(Withholding::Entry),
            "false" => Ok(Withholding::No),
            _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
        }
    }
}

impl<'de> Deserialize<'de> for Withholding {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Withholding, D::Error> {
        d.deserialize_any(WithholdingVisitor)
    }
}

/// As written: `true`, `false` or `"name"`.
impl serde::Serialize for Withholding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Withholding::Name => s.serialize_str("name"),
            w => s.serialize_bool(w.is_entry()),
        }
    }
}

/// `withheld`'s schema: `true`, `false` or `name`.
impl JsonSchema for Withholding {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Withholding".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "enum": [true, false, "name"] })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withheld_reads_true_false_and_name() {
        let read = |v: &str| crate::yaml::parse::<Withholding>(v).map_err(|e| e.to_string());
        assert_eq!(read("true"), Ok(Withholding::Entry));
        assert_eq!(read("false"), Ok(Withholding::No));
        assert_eq!(read("name"), Ok(Withholding::Name));
        let err = read("yes").unwrap_err();
        assert!(err.contains("`name`") && err.contains("yes"), "{err}");
        assert!(Withholding::No < Withholding::Name && Withholding::Name < Withholding::Entry);
    }
}
