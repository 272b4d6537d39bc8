//! A meeting file (`meetings/<id>.md`): its front matter and its minutes.

use serde::{Deserialize, Deserializer};

use super::values::{list, or_yes, yes};
use super::{Date, ExtraMap, FileId, MeetingStatus, Minutes, MinutesStatus, Part, Time};

#[derive(Debug)]
pub struct Meeting {
    /// File name without `.md`.
    pub id: String,
    pub file: FileId,
    pub front: MeetingFront,
    /// The minutes, Markdown, left in the file until a page needs them.
    pub body: Minutes,
}

impl Meeting {
    /// The minutes status, applying the format's default.
    pub fn minutes_status(&self) -> MinutesStatus {
        self.front.minutes.unwrap_or(if self.body.is_blank() { MinutesStatus::None } else { MinutesStatus::Draft })
    }
}

/// Free-form data any object may carry under `extra`, for themes.
// ---- meetings/<id>.md ----------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFront {
    pub committee: Option<String>,
    pub title: Option<String>,
    pub date: Date,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub venue: Option<String>,
    #[serde(default = "held", deserialize_with = "or_held")]
    pub status: MeetingStatus,
    #[serde(default = "yes", deserialize_with = "or_yes")]
    pub public: bool,
    pub papers_published: Option<Date>,
    #[serde(default, deserialize_with = "list")]
    pub agenda: Vec<AgendaItem>,
    pub attendance: Option<Attendance>,
    #[serde(default, deserialize_with = "list")]
    pub declarations: Vec<Declaration>,
    pub minutes: Option<MinutesStatus>,
    pub extra: ExtraMap,
}

fn held() -> MeetingStatus {
    MeetingStatus::Held
}

fn or_held<'de, D: Deserializer<'de>>(d: D) -> Result<MeetingStatus, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(held))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub number: String,
    pub title: String,
    #[serde(default = "public_part", deserialize_with = "or_public_part")]
    pub part: Part,
    #[serde(default, deserialize_with = "list")]
    pub papers: Vec<Paper>,
    pub decision: Option<String>,
    pub extra: ExtraMap,
}

fn public_part() -> Part {
    Part::Public
}

fn or_public_part<'de, D: Deserializer<'de>>(d: D) -> Result<Part, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(public_part))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub title: String,
    pub file: Option<String>,
    pub url: Option<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    #[serde(default, deserialize_with = "list")]
    pub present: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub in_attendance: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub apologies: Vec<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub name: String,
    pub item: Option<String>,
    pub interest: String,
    pub action: String,
    pub extra: ExtraMap,
}
