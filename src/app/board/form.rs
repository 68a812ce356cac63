//! The new-deal and edit-deal form: its fields (the deal's own and the data points its stages
//! ask for), their checks with the command line's parsers, and its keys.

use std::collections::BTreeMap;

use crate::domain::text::same_name;
use crate::domain::{Deal, Pipeline, Stage, StageId, StageKind, parse_amount, parse_date};

use crate::app::action::{Action, Msg};
use crate::app::command::Command;
use crate::app::state::{AppState, DataPointField, DealForm, FieldKind, FormField, Mode};
use crate::app::update::edit_text;

fn field(kind: FieldKind, value: String) -> FormField {
    FormField {
        kind,
        value,
        error: None,
    }
}

/// The stage a new deal starts in: the focused column when that is an open stage, else the
/// pipeline's first open stage (as the store decides without one).
pub fn start_stage(state: &AppState) -> Option<&Stage> {
    state
        .board
        .columns
        .get(state.board.focus_column)
        .map(|c| &c.stage)
        .filter(|s| s.kind == StageKind::Open)
        .or_else(|| state.current_pipeline()?.first_open_stage())
}

/// The data points the stages in `stages` declare, each once (names compare loosely), with
/// `required_by` naming the first of those stages that requires it.
fn data_points<'a>(stages: impl Iterator<Item = &'a Stage>) -> Vec<DataPointField> {
    let mut points: Vec<DataPointField> = Vec::new();
    for stage in stages {
        for point in &stage.playbook.data_points {
            let required_by = point.required.then(|| stage.name.clone());
            match points.iter_mut().find(|p| same_name(&p.name, &point.name)) {
                Some(known) => {
                    if known.required_by.is_none() {
                        known.required_by = required_by;
                    }
                }
                None => points.push(DataPointField {
                    name: point.name.clone(),
                    required_by,
                }),
            }
        }
    }
    points
}

fn with_data_points(
    mut fields: Vec<FormField>,
    points: &[DataPointField],
    extra: &BTreeMap<String, String>,
) -> Vec<FormField> {
    for (index, point) in points.iter().enumerate() {
        let value = extra
            .iter()
            .find(|(key, _)| same_name(key, &point.name))
            .map(|(_, value)| value.clone())
            .unwrap_or_default();
        fields.push(field(FieldKind::DataPoint(index), value));
    }
    fields
}

/// An empty form for a deal in the focused column, asking for that stage's data points
/// (the required ones gate the creation, as they gate a move into the stage).
pub fn new_form(state: &AppState) -> DealForm {
    let stage = start_stage(state);
    let points = data_points(stage.into_iter());
    // A new deal is the current user's unless the owner is changed (or cleared).
    let fields = FieldKind::ALL
        .iter()
        .map(|&kind| match kind {
            FieldKind::Owner => field(kind, state.user.clone()),
            _ => field(kind, String::new()),
        })
        .collect();
    let mut form = DealForm {
        editing: None,
        fields: with_data_points(fields, &points, &BTreeMap::new()),
        focused: 0,
        data_points: points,
        stage: stage.map(|s| s.id),
    };
    validate_form(state, &mut form);
    form
}

