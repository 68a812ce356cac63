//! Any spreadsheet through a mapping file (`import FILE --map MAPPING.toml`): which column
//! holds which dealdeck field, and which stage values mean won or lost. `--suggest-map`
//! writes a starting mapping guessed from the header (Salesforce, Zoho, and English, Dutch
//! and Swedish column names).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::{Qualification, StageKind};

use super::{Header, ImportedDeal, ImportedVisit, Row, StageRef, closing_kind};

/// The fields a mapping can name: the `deal show --json` keys, plus `id`.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "organization",
    "contact",
    "contact_email",
    "contact_phone",
    "owner",
    "amount",
    "currency",
    "pipeline",
    "stage",
    "status",
    "probability",
    "expected_close_date",
    "source",
    "qualification",
    "lost_reason",
    "won_note",
    "created_at",
    "closed_at",
];

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WonLost {
    #[serde(default)]
    pub won: Vec<String>,
    #[serde(default)]
    pub lost: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// dealdeck field → the file's column header.
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub won_lost: WonLost,
}

impl Mapping {
    pub fn parse(text: &str) -> Result<Mapping, String> {
        let mapping: Mapping = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            format!(
                "the mapping is not valid TOML: {}",
                super::cut(&message, 200)
            )
        })?;
        for field in mapping.columns.keys() {
            if !FIELDS.contains(&field.as_str()) {
                return Err(format!(
                    "the mapping names field {:?}, which dealdeck does not have; the fields are {}",
                    super::cut(field, 60),
                    FIELDS.join(", ")
                ));
            }
        }
        for needed in ["title", "stage"] {
            if !mapping.columns.contains_key(needed) {
                return Err(format!(
                    "the mapping must name the column for {needed:?} under [columns]"
                ));
            }
        }
        Ok(mapping)
    }

    /// The field a column holds, if the mapping names it.
    pub fn field_of(&self, column: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(_, c)| c.trim().eq_ignore_ascii_case(column.trim()))
            .map(|(field, _)| field.as_str())
    }

    fn column(&self, field: &str) -> &str {
        self.columns.get(field).map_or("", String::as_str)
    }

    /// Refuses a file that lacks a column the mapping names.
    pub fn check_header(&self, header: &Header) -> Result<(), String> {
        for (field, column) in &self.columns {
            if !header.has(column.trim()) {
                return Err(format!(
                    "the mapping takes {field} from column {:?}, which the file lacks (its columns are {})",
                    super::cut(column, 60),
                    super::cut(&header.names().join(", "), 200)
                ));
            }
        }
        Ok(())
    }

    /// What a stage (or status) value means: won, lost, or open.
    fn kind_of(&self, value: &str) -> StageKind {
        let listed = |list: &[String]| list.iter().any(|v| v.trim().eq_ignore_ascii_case(value));
        if listed(&self.won_lost.won) {
            StageKind::Won
        } else if listed(&self.won_lost.lost) {
            StageKind::Lost
        } else if let Some(kind) = StageKind::parse(value) {
            kind
        } else {
            closing_kind(value).unwrap_or(StageKind::Open)
        }
    }
}

