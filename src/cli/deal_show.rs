//! `dealdeck deal show`: one deal with every field, its stage history (who entered each
//! stage) and its notes, as text or JSON.

use unicode_width::UnicodeWidthStr;

use crate::domain::DealId;
use crate::domain::text::printable;

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
    // Data-point keys are stored text too: labels are neutralised like values.
    let line = |label: &str, value: Option<&str>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            let label = printable(label);
            let pad = 20usize.saturating_sub(label.width()).max(1);
            println!("{label}{:pad$}{}", "", printable(value));
        }
    };
    println!("deal {} — {}", deal.id, printable(&deal.title));
    line("pipeline", Some(&shown.pipeline));
    line("stage", Some(&shown.stage));
    line("status", Some(shown.status));
    line(
        "amount",
        Some(&format!("{} {}", shown.amount, shown.currency)),
    );
    line("probability", Some(&format!("{}%", shown.probability)));
    line("organization", shown.organization.as_deref());
    line("contact", shown.contact.as_deref());
    line("e-mail", shown.contact_email.as_deref());
    line("phone", shown.contact_phone.as_deref());
    line("owner", shown.owner.as_deref());
    line("expected close", shown.expected_close_date.as_deref());
    line("source", shown.source.as_deref());
    line("qualification", shown.qualification);
    line("lost reason", shown.lost_reason.as_deref());
    line("won note", shown.won_note.as_deref());
    line("created", Some(&shown.created_at));
    line("closed", shown.closed_at.as_deref());
    line("archived", shown.archived_at.as_deref());
    line("last change by", shown.updated_by.as_deref());
    super::convert::show_links(ctx, &deal, &line)?;
    for (key, value) in &deal.extra {
        line(key, Some(value));
    }
    println!("history");
    for visit in &history {
        let stage = pipeline
            .stage(visit.stage_id)
            .map_or("?", |s| s.name.as_str());
        let days = visit.days(ctx.now);
        let until = visit.exited_at.map_or("now".to_string(), json::rfc3339);
        let reason = visit
            .reason
            .as_deref()
            .map(|r| format!(" ({})", printable(r)))
            .unwrap_or_default();
        let by = by_line(visit.by.as_deref());
        println!(
            "  {:<26} {} → {}  {days:.1} days{reason}{by}",
            printable(stage),
            json::rfc3339(visit.entered_at),
            until
        );
    }
    for note in ctx.store.notes(id)? {
        println!(
            "note {}{}: {}",
            json::rfc3339(note.created_at),
            by_line(note.by.as_deref()),
            printable(&note.body)
        );
    }
    Ok(())
}

/// " · by NAME" after a history line, when who is known.
fn by_line(by: Option<&str>) -> String {
    by.map(|by| format!(" · by {}", printable(by)))
        .unwrap_or_default()
}
