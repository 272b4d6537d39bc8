//! A meeting file (`meetings/<id>.md`): its front matter and its minutes.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

use super::values::{list, or_default, or_yes, yes};
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

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingFront {
    /// Whose meeting it is: the committee's `id` in the CCG's `ccg.yaml`. A group's meeting has no `committee`: it is a meeting of every member CCG's committee.
    pub committee: Option<String>,
    /// The meeting's title. Default the committee's (or group's) name and the date.
    pub title: Option<String>,
    /// The day of the meeting. Must be the date in the file name.
    pub date: Date,
    /// When it starts.
    pub start: Option<Time>,
    /// When it ends. Not before `start`.
    pub end: Option<Time>,
    /// Where it is held.
    pub venue: Option<String>,
    /// Default `held`. A meeting that has not happened yet is `scheduled`; set `held` afterwards. Only held meetings count for the register and minutes checks; a meeting whose date has passed but is still `scheduled` is a warning, and makes the papers and minutes checks unknown.
    #[serde(default = "held", deserialize_with = "or_held")]
    pub status: MeetingStatus,
    /// Whether the meeting is open to the public. Default `true`.
    #[serde(default = "yes", deserialize_with = "or_yes")]
    pub public: bool,
    /// The day the papers went on the website; the papers-on-time check needs it.
    pub papers_published: Option<Date>,
    /// The agenda, in order.
    #[serde(default, deserialize_with = "list")]
    pub agenda: Vec<AgendaItem>,
    /// Who came.
    pub attendance: Option<Attendance>,
    /// Interests declared at the meeting.
    #[serde(default, deserialize_with = "list")]
    pub declarations: Vec<Declaration>,
    /// The state of the minutes below the front matter. Default `draft` when there is text below the front matter, `none` when there is none. Set `approved` once the committee approves them.
    pub minutes: Option<MinutesStatus>,
    pub extra: ExtraMap,
}

fn held() -> MeetingStatus {
    MeetingStatus::Held
}

fn or_held<'de, D: Deserializer<'de>>(d: D) -> Result<MeetingStatus, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(held))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// The item's number as printed (`"4.1"`); put it in quotes. Unique within the meeting.
    pub number: String,
    /// The item's title.
    pub title: String,
    /// Whether the item is taken in the `public` part (default) or the `private` part of the meeting. A private item is listed and marked Private.
    #[serde(default = "public_part", deserialize_with = "or_public_part")]
    pub part: Part,
    /// The item's papers.
    #[serde(default, deserialize_with = "list")]
    pub papers: Vec<Paper>,
    /// The decision taken on the item: the `id` of an entry in the CCG's `decisions.yaml`. Not allowed in a group's meeting: each CCG records its own decisions.
    pub decision: Option<String>,
    pub extra: ExtraMap,
}

fn public_part() -> Part {
    Part::Public
}

fn or_public_part<'de, D: Deserializer<'de>>(d: D) -> Result<Part, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_else(public_part))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    /// The paper's title as shown on the site.
    pub title: String,
    /// A file under this CCG's (or group's) `papers/` folder, written from the CCG's folder: `papers/2015-09-17/practice-merger.pdf`. The file must exist. Give either `file` or `url`, not both.
    pub file: Option<String>,
    /// A paper published elsewhere, starting with `https://` or `http://`. Give either `file` or `url`, not both.
    pub url: Option<String>,
    /// `true` once a person has read the whole `file` and found no withheld name in it. Needed, when any name is withheld, for a paper that cannot be read for names (a scan, a picture, a file locked with a password); otherwise the build stops. Default `false`.
    #[serde(default, deserialize_with = "or_default")]
    pub checked_by_eye: bool,
    pub extra: ExtraMap,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// Members present.
    #[serde(default, deserialize_with = "list")]
    pub present: Vec<String>,
    /// Others in attendance (officers, observers, advisers).
    #[serde(default, deserialize_with = "list")]
    pub in_attendance: Vec<String>,
    /// Members who sent apologies.
    #[serde(default, deserialize_with = "list")]
    pub apologies: Vec<String>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    /// Who declared it, written as in the register of interests.
    pub name: String,
    /// The agenda item it concerns (`"4.1"`): must be a `number` of this meeting's agenda.
    pub item: Option<String>,
    /// The interest declared.
    pub interest: String,
    /// What was done about it (`Left the room for the item and did not vote`).
    pub action: String,
    pub extra: ExtraMap,
}