/// Reads one row through the mapping; problems are left in `row.errors`.
pub fn parse(row: &mut Row<'_>, mapping: &Mapping) -> Option<ImportedDeal> {
    let key = |field: &str| mapping.column(field).trim().to_string();
    let id = row.get(&key("id")).map(str::to_string);
    let title = row.required_text(&key("title"), "title");
    let stage = row.get(&key("stage")).map(str::to_string);
    if stage.is_none() {
        row.fail(&key("stage"), "the stage is missing");
    }
    let pipeline = row
        .get(&key("pipeline"))
        .map(|name| (row.column(&key("pipeline")), name.to_string()));
    let status = row.get(&key("status")).map(|s| mapping.kind_of(s));
    let currency = row.currency(&key("currency"));
    let amount = row.amount(&key("amount"));
    let probability = row.percent(&key("probability"));
    let expected_close_date = row.date(&key("expected_close_date"));
    let created = row.moment(&key("created_at"));
    let closed = row.moment(&key("closed_at"));
    let qualification = row.get(&key("qualification")).and_then(|text| {
        let found = Qualification::parse(text);
        if found.is_none() {
            row.fail(
                &key("qualification"),
                format!("{:?} is not MQL, SAL or SQL", super::cut(text, 60)),
            );
        }
        found
    });
    let contact = crate::domain::Contact {
        name: row.text(&key("contact"), "contact name"),
        email: row.text(&key("contact_email"), "e-mail address"),
        phone: row.text(&key("contact_phone"), "phone number"),
    };
    let organization = row.text(&key("organization"), "organization");
    let owner = row.text(&key("owner"), "owner");
    let source = row.text(&key("source"), "source");
    let lost_reason = row.text(&key("lost_reason"), "lost reason");
    let won_note = row.text(&key("won_note"), "won note");
    let stage = stage?;
    let kind = status.unwrap_or_else(|| mapping.kind_of(&stage));
    let expected_moment = expected_close_date
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| d.and_local_timezone(chrono::Local).earliest())
        .map(|d| d.with_timezone(&chrono::Utc));
    let created_at = match created.or(closed) {
        Some(moment) => moment,
        None => {
            row.fail(
                &key("created_at"),
                "the row has no creation date (map created_at, or closed_at)",
            );
            return None;
        }
    };
    let closed_at = match kind {
        StageKind::Open => None,
        _ => Some(
            closed
                .or(expected_moment)
                .unwrap_or(created_at)
                .max(created_at),
        ),
    };
    // The file tells only the current stage: the deal stood in it since creation, or,
    // closed, in the first open stage until it closed.
    let stage_column = row.column(&key("stage"));
    let current = match kind {
        StageKind::Open => StageRef::Named(stage),
        _ if closing_kind(&stage) == Some(kind) => StageRef::Named(stage),
        StageKind::Won => StageRef::Won,
        StageKind::Lost => StageRef::Lost,
    };
    let mut visits = Vec::new();
    if let Some(closed_at) = closed_at {
        visits.push(ImportedVisit {
            stage: StageRef::FirstOpen,
            column: stage_column.clone(),
            entered_at: created_at,
            exited_at: Some(closed_at),
            reason: None,
            by: None,
        });
    }
    visits.push(ImportedVisit {
        stage: current,
        column: stage_column.clone(),
        entered_at: closed_at.unwrap_or(created_at),
        exited_at: None,
        reason: None,
        by: None,
    });
    Some(ImportedDeal {
        line: row.line,
        source_ref: id.map(|id| ("mapped".to_string(), id)),
        kept: None,
        pipeline,
        amount,
        currency,
        title: title?,
        organization,
        contact,
        owner,
        probability_override: probability,
        expected_close_date,
        source,
        qualification,
        extra: BTreeMap::new(),
        created_at,
        closed_at,
        archived_at: None,
        lost_reason,
        won_note,
        visits,
        status: Some((stage_column, kind)),
        notes: Vec::new(),
        from_lead: None,
    })
}

/// Column names other tools and people use for each field, most specific first.
const GUESSES: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "Opportunity ID",
            "Record Id",
            "Deal ID",
            "ID",
            "Nummer",
            "Id",
        ],
    ),
    (
        "title",
        &[
            "Opportunity Name",
            "Deal Name",
            "Title",
            "Name",
            "Deal",
            "Titel",
            "Naam",
            "Omschrijving",
            "Namn",
            "Affär",
        ],
    ),
    (
        "organization",
        &[
            "Account Name",
            "Organization",
            "Company",
            "Customer",
            "Organisatie",
            "Bedrijf",
            "Klant",
            "Organisation",
            "Företag",
            "Kund",
        ],
    ),
    (
        "contact",
        &[
            "Contact Name",
            "Contact",
            "Contactpersoon",
            "Kontaktperson",
            "Kontakt",
        ],
    ),
    (
        "contact_email",
        &["Email", "E-mail", "Contact Email", "E-post"],
    ),
    (
        "contact_phone",
        &["Phone", "Contact Phone", "Telefoon", "Telefon"],
    ),
    (
        "owner",
        &[
            "Opportunity Owner",
            "Deal Owner",
            "Owner",
            "Eigenaar",
            "Verantwoordelijke",
            "Ägare",
            "Ansvarig",
        ],
    ),
    (
        "amount",
        &["Amount", "Value", "Bedrag", "Waarde", "Belopp", "Värde"],
    ),
    (
        "currency",
        &[
            "Opportunity Currency",
            "Amount Currency",
            "Currency",
            "Valuta",
        ],
    ),
    ("pipeline", &["Pipeline", "Layout", "Pijplijn"]),
    (
        "stage",
        &[
            "Stage",
            "Deal Stage",
            "Fase",
            "Stadium",
            "Status",
            "Steg",
            "Fas",
        ],
    ),
    (
        "probability",
        &[
            "Probability (%)",
            "Probability",
            "Kans",
            "Kans (%)",
            "Waarschijnlijkheid",
            "Sannolikhet",
        ],
    ),
    (
        "expected_close_date",
        &[
            "Close Date",
            "Closing Date",
            "Expected Close Date",
            "Sluitingsdatum",
            "Verwachte sluitingsdatum",
            "Stängningsdatum",
        ],
    ),
    ("source", &["Lead Source", "Source", "Bron", "Källa"]),
    (
        "lost_reason",
        &[
            "Loss Reason",
            "Reason For Loss",
            "Lost Reason",
            "Reden verlies",
            "Förlustorsak",
        ],
    ),
    (
        "created_at",
        &[
            "Created Date",
            "Created Time",
            "Created",
            "Create Date",
            "Aangemaakt",
            "Aanmaakdatum",
            "Skapad",
            "Skapat",
        ],
    ),
];

