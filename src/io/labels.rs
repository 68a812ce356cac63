//! Pipedrive's and HubSpot's column labels in Dutch and Swedish: exports are written in the
//! exporting user's interface language, so a Dutch or Swedish team's file names the same
//! columns differently. Each label is an alias of the English column in `columns.rs`.
//!
//! Verified: Pipedrive keeps its `Deal - ` prefix and translates the rest in localised exports
//! (a German export's `Deal - Titel`, `Deal - Wert`, `Deal - Phase`, `Deal - Besitzer`). The
//! Dutch and Swedish labels below follow each product's interface wording and are assumed,
//! not checked against a real file; docs/import-export.md says so.

use super::{Format, Header};

/// `(English column, Dutch label, Swedish label)`; `""` where the label is the English one.
const PIPEDRIVE: &[(&str, &str, &str)] = &[
    ("Deal - ID", "", "Affär - ID"),
    ("Deal - Title", "Deal - Titel", "Affär - Titel"),
    ("Deal - Owner", "Deal - Eigenaar", "Affär - Ägare"),
    ("Deal - Value", "Deal - Waarde", "Affär - Värde"),
    (
        "Deal - Currency of Value",
        "Deal - Valuta van waarde",
        "Affär - Valuta för värde",
    ),
    (
        "Deal - Probability",
        "Deal - Waarschijnlijkheid",
        "Affär - Sannolikhet",
    ),
    (
        "Deal - Organization",
        "Deal - Organisatie",
        "Affär - Organisation",
    ),
    ("Deal - Pipeline", "Deal - Pijplijn", "Affär - Pipeline"),
    (
        "Deal - Contact person",
        "Deal - Contactpersoon",
        "Affär - Kontaktperson",
    ),
    ("Deal - Stage", "Deal - Fase", "Affär - Steg"),
    ("Deal - Status", "", "Affär - Status"),
    (
        "Deal - Deal created",
        "Deal - Deal aangemaakt",
        "Affär - Affär skapad",
    ),
    (
        "Deal - Last stage change",
        "Deal - Laatste fasewijziging",
        "Affär - Senaste stegbyte",
    ),
    (
        "Deal - Next activity date",
        "Deal - Datum volgende activiteit",
        "Affär - Nästa aktivitetsdatum",
    ),
    (
        "Deal - Won time",
        "Deal - Tijdstip gewonnen",
        "Affär - Vunnen tid",
    ),
    (
        "Deal - Lost time",
        "Deal - Tijdstip verloren",
        "Affär - Förlorad tid",
    ),
    (
        "Deal - Deal closed on",
        "Deal - Deal gesloten op",
        "Affär - Affär stängd",
    ),
    (
        "Deal - Lost reason",
        "Deal - Reden van verlies",
        "Affär - Förlustorsak",
    ),
    (
        "Deal - Expected close date",
        "Deal - Verwachte sluitingsdatum",
        "Affär - Förväntat stängningsdatum",
    ),
    (
        "Deal - Source channel",
        "Deal - Bronkanaal",
        "Affär - Källkanal",
    ),
    (
        "Deal - Archive status",
        "Deal - Archiefstatus",
        "Affär - Arkivstatus",
    ),
    (
        "Deal - Archive time",
        "Deal - Archiveringstijd",
        "Affär - Arkiveringstid",
    ),
];

const HUBSPOT: &[(&str, &str, &str)] = &[
    ("Record ID", "Record-ID", "Post-ID"),
    ("Deal Name", "Dealnaam", "Affärsnamn"),
    ("Pipeline", "Pijplijn", ""),
    ("Deal Stage", "Dealfase", "Affärsfas"),
    ("Amount", "Bedrag", "Belopp"),
    ("Currency", "Valuta", "Valuta"),
    ("Close Date", "Sluitingsdatum", "Stängningsdatum"),
    ("Create Date", "Aanmaakdatum", "Skapandedatum"),
    ("Deal owner", "Eigenaar deal", "Affärsägare"),
    (
        "Associated Company",
        "Gekoppeld bedrijf",
        "Associerat företag",
    ),
    (
        "Associated Contact",
        "Gekoppeld contact",
        "Associerad kontakt",
    ),
    (
        "Closed Lost Reason",
        "Reden verloren",
        "Orsak till förlorad affär",
    ),
    (
        "Closed Won Reason",
        "Reden gewonnen",
        "Orsak till vunnen affär",
    ),
    ("Deal probability", "Dealkans", "Affärssannolikhet"),
    ("Deal Description", "Dealbeschrijving", "Affärsbeskrivning"),
    (
        "Next Activity Date",
        "Datum volgende activiteit",
        "Nästa aktivitetsdatum",
    ),
    (
        "Amount in company currency",
        "Bedrag in bedrijfsvaluta",
        "Belopp i företagsvaluta",
    ),
    ("Exchange rate", "Wisselkoers", "Växelkurs"),
];

/// HubSpot's deal-name and stage labels, by which a localised export is recognised.
pub const HUBSPOT_MARKS: &[&str] = &["Dealnaam", "Dealfase", "Affärsnamn", "Affärsfas"];

/// The prefixes Pipedrive writes before each deal column (English and Dutch, Swedish).
pub const PIPEDRIVE_PREFIXES: &[&str] = &["deal - ", "affär - "];

/// The column's name without Pipedrive's prefix, when it has one.
pub fn strip_pipedrive_prefix(column: &str) -> Option<&str> {
    PIPEDRIVE_PREFIXES.iter().find_map(|prefix| {
        let head = column.get(..prefix.len())?;
        head.to_lowercase()
            .eq(prefix)
            .then(|| &column[prefix.len()..])
    })
}

/// Lets the parsers find each column by its English name when the file uses the Dutch or
/// Swedish label.
pub fn add(format: Format, header: &mut Header) {
    let table = match format {
        Format::Pipedrive => PIPEDRIVE,
        Format::Hubspot => HUBSPOT,
        Format::Dealdeck | Format::Mapped => return,
    };
    for (english, dutch, swedish) in table {
        for label in [dutch, swedish] {
            if !label.is_empty() {
                header.alias(english, label);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_stripped_in_either_language() {
        assert_eq!(strip_pipedrive_prefix("Deal - Titel"), Some("Titel"));
        assert_eq!(strip_pipedrive_prefix("affär - Värde"), Some("Värde"));
        assert_eq!(strip_pipedrive_prefix("Dealnaam"), None);
        assert_eq!(strip_pipedrive_prefix("Å"), None);
    }

    #[test]
    fn a_dutch_label_finds_the_english_column() {
        let mut header = Header::new(["Deal - Titel", "Deal - Fase"].map(String::from));
        add(Format::Pipedrive, &mut header);
        assert_eq!(header.position("Deal - Title"), Some(0));
        assert_eq!(header.position("Deal - Stage"), Some(1));
    }
}
