//! `dealdeck deal show`: one deal with every field, its stage history (who entered each
//! stage) and its notes, as text or JSON.

use unicode_width::UnicodeWidthStr;

use crate::domain::text::printable;
use crate::domain::{DealId, StageKind};

use super::Context;
use super::error::CliResult;
use super::json::{self, DealJson};

pub(super) fn show(ctx: &Context, id: DealId, as_json: bool) -> CliResult {
    let deal = ctx.store.deal(id)?;
    let pipeline = ctx.store.pipeline(deal.pipeline_id)?;
    let history = ctx.store.history(id)?;
    if as_json {
        return json::print(&DealJson::new(&deal, &pipeline, Some(&history)));
    }
    let shown = DealJson::new(&deal, &pipeline, Some(&history));
    let numbers = crate::i18n::numbers();
    let labels = Labels::new();
    // Twenty columns as always, wider only when a language's label needs it.
    let column = labels.widest().saturating_add(2).max(20);
    // Data-point keys are stored text too: labels are neutralised like values.
    let line = |label: &str, value: Option<&str>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            let label = printable(label);
            let pad = column.saturating_sub(label.width()).max(1);
            println!("{label}{:pad$}{}", "", printable(value));
        }
    };
    println!(
        "{}",
        crate::t!(
            "show-heading",
            id = deal.id.to_string(),
            title = printable(&deal.title).into_owned()
        )
    );
    line(&labels.pipeline, Some(&shown.pipeline));
    line(&labels.stage, Some(&shown.stage));
    line(&labels.status, Some(&status_word(deal.status)));
    line(
        &labels.amount,
        Some(&format!(
            "{} {}",
            numbers.money(deal.amount, deal.currency),
            shown.currency
        )),
    );
    line(
        &labels.probability,
        Some(&numbers.whole_percent(u32::from(shown.probability))),
    );
    line(&labels.organization, shown.organization.as_deref());
    line(&labels.contact, shown.contact.as_deref());
    line(&labels.email, shown.contact_email.as_deref());
    line(&labels.phone, shown.contact_phone.as_deref());
    line(&labels.owner, shown.owner.as_deref());
    let close = deal.expected_close_date.map(|day| numbers.date(day));
    line(&labels.expected_close, close.as_deref());
    line(&labels.source, shown.source.as_deref());
    line(&labels.qualification, shown.qualification);
    line(&labels.lost_reason, shown.lost_reason.as_deref());
    line(&labels.won_note, shown.won_note.as_deref());
    line(&labels.created, Some(&stamp(deal.created_at)));
    line(&labels.closed, deal.closed_at.map(stamp).as_deref());
    line(&labels.archived, deal.archived_at.map(stamp).as_deref());
    line(&labels.last_change_by, shown.updated_by.as_deref());
    super::convert::show_links(ctx, &deal, &line)?;
    for (key, value) in &deal.extra {
        line(key, Some(value));
    }
    println!("{}", crate::t!("show-history"));
    for visit in &history {
        let stage = printable(
            pipeline
                .stage(visit.stage_id)
                .map_or("?", |s| s.name.as_str()),
        );
        let days = crate::t!("show-days", days = numbers.float(visit.days(ctx.now), 1));
        let until = visit.exited_at.map_or_else(|| crate::t!("show-now"), stamp);
        let reason = visit
            .reason
            .as_deref()
            .map(|r| format!(" ({})", printable(r)))
            .unwrap_or_default();
        let by = by_line(visit.by.as_deref());
        let pad = 26usize.saturating_sub(stage.width());
        println!(
            "  {stage}{:pad$} {} → {until}  {days}{reason}{by}",
            "",
            stamp(visit.entered_at),
        );
    }
    let note = crate::t!("show-note");
    for item in ctx.store.notes(id)? {
        println!(
            "{note} {}{}: {}",
            stamp(item.created_at),
            by_line(item.by.as_deref()),
            printable(&item.body)
        );
    }
    Ok(())
}

/// A moment in local time, the locale's way (`2026-12-01 14:00` / `01-12-2026 14:00`).
pub(super) fn stamp(moment: chrono::DateTime<chrono::Utc>) -> String {
    crate::i18n::numbers().date_time(moment.with_timezone(&chrono::Local).naive_local())
}

/// " · by NAME" after a history line, when who is known.
fn by_line(by: Option<&str>) -> String {
    by.map(|by| {
        format!(
            " · {}",
            crate::t!("show-by", name = printable(by).into_owned())
        )
    })
    .unwrap_or_default()
}

/// The field labels of `deal show` in the reader's language.
struct Labels {
    pipeline: String,
    stage: String,
    status: String,
    amount: String,
    probability: String,
    organization: String,
    contact: String,
    email: String,
    phone: String,
    owner: String,
    expected_close: String,
    source: String,
    qualification: String,
    lost_reason: String,
    won_note: String,
    created: String,
    closed: String,
    archived: String,
    last_change_by: String,
}

impl Labels {
    fn new() -> Labels {
        use crate::t;
        Labels {
            pipeline: t!("show-pipeline"),
            stage: t!("show-stage"),
            status: t!("show-status"),
            amount: t!("show-amount"),
            probability: t!("show-probability"),
            organization: t!("show-organization"),
            contact: t!("show-contact"),
            email: t!("show-email"),
            phone: t!("show-phone"),
            owner: t!("show-owner"),
            expected_close: t!("show-expected-close"),
            source: t!("show-source"),
            qualification: t!("show-qualification"),
            lost_reason: t!("show-lost-reason"),
            won_note: t!("show-won-note"),
            created: t!("show-created"),
            closed: t!("show-closed"),
            archived: t!("show-archived"),
            last_change_by: t!("show-last-change-by"),
        }
    }

    /// The display width of the longest label.
    fn widest(&self) -> usize {
        [
            &self.pipeline,
            &self.stage,
            &self.status,
            &self.amount,
            &self.probability,
            &self.organization,
            &self.contact,
            &self.email,
            &self.phone,
            &self.owner,
            &self.expected_close,
            &self.source,
            &self.qualification,
            &self.lost_reason,
            &self.won_note,
            &self.created,
            &self.closed,
            &self.archived,
            &self.last_change_by,
        ]
        .iter()
        .map(|label| label.width())
        .max()
        .unwrap_or(0)
    }
}

/// A deal's status in the reader's language (`--status` and JSON keep `open`/`won`/`lost`).
pub(super) fn status_word(status: StageKind) -> String {
    match status {
        StageKind::Open => crate::t!("list-status-open"),
        StageKind::Won => crate::t!("list-status-won"),
        StageKind::Lost => crate::t!("list-status-lost"),
    }
}
