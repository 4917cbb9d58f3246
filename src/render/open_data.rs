//! The open data files at stable addresses: `/data/participants.json` (with its JSON Schema at
//! `/data/participants.schema.json`), `/data/participants.csv` and `/data/timeline.json`, each
//! with the day the list was checked. Names come in every language of the site.

use serde_json::{Map, Value, json};

use super::page::{DataFile, Page};
use crate::content::participants::Signed;
use crate::content::{Link, Participant, Participants};
use crate::error::Diagnostic;
use crate::site::Site;

/// The bytes of `file`.
pub(super) fn render(site: &Site, file: DataFile) -> Result<Vec<u8>, Diagnostic> {
    let participants = site
        .content
        .participants
        .as_ref()
        .ok_or_else(|| Diagnostic::error("the data files need content/participants.toml"))?;
    let json = |value: Value| {
        let mut bytes = serde_json::to_vec_pretty(&value)
            .map_err(|error| Diagnostic::error(format!("cannot write {}: {error}", file.name())))?;
        bytes.push(b'\n');
        Ok(bytes)
    };
    match file {
        DataFile::ParticipantsJson => json(participants_json(site, participants)),
        DataFile::ParticipantsSchema => json(schema(site)),
        DataFile::ParticipantsCsv => participants_csv(site, participants),
        DataFile::TimelineJson => json(timeline_json(site, participants)),
    }
}

fn link(link: &Link) -> Value {
    json!({ "title": link.title, "url": link.url })
}

/// `{ "en": …, "ar": … }` for each language of the site.
fn per_language(site: &Site, value: impl Fn(&str) -> Value) -> Value {
    Value::Object(
        site.config
            .language_codes()
            .map(|lang| (lang.to_owned(), value(lang)))
            .collect::<Map<String, Value>>(),
    )
}

fn participant_json(site: &Site, participant: &Participant) -> Value {
    let base_url = &site.config.base_url;
    let code = participant.code.as_str();
    let (signature, range, signature_source) = match &participant.signature {
        Some((Signed::On(day), source)) => (json!(day.to_string()), Value::Null, link(source)),
        Some((Signed::Between(range), source)) => (
            Value::Null,
            json!({ "from": range.from.to_string(), "to": range.to.to_string() }),
            link(source),
        ),
        None => (Value::Null, Value::Null, Value::Null),
    };
    let (instrument, deposited, instrument_source) = match &participant.deposit {
        Some((instrument, day, source)) => (
            json!(instrument.as_str()),
            json!(day.to_string()),
            link(source),
        ),
        None => (Value::Null, Value::Null, Value::Null),
    };
    let texts = |texts: &Option<(crate::content::treaty::Localized, Option<Link>)>| match texts {
        Some((text, source)) => json!({ "text": text, "source": source.as_ref().map(link) }),
        None => Value::Null,
    };
    json!({
        "code": code,
        "name": per_language(site, |lang| json!(site.localisation.region_name(lang, code))),
        "signature": signature,
        "signature_range": range,
        "signature_source": signature_source,
        "instrument": instrument,
        "deposited": deposited,
        "instrument_source": instrument_source,
        "counts_toward_entry_into_force": participant.deposit.is_some() && !participant.is_regional_organization(),
        "declarations": texts(&participant.declarations),
        "note": texts(&participant.note),
        "url": per_language(site, |lang| json!(base_url.absolute(&Page::state(lang, code).site_path()))),
    })
}

fn sorted_by_code(participants: &Participants) -> Vec<&Participant> {
    let mut list: Vec<&Participant> = participants.list.iter().collect();
    list.sort_by(|a, b| a.code.cmp(&b.code));
    list
}

fn participants_json(site: &Site, participants: &Participants) -> Value {
    let treaty = site.content.treaty.as_ref();
    let status = treaty.map(|treaty| participants.status(treaty));
    json!({
        "$schema": site.config.base_url.absolute(&Page::Data(DataFile::ParticipantsSchema).site_path()),
        "as_of": participants.as_of.to_string(),
        "treaty": treaty.map(|treaty| json!({
            "threshold": treaty.threshold,
            "days_after_threshold": treaty.days_after_threshold,
            "signature_closes": treaty.signature_closes.to_string(),
            "source": link(&treaty.source),
        })),
        "status": status.map(|status| json!({
            "signatories": status.signatories,
            "counting_deposits": status.counting_deposits,
            "still_needed": status.still_needed,
            "entry_into_force": status.entry_into_force.map(|d| d.to_string()),
        })),
        "participants": sorted_by_code(participants)
            .into_iter()
            .map(|p| participant_json(site, p))
            .collect::<Vec<Value>>(),
    })
}

