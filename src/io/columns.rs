//! Which columns each source writes and what each becomes in dealdeck (the table in
//! docs/import-export.md is this one): the import summary lists it per file, and every column
//! no field reads is kept, cell by cell, as a data point, so nothing the file holds is lost.

use std::collections::BTreeMap;

use super::mapping::Mapping;
use super::{Format, Header, Row, RowError, fold_breaks, per_stage_text, stage_column_text};

/// A column a source writes: its name, other names it goes by, and what it becomes.
pub struct Known {
    pub column: &'static str,
    pub aliases: &'static [&'static str],
    /// `None`: kept as a data point (dealdeck has no such field).
    pub becomes: Option<&'static str>,
}

const fn known(column: &'static str, becomes: &'static str) -> Known {
    Known {
        column,
        aliases: &[],
        becomes: Some(becomes),
    }
}

const fn as_point(column: &'static str) -> Known {
    Known {
        column,
        aliases: &[],
        becomes: None,
    }
}

/// A Pipedrive deal export's columns, in the order Pipedrive writes them.
pub const PIPEDRIVE: &[Known] = &[
    known("Deal - ID", "source id (re-import updates)"),
    known("Deal - Title", "title"),
    as_point("Deal - Creator"),
    known("Deal - Owner", "owner"),
    known("Deal - Value", "amount"),
    Known {
        column: "Deal - Currency of Value",
        aliases: &["Deal - Currency"],
        becomes: Some("currency"),
    },
    as_point("Deal - Weighted value"),
    as_point("Deal - Currency of Weighted value"),
    known(
        "Deal - Probability",
        "probability override (new pipelines: stage probability)",
    ),
    known("Deal - Organization", "organization"),
    as_point("Deal - Organization ID"),
    known("Deal - Pipeline", "pipeline (created when missing)"),
    known("Deal - Contact person", "contact"),
    as_point("Deal - Contact person ID"),
    known("Deal - Stage", "stage"),
    as_point("Deal - Label"),
    known("Deal - Status", "status: won or lost stage"),
    known("Deal - Deal created", "created at; history starts"),
    as_point("Deal - Update time"),
    known(
        "Deal - Last stage change",
        "history: entered the current stage",
    ),
    known(
        "Deal - Next activity date",
        "a planned follow-up due then (once per deal and due; a past date is overdue)",
    ),
    as_point("Deal - Last activity date"),
    known("Deal - Won time", "history: entered the won stage"),
    as_point("Deal - Last email received"),
    as_point("Deal - Last email sent"),
    known("Deal - Lost time", "history: entered the lost stage"),
    known(
        "Deal - Deal closed on",
        "closed at, when the won or lost time is missing",
    ),
    known("Deal - Lost reason", "lost reason"),
    as_point("Deal - Visible to"),
    as_point("Deal - Total activities"),
    as_point("Deal - Done activities"),
    as_point("Deal - Activities to do"),
    as_point("Deal - Email messages count"),
    known("Deal - Expected close date", "expected close date"),
    as_point("Deal - Product quantity"),
    as_point("Deal - Product amount"),
    as_point("Deal - Product name"),
    as_point("Deal - Source origin"),
    as_point("Deal - Source origin ID"),
    known("Deal - Source channel", "source"),
    as_point("Deal - Source channel ID"),
    known("Deal - Archive status", "archived"),
    known("Deal - Archive time", "archived at"),
    as_point("Deal - Sequence enrollment"),
    // Written when the account sells recurring products.
    as_point("Deal - MRR"),
    as_point("Deal - ARR"),
    as_point("Deal - ACV"),
];

