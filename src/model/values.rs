//! The values fields hold: the kebab-case enumerations, money, free-form
//! `extra` data, and the serde helpers that read an empty field as absent.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Extra {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<Extra>),
    Map(BTreeMap<String, Extra>),
}

pub type ExtraMap = Option<BTreeMap<String, Extra>>;

/// `extra` holds anything: its schema accepts any value.
impl schemars::JsonSchema for Extra {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Extra".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!(true)
    }
}

/// Money in pence: a number of pounds, not negative, at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub u64);

impl Money {
    pub fn pounds(self) -> f64 {
        self.0 as f64 / 100.0
    }
    /// "£1,250,000" or "£4,999.50".
    pub fn display(self) -> String {
        let pence = self.0 % 100;
        let mut out = format!("£{}", thousands(self.0 / 100));
        if pence != 0 {
            out.push_str(&format!(".{pence:02}"));
        }
        out
    }
}

/// The most money an amount may be: ten million million pounds, far above
/// any contract, and exact in pence as a float.
pub const MAX_POUNDS: u64 = 10_000_000_000_000;

struct MoneyVisitor;

impl serde::de::Visitor<'_> for MoneyVisitor {
    type Value = Money;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number of pounds, not negative, with at most two decimal places (e.g. 4999.50)")
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Money, E> {
        if v > MAX_POUNDS {
            return Err(E::custom(format!("`{v}` is too large an amount of money")));
        }
        Ok(Money(v * 100))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Money, E> {
        u64::try_from(v)
            .map_err(|_| E::custom(format!("`{v}` is negative: money is a number of pounds, not negative")))
            .and_then(|v| self.visit_u64(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Money, E> {
        let pence = (v * 100.0).round();
        if !v.is_finite() || v < 0.0 || (v * 100.0 - pence).abs() > 1e-6 || pence > (MAX_POUNDS * 100) as f64 {
            return Err(E::custom(format!(
                "`{v}` is not an amount of money: expected a number of pounds, not negative, \
                 with at most two decimal places (e.g. 4999.50)"
            )));
        }
        Ok(Money(pence as u64))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        d.deserialize_any(MoneyVisitor)
    }
}

/// Money's schema: what [`MoneyVisitor`] accepts, a number of pounds from 0
/// to [`MAX_POUNDS`]; at most two decimal places is `multipleOf`.
impl schemars::JsonSchema for Money {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "minimum": 0,
            "maximum": MAX_POUNDS,
            "multipleOf": 0.01,
        })
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) { s.serialize_u64(self.0 / 100) } else { s.serialize_f64(self.pounds()) }
    }
}

/// `1250000` → "1,250,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A list that may be absent or left empty (`agenda:`): both mean empty.
pub(super) fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

pub(super) fn yes() -> bool {
    true
}

// An optional field left empty (`chair:`) counts as absent, as the format
// says of every optional field: a field with a default reads empty as it.

pub(super) fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

pub(super) fn or_yes<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(yes))
}

/// The NHS England regions a CCG's `region` may name: the four of 2013 to
/// 2018, then the seven that followed them, each north to south (the order
/// of the home page).
pub const REGIONS: &[&str] = &[
    "North",
    "Midlands and East",
    "London",
    "South",
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "South East",
    "South West",
];

/// `region`'s schema: one of [`REGIONS`] (the validate stage holds the rule).
pub(super) fn region_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": REGIONS })
}

macro_rules! kebab_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The value as written in content (`practice-merger`).
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
            /// The value as printed for readers (`Practice merger`).
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
        }
    };
}

kebab_enum!(
    /// Co-commissioning level (the three NHS England models of 2015).
    Level {
        GreaterInvolvement = "greater-involvement" / "Greater involvement",
        Joint = "joint" / "Joint commissioning",
        Delegated = "delegated" / "Delegated commissioning",
    }
);

impl Level {
    pub fn number(self) -> u8 {
        match self {
            Level::GreaterInvolvement => 1,
            Level::Joint => 2,
            Level::Delegated => 3,
        }
    }
}

kebab_enum!(MemberCategory {
    Lay = "lay" / "Lay",
    Clinical = "clinical" / "Clinical",
    Executive = "executive" / "Executive",
    NhsEngland = "nhs-england" / "NHS England",
    LocalAuthority = "local-authority" / "Local authority",
    Healthwatch = "healthwatch" / "Healthwatch",
    Other = "other" / "Other",
});

kebab_enum!(ScopeRoute {
    Committee = "committee" / "Committee",
    ApprovedPolicy = "approved-policy" / "Approved policy",
    Urgent = "urgent" / "Urgent decision",
    NotDelegated = "not-delegated" / "Not delegated",
});

kebab_enum!(DecisionRoute {
    Committee = "committee" / "Committee",
    ApprovedPolicy = "approved-policy" / "Approved policy",
    Urgent = "urgent" / "Urgent decision",
});

kebab_enum!(MeetingStatus {
    Scheduled = "scheduled" / "Scheduled",
    Held = "held" / "Held",
    Cancelled = "cancelled" / "Cancelled",
    Postponed = "postponed" / "Postponed",
});

kebab_enum!(Part {
    Public = "public" / "Public",
    Private = "private" / "Private",
});

kebab_enum!(MinutesStatus {
    None = "none" / "Not published",
    Draft = "draft" / "Draft",
    Approved = "approved" / "Approved",
});

kebab_enum!(Outcome {
    Approved = "approved" / "Approved",
    Rejected = "rejected" / "Rejected",
    Deferred = "deferred" / "Deferred",
    Noted = "noted" / "Noted",
});

kebab_enum!(InterestType {
    Financial = "financial" / "Financial",
    NonFinancialProfessional = "non-financial-professional" / "Non-financial professional",
    NonFinancialPersonal = "non-financial-personal" / "Non-financial personal",
    Indirect = "indirect" / "Indirect",
});

kebab_enum!(
    /// What a withheld person's surname found on its own in published text is.
    SurnameAlone {
        Error = "error" / "Error",
        Warning = "warning" / "Warning",
        Allowed = "allowed" / "Allowed",
    }
);

kebab_enum!(Contract {
    Gms = "gms" / "GMS (General Medical Services)",
    Pms = "pms" / "PMS (Personal Medical Services)",
    Apms = "apms" / "APMS (Alternative Provider Medical Services)",
});

kebab_enum!(Category {
    ListClosure = "list-closure" / "List closure",
    PracticeMerger = "practice-merger" / "Practice merger",
    BoundaryChange = "boundary-change" / "Boundary change",
    NewPractice = "new-practice" / "New practice",
    ApmsContract = "apms-contract" / "APMS contract",
    PmsReview = "pms-review" / "PMS review",
    DiscretionaryPayment = "discretionary-payment" / "Discretionary payment",
    BreachNotice = "breach-notice" / "Breach notice",
    ContractTermination = "contract-termination" / "Contract termination",
    ContractVariation = "contract-variation" / "Contract variation",
    EnhancedServices = "enhanced-services" / "Enhanced services",
    LocalIncentiveScheme = "local-incentive-scheme" / "Local incentive scheme",
    Premises = "premises" / "Premises",
    Budget = "budget" / "Budget",
    QualityImprovement = "quality-improvement" / "Quality improvement",
    Procurement = "procurement" / "Procurement",
    Other = "other" / "Other",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_display() {
        assert_eq!(Money(125_000_000).display(), "£1,250,000");
        assert_eq!(Money(499_950).display(), "£4,999.50");
        assert_eq!(Money(4500).display(), "£45");
        assert_eq!(Money(0).display(), "£0");
    }
}
