//! Unit tests of the Blueprint sheet parser: cells, settings, header and stage rows.

use super::*;

fn grid(rows: &[&[&str]]) -> Grid {
    Grid {
        name: "S".into(),
        rows: rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c.parse::<f64>() {
                        Ok(n) => Cell::Number(n),
                        Err(_) if c.is_empty() => Cell::Empty,
                        Err(_) => Cell::Text(c.to_string()),
                    })
                    .collect()
            })
            .collect(),
    }
}

const HEADER: &[&str] = &["Stage", "Kind", "Probability", "Trigger", "Data points"];

fn errors(rows: &[&[&str]]) -> Vec<String> {
    parse(&grid(rows))
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_sheet_reads_into_a_pipeline() {
    let def = parse(&grid(&[
        &["Pipeline", "Renewals"],
        &["Currency", "sek"],
        &["Expected days factor", "1.5"],
        &[],
        &["notes", "notes"],
        HEADER,
        &[
            "Talk",
            "open",
            "40",
            "Asked\n\n  Called back ",
            "Budget (required)\nSize",
        ],
        &[],
        &["Renewed", "won"],
        &["Churned", "LOST", "0"],
    ]))
    .unwrap();
    assert_eq!(
        (def.name.as_str(), def.currency.as_str()),
        ("Renewals", "SEK")
    );
    assert_eq!(def.expected_days_factor, 1.5);
    assert_eq!(def.stages.len(), 3);
    assert_eq!(def.stages[0].trigger, ["Asked", "Called back"]);
    assert!(def.stages[0].data_points[0].required && !def.stages[0].data_points[1].required);
    assert_eq!(def.stages[1].probability, None);
}

#[test]
fn every_bad_cell_is_listed_with_its_place() {
    let found = errors(&[
        &["Pipeline", ""],
        &["Curency", "EUR"],
        &["Expected days factor", "0"],
        &["notes"],
        &[
            "Stage",
            "Kind",
            "Probability",
            "Colour",
            "Target conversion",
        ],
        &["Talk", "open", "140"],
        &["talk", "soon", "10"],
        &["Renewed", "won", "50"],
        &["Churned", "lost", "", "", "30"],
    ]);
    assert_eq!(
        found,
        [
            "sheet \"S\", row 2, column A: \"Curency\" is not a setting; above the header go Pipeline, Currency and Expected days factor (and the notes, right above it)",
            "sheet \"S\", row 1, column B: pipeline name: the name is empty",
            "sheet \"S\", row 3, column B: Expected days factor 0 must be more than zero",
            "sheet \"S\", row 5, column D: \"Colour\" is not a Blueprint column; the columns are Stage, Kind, Probability, Trigger, Responsibilities, Documents, Data points, Tasks, Communication, Rot days, Expected days, Target conversion",
        ],
        "the header must be right before the stages are read"
    );
    let found = errors(&[
        &["Pipeline", "P"],
        &["Currency", "EURO"],
        &["Stage", "Kind", "Probability", "", "Target conversion"],
        &["Talk", "open", "140"],
        &["talk", "soon", "10", "stray"],
        &["Renewed", "won", "50"],
        &["Churned", "lost", "", "", "30"],
    ]);
    assert_eq!(
        found,
        [
            "sheet \"S\", row 2, column B: currency \"EURO\" is not an ISO 4217 code such as EUR, SEK or USD",
            "sheet \"S\", row 4, column C: Probability 140 is not allowed; use a whole number from 0 to 100 (percent)",
            "sheet \"S\", row 5, column D: this cell is in a column without a header; add the header or clear it",
            "sheet \"S\", row 5, column A: stage \"talk\" is already on row 4",
            "sheet \"S\", row 5, column B: Kind \"soon\" is not open, won or lost",
            "sheet \"S\", row 6, column C: Probability 50 is not allowed; a won stage is always 100",
            "sheet \"S\", row 7, column E: Target conversion is for open stages only; a won or lost stage has no conversion",
        ]
    );
}

#[test]
fn the_pipeline_s_shape_is_checked_once_the_cells_are_right() {
    let found = errors(&[
        &["Pipeline", "P"],
        HEADER,
        &["Won", "won"],
        &["Also won", "won"],
    ]);
    assert_eq!(
        found,
        [
            "sheet \"S\": the pipeline needs exactly one won stage (found rows 3, 4)",
            "sheet \"S\": the pipeline needs at least one lost stage",
            "sheet \"S\": the pipeline needs at least one open stage for deals to start in",
        ]
    );
    assert!(!is_blueprint(&grid(&[&["Record ID", "Title"]])));
    assert!(errors(&[&["Pipeline", "P"]])[0].contains("no header row"));
}

#[test]
fn column_letters_go_past_z() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(27), "AB");
}

#[test]
fn a_required_data_point_is_read_by_its_mark() {
    assert!(data_point("Budget (required)".into()).required);
    assert_eq!(data_point("Budget (Required)".into()).name, "Budget");
    assert!(!data_point("(required)".into()).required);
    assert!(!data_point("Budget".into()).required);
}

#[test]
fn numbers_read_from_cells_and_text() {
    assert_eq!(number(&Cell::Number(2.5), "x"), Ok(2.5));
    assert_eq!(number(&Cell::Text("20 %".into()), "x"), Ok(20.0));
    assert_eq!(number(&Cell::Text("1,5".into()), "x"), Ok(1.5));
    assert!(number(&Cell::Text("abc".into()), "x").is_err());
    assert!(whole(&Cell::Number(20.5), "x", 0, 100, "").is_err());
}