/// A HubSpot deal export's columns (labels, and the internal names API-made files use).
pub const HUBSPOT: &[Known] = &[
    Known {
        column: "Record ID",
        aliases: &["hs_object_id"],
        becomes: Some("source id (re-import updates)"),
    },
    Known {
        column: "Deal Name",
        aliases: &["dealname"],
        becomes: Some("title"),
    },
    Known {
        column: "Pipeline",
        aliases: &["pipeline"],
        becomes: Some("pipeline (created when missing; `default` is Sales Pipeline)"),
    },
    Known {
        column: "Deal Stage",
        aliases: &["dealstage"],
        becomes: Some("stage (internal ids read as the default pipeline's labels)"),
    },
    Known {
        column: "Amount",
        aliases: &["amount"],
        becomes: Some("amount"),
    },
    Known {
        column: "Currency",
        aliases: &["Deal currency code", "deal_currency_code"],
        becomes: Some("currency"),
    },
    Known {
        column: "Close Date",
        aliases: &["closedate"],
        becomes: Some("closed at (closed deals), expected close date (open deals)"),
    },
    Known {
        column: "Create Date",
        aliases: &["createdate"],
        becomes: Some("created at; history starts"),
    },
    Known {
        column: "Deal owner",
        aliases: &["hubspot_owner_id"],
        becomes: Some("owner"),
    },
    Known {
        column: "Associated Company",
        aliases: &["Associated Company (Primary)"],
        becomes: Some("organization"),
    },
    Known {
        column: "Associated Contact",
        aliases: &["Associated Contacts"],
        becomes: Some("contact (the first of several; all kept as data point Contacts)"),
    },
    Known {
        column: "Closed Lost Reason",
        aliases: &["closed_lost_reason"],
        becomes: Some("lost reason"),
    },
    Known {
        column: "Closed Won Reason",
        aliases: &["closed_won_reason"],
        becomes: Some("won note"),
    },
    Known {
        column: "Deal probability",
        aliases: &["hs_deal_stage_probability"],
        becomes: Some("probability override"),
    },
    known(
        "Date entered current stage",
        "history: entered the current stage",
    ),
    known("Deal Description", "a note on the deal (added once)"),
    Known {
        column: "Next Activity Date",
        aliases: &["notes_next_activity_date"],
        becomes: Some(
            "a planned follow-up due then (once per deal and due; a past date is overdue)",
        ),
    },
    Known {
        column: "Amount in company currency",
        aliases: &["amount_in_home_currency"],
        becomes: Some(
            "checks Exchange rate (must be Amount × rate); rate 1 names the company currency",
        ),
    },
    Known {
        column: "Exchange rate",
        aliases: &["hs_exchange_rate"],
        becomes: Some(
            "an exchange rate into the company currency, dated the close date, where none is stored",
        ),
    },
    as_point("Deal Type"),
    as_point("Last Modified Date"),
];

fn table(format: Format) -> &'static [Known] {
    match format {
        Format::Pipedrive => PIPEDRIVE,
        Format::Hubspot => HUBSPOT,
        Format::Dealdeck | Format::Mapped => &[],
    }
}

/// Lets the parsers find each known column by its main name whatever the file calls it.
pub fn add_aliases(format: Format, header: &mut Header) {
    for known in table(format) {
        for alias in known.aliases {
            header.alias(known.column, alias);
        }
    }
    super::labels::add(format, header);
}

/// What column `index` becomes, or `None` when it is kept as a data point.
fn becomes(
    format: Format,
    header: &Header,
    index: usize,
    mapping: Option<&Mapping>,
) -> Option<String> {
    let name = &header.names()[index];
    if format == Format::Dealdeck {
        return Some("the same field".into());
    }
    if let Some(mapping) = mapping {
        return mapping.field_of(name).map(|field| field.to_string());
    }
    for known in table(format) {
        if header.position(known.column) == Some(index) {
            return known.becomes.map(str::to_string);
        }
    }
    let per_stage = stage_column_text(name, super::DATE_ENTERED)
        .or_else(|| stage_column_text(name, super::DATE_EXITED))
        .is_some()
        && per_stage_text(name).is_some();
    per_stage.then(|| "stage history".to_string())
}

/// Per column: whether a deal field reads it.
pub fn used(format: Format, header: &Header, mapping: Option<&Mapping>) -> Vec<bool> {
    (0..header.len())
        .map(|i| becomes(format, header, i, mapping).is_some())
        .collect()
}