/// The stages whose data points an edit asks for: the deal's own, the next open stage (whose
/// required points gate the next move), and `also` (a move that was just refused for one).
fn edit_stages<'a>(pipeline: &'a Pipeline, deal: &Deal, also: Option<StageId>) -> Vec<&'a Stage> {
    let here = pipeline.stages.iter().position(|s| s.id == deal.stage_id);
    let next = here.and_then(|i| {
        pipeline.stages[i + 1..]
            .iter()
            .find(|s| s.kind == StageKind::Open)
    });
    [
        pipeline.stage(deal.stage_id),
        next,
        also.and_then(|id| pipeline.stage(id)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The edit form filled from the deal as read from the store; with `also`, the data point
/// that stage requires and the deal lacks has the focus.
pub fn edit_form(state: &AppState, deal: Deal, also: Option<StageId>) -> DealForm {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let amount = crate::domain::money::format_grouped(
        deal.amount,
        deal.currency.minor_units(),
        state.separator.group_char(),
        state.separator.as_char(),
    );
    let values = [
        deal.title.clone(),
        text(&deal.organization),
        text(&deal.contact.name),
        text(&deal.contact.email),
        text(&deal.owner),
        amount,
        deal.expected_close_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    ];
    let points = state
        .current_pipeline()
        .map(|p| data_points(edit_stages(p, &deal, also).into_iter()))
        .unwrap_or_default();
    let fields = FieldKind::ALL
        .iter()
        .zip(values)
        .map(|(&kind, value)| field(kind, value))
        .collect();
    let fields = with_data_points(fields, &points, &deal.extra);
    let target = also.and_then(|id| state.stage(id)).map(|s| s.name.clone());
    let focused = fields
        .iter()
        .position(|f| match f.kind {
            FieldKind::DataPoint(i) => {
                f.value.trim().is_empty() && target.is_some() && points[i].required_by == target
            }
            _ => false,
        })
        .unwrap_or(0);
    let mut form = DealForm {
        editing: Some(deal),
        fields,
        focused,
        data_points: points,
        stage: None,
    };
    validate_form(state, &mut form);
    form
}

/// Checks every field with the same parsers the command line uses; a new deal's required
/// data points must be filled, as the store requires them to create it in its stage.
pub fn validate_form(state: &AppState, form: &mut DealForm) {
    let currency = form
        .editing
        .as_ref()
        .map(|d| d.currency)
        .or_else(|| state.current_pipeline().map(|p| p.currency))
        .unwrap_or_default();
    let creating = form.editing.is_none();
    for field in &mut form.fields {
        let value = field.value.trim();
        field.error = match field.kind {
            FieldKind::Title if value.is_empty() => Some(crate::t!("form-error-title")),
            // A new deal takes the currency its amount names (`SEK 1 500`); an edit may not
            // change the currency this way.
            FieldKind::Amount if !value.is_empty() && form.editing.is_none() => {
                crate::domain::parse_amount_naming(value, state.separator, currency)
                    .err()
                    .map(|e| crate::app::error_text::amount(&e))
            }
            FieldKind::Amount if !value.is_empty() => {
                parse_amount(value, state.separator, currency)
                    .err()
                    .map(|e| crate::app::error_text::amount(&e))
            }
            FieldKind::CloseDate if !value.is_empty() => parse_date(value)
                .err()
                .map(|e| crate::app::error_text::date(&e)),
            FieldKind::ContactEmail if !value.is_empty() && !value.contains('@') => {
                Some(crate::t!("form-error-email", value = format!("{value:?}")))
            }
            FieldKind::DataPoint(index) if creating && value.is_empty() => form
                .data_points
                .get(index)
                .and_then(|p| p.required_by.as_ref())
                .map(|stage| crate::t!("form-error-required", stage = format!("{stage:?}"))),
            _ => None,
        };
    }
}

/// The deal's data points after the form: filled ones set (under the key already used for
/// them, if any), emptied ones removed, the rest of the deal's data points kept.
pub fn form_extra(
    form: &DealForm,
    mut extra: BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    for field in &form.fields {
        let FieldKind::DataPoint(index) = field.kind else {
            continue;
        };
        let Some(point) = form.data_points.get(index) else {
            continue;
        };
        let key = extra
            .keys()
            .find(|k| same_name(k, &point.name))
            .cloned()
            .unwrap_or_else(|| point.name.clone());
        let value = field.value.trim();
        if value.is_empty() {
            extra.remove(&key);
        } else {
            extra.insert(key, value.to_string());
        }
    }
    extra
}

/// A key in the form: the form's keys move between fields, save or cancel; the rest edit
/// the focused field, checked at once.
pub fn update(state: &mut AppState, mut form: DealForm, msg: Msg) -> Command {
    let last = form.fields.len().saturating_sub(1);
    match msg {
        Msg::Do(Action::Cancel) => {
            state.info(crate::t!("form-cancelled"));
            return Command::None;
        }
        Msg::Do(Action::NextField) => form.focused = (form.focused + 1).min(last),
        Msg::Do(Action::PreviousField) => form.focused = form.focused.saturating_sub(1),
        Msg::Do(Action::Accept) => {
            validate_form(state, &mut form);
            if form.fields.iter().any(|f| f.error.is_some()) {
                state.error(crate::t!("form-fix-first"));
                state.mode = Mode::Form(Box::new(form));
                return Command::None;
            }
            return Command::SaveForm(Box::new(form));
        }
        _ => {
            if let Some(field) = form.fields.get_mut(form.focused) {
                edit_text(&mut field.value, &msg);
            }
            validate_form(state, &mut form);
        }
    }
    state.mode = Mode::Form(Box::new(form));
    Command::None
}