/// A starting mapping for `header`, as TOML; `stage_values` (the distinct values of the
/// guessed stage column) fill the won and lost lists.
pub fn suggest(header: &Header, stage_values: &[String]) -> String {
    let mut taken: Vec<usize> = Vec::new();
    let mut lines = vec![
        "# A starting mapping guessed from the file's header: check every line, then".to_string(),
        "# `dealdeck import FILE --map THIS.toml`. Fields are the `deal show --json` keys."
            .to_string(),
        "[columns]".to_string(),
    ];
    let mut unmapped = Vec::new();
    for (field, guesses) in GUESSES {
        let found = guesses
            .iter()
            .filter_map(|g| header.position(g))
            .find(|i| !taken.contains(i));
        match found {
            Some(i) => {
                taken.push(i);
                lines.push(format!("{field} = {:?}", header.names()[i]));
            }
            None => unmapped.push(*field),
        }
    }
    for field in unmapped {
        lines.push(format!("# {field} = \"...\""));
    }
    let rest: Vec<&String> = header
        .names()
        .iter()
        .enumerate()
        .filter(|(i, n)| !taken.contains(i) && !n.is_empty())
        .map(|(_, n)| n)
        .collect();
    if !rest.is_empty() {
        lines.push(format!(
            "# Kept as data points: {}",
            rest.iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let pick = |kind| -> Vec<String> {
        stage_values
            .iter()
            .filter(|v| closing_kind(v) == Some(kind))
            .map(|v| format!("{v:?}"))
            .collect()
    };
    lines.push(String::new());
    lines.push("[won_lost]  # stage values that mean won / lost".to_string());
    lines.push(format!("won = [{}]", pick(StageKind::Won).join(", ")));
    lines.push(format!("lost = [{}]", pick(StageKind::Lost).join(", ")));
    lines.join("\n") + "\n"
}

/// The column `suggest` would take the stage from.
pub fn stage_column(header: &Header) -> Option<usize> {
    GUESSES
        .iter()
        .find(|(field, _)| *field == "stage")
        .and_then(|(_, guesses)| guesses.iter().find_map(|g| header.position(g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_name_known_fields_and_need_title_and_stage() {
        let ok = Mapping::parse(
            "[columns]\ntitle = \"Naam\"\nstage = \"Fase\"\n[won_lost]\nwon = [\"Getekend\"]\n",
        )
        .unwrap();
        assert_eq!(ok.field_of("naam"), Some("title"));
        assert_eq!(ok.kind_of("getekend"), StageKind::Won);
        assert_eq!(ok.kind_of("Closed Lost"), StageKind::Lost);
        assert!(
            Mapping::parse("[columns]\ntitle = \"A\"\nstage = \"B\"\ncolour = \"C\"\n")
                .unwrap_err()
                .contains("colour")
        );
        assert!(
            Mapping::parse("[columns]\ntitle = \"A\"\n")
                .unwrap_err()
                .contains("stage")
        );
    }

    #[test]
    fn suggestions_know_salesforce_columns() {
        let header = Header::new(
            [
                "Opportunity ID",
                "Opportunity Name",
                "Account Name",
                "Stage",
                "Amount",
                "Probability (%)",
                "Close Date",
                "Created Date",
                "Fiscal Period",
            ]
            .map(String::from),
        );
        let text = suggest(
            &header,
            &[
                "Prospecting".into(),
                "Closed Won".into(),
                "Closed Lost".into(),
            ],
        );
        let mapping = Mapping::parse(&text).unwrap();
        assert_eq!(mapping.columns["id"], "Opportunity ID");
        assert_eq!(mapping.columns["title"], "Opportunity Name");
        assert_eq!(mapping.columns["organization"], "Account Name");
        assert_eq!(mapping.columns["probability"], "Probability (%)");
        assert_eq!(mapping.columns["created_at"], "Created Date");
        assert_eq!(mapping.won_lost.won, ["Closed Won"]);
        assert_eq!(mapping.won_lost.lost, ["Closed Lost"]);
        assert!(text.contains("Fiscal Period"), "{text}");
    }
}