fn participants_csv(site: &Site, participants: &Participants) -> Result<Vec<u8>, Diagnostic> {
    let fail =
        |error: csv::Error| Diagnostic::error(format!("cannot write participants.csv: {error}"));
    let languages: Vec<&str> = site.config.language_codes().collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = vec!["code".into()];
    header.extend(languages.iter().map(|lang| format!("name_{lang}")));
    header.extend(
        [
            "signature",
            "signature_from",
            "signature_to",
            "instrument",
            "deposited",
            "counts_toward_entry_into_force",
            "signature_source",
            "instrument_source",
            "as_of",
        ]
        .map(String::from),
    );
    writer.write_record(&header).map_err(fail)?;
    for participant in sorted_by_code(participants) {
        let mut row: Vec<String> = vec![participant.code.clone()];
        row.extend(
            languages
                .iter()
                .map(|lang| site.localisation.region_name(lang, &participant.code)),
        );
        let (on, from, to, signature_source) = match &participant.signature {
            Some((Signed::On(day), source)) => (
                day.to_string(),
                String::new(),
                String::new(),
                source.url.clone(),
            ),
            Some((Signed::Between(range), source)) => (
                String::new(),
                range.from.to_string(),
                range.to.to_string(),
                source.url.clone(),
            ),
            None => Default::default(),
        };
        let (instrument, deposited, instrument_source) = match &participant.deposit {
            Some((instrument, day, source)) => (
                instrument.as_str().to_owned(),
                day.to_string(),
                source.url.clone(),
            ),
            None => Default::default(),
        };
        let counts = participant.deposit.is_some() && !participant.is_regional_organization();
        row.extend([
            on,
            from,
            to,
            instrument,
            deposited,
            counts.to_string(),
            signature_source,
            instrument_source,
            participants.as_of.to_string(),
        ]);
        writer.write_record(&row).map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|error| Diagnostic::error(format!("cannot write participants.csv: {error}")))
}

fn timeline_json(site: &Site, participants: &Participants) -> Value {
    let base_url = &site.config.base_url;
    let default = site.config.default_language.as_str();
    let events: Vec<Value> = site
        .events_in(default)
        .map(|event| {
            let id = event.id.as_str();
            json!({
                "id": id,
                "date": event.date.to_string(),
                "end": event.end.map(|d| d.to_string()),
                "kind": event.kind.as_str(),
                "title": per_language(site, |lang| json!(site.event(lang, id).map(|e| e.title.as_str()))),
                "sources": event.sources.iter().map(link).collect::<Vec<Value>>(),
                "states": event.states,
                "url": per_language(site, |lang| json!(base_url.absolute(&[&Page::Timeline(lang.into()).site_path(), "#", id].concat()))),
            })
        })
        .collect();
    json!({ "as_of": participants.as_of.to_string(), "events": events })
}

/// The JSON Schema of `participants.json` (draft 2020-12).
fn schema(site: &Site) -> Value {
    let names = Value::Object(
        site.config
            .language_codes()
            .map(|lang| (lang.to_owned(), json!({ "type": "string" })))
            .collect(),
    );
    let required_names: Vec<&str> = site.config.language_codes().collect();
    let date = json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" });
    let source = json!({
        "type": ["object", "null"],
        "required": ["title", "url"],
        "properties": { "title": { "type": "string" }, "url": { "type": "string", "format": "uri" } },
        "additionalProperties": false,
    });
    let texts = json!({
        "type": ["object", "null"],
        "required": ["text"],
        "properties": { "text": { "type": "object", "additionalProperties": { "type": "string" } }, "source": source },
        "additionalProperties": false,
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site.config.base_url.absolute(&Page::Data(DataFile::ParticipantsSchema).site_path()),
        "title": "Participants in the UN Convention against Cybercrime",
        "type": "object",
        "required": ["as_of", "participants"],
        "properties": {
            "$schema": { "type": "string" },
            "as_of": date,
            "treaty": { "type": ["object", "null"] },
            "status": { "type": ["object", "null"] },
            "participants": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "name", "signature", "instrument", "deposited", "counts_toward_entry_into_force"],
                    "properties": {
                        "code": { "type": "string", "pattern": "^[A-Z]{2}$" },
                        "name": { "type": "object", "properties": names, "required": required_names },
                        "signature": { "anyOf": [date, { "type": "null" }] },
                        "signature_range": {
                            "type": ["object", "null"],
                            "properties": { "from": date, "to": date },
                        },
                        "signature_source": source,
                        "instrument": { "enum": ["ratification", "acceptance", "approval", "accession", null] },
                        "deposited": { "anyOf": [date, { "type": "null" }] },
                        "instrument_source": source,
                        "counts_toward_entry_into_force": { "type": "boolean" },
                        "declarations": texts,
                        "note": texts,
                        "url": { "type": "object", "additionalProperties": { "type": "string", "format": "uri" } },
                    },
                    "additionalProperties": false,
                },
            },
        },
        "additionalProperties": false,
    })
}