/// The data point a kept column's cells become: Pipedrive's `Deal - ` (`Affär - `) prefix
/// dropped.
pub fn data_point_name(column: &str) -> String {
    let name = super::labels::strip_pipedrive_prefix(column).unwrap_or(column);
    super::cut(name.trim(), crate::domain::text::MAX_NAME_CHARS - 1)
}

/// `(column, what it becomes)` for the summary.
pub fn destinations(
    format: Format,
    header: &Header,
    mapping: Option<&Mapping>,
) -> Vec<(String, String)> {
    (0..header.len())
        .filter(|i| !header.names()[*i].is_empty())
        .map(|i| {
            let name = header.names()[i].clone();
            let to = becomes(format, header, i, mapping).unwrap_or_else(|| {
                let order = if per_stage_text(&name).is_some() {
                    " (its order is the stage order)"
                } else {
                    ""
                };
                format!("data point {:?}{order}", data_point_name(&name))
            });
            (name, to)
        })
        .collect()
}

/// The row's non-empty cells in columns no field reads, as data points.
pub fn kept(row: &mut Row<'_>, used: &[bool]) -> BTreeMap<String, String> {
    let mut points = BTreeMap::new();
    let limit = crate::domain::text::MAX_FIELD_CHARS;
    for (i, is_used) in used.iter().enumerate() {
        if *is_used {
            continue;
        }
        let Some(value) = row.cell(i) else {
            continue;
        };
        let column = row.header.names()[i].clone();
        if column.is_empty() {
            continue;
        }
        let mut value = fold_breaks(value).into_owned();
        if value.chars().any(char::is_control) {
            row.errors.push(RowError {
                line: row.line,
                column,
                reason: "the cell contains control characters".into(),
            });
            continue;
        }
        if value.chars().count() > limit {
            row.warnings.push(RowError {
                line: row.line,
                column: column.clone(),
                reason: format!("kept as a data point, cut to its first {limit} characters"),
            });
            value = value.chars().take(limit).collect();
        }
        points.insert(data_point_name(&column), value);
    }
    points
}

/// Refuses a header that lacks what its format needs, naming the format it was read as.
pub fn check_required(
    format: Format,
    header: &Header,
    mapping: Option<&Mapping>,
) -> Result<(), String> {
    if let Some(mapping) = mapping {
        return mapping.check_header(header);
    }
    let (name, required): (&str, &[&str]) = match format {
        Format::Pipedrive => ("a Pipedrive export", &["Deal - Title", "Deal - Stage"]),
        Format::Hubspot => ("a HubSpot export", &["Deal Name", "Deal Stage"]),
        Format::Dealdeck => ("a dealdeck export", &["Title"]),
        Format::Mapped => return Ok(()),
    };
    let missing: Vec<&str> = required
        .iter()
        .filter(|c| !header.has(c))
        .copied()
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the header looks like {name}, but lacks its column{} {}; see docs/import-export.md",
        if missing.len() == 1 { "" } else { "s" },
        missing.join(", ")
    ))
}

/// Salesforce opportunity reports and Zoho deal exports: known shapes that need a mapping.
pub fn foreign_layout(header: &Header) -> Option<&'static str> {
    if header.has("Opportunity Name") || header.has("Opportunity ID") {
        Some("a Salesforce opportunities report")
    } else if !header.has("Deal Stage")
        && header.has("Deal Name")
        && (header.has("Closing Date") || header.has("Account Name") || header.has("Stage"))
    {
        Some("a Zoho CRM deals export")
    } else {
        None
    }
}

/// The message for a header no format matches.
pub fn unknown_layout(header: &Header) -> String {
    match foreign_layout(header) {
        Some(what) => format!(
            "the file looks like {what}, which needs a mapping: run `dealdeck import FILE --suggest-map > map.toml`, check it, then `dealdeck import FILE --map map.toml`"
        ),
        None => "the first row is not a header dealdeck knows: expected a HubSpot export (Deal Name, Deal Stage, …), a Pipedrive export (Deal - Title, Deal - Stage, …) or a dealdeck export (Record ID, Title, Status, …); for any other sheet write a mapping (`--suggest-map`, then `--map`); see docs/import-export.md"
            .into(),
    }
}
