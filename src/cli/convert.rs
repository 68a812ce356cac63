//! `dealdeck deal convert`: a lead into a deal of the pipeline its own converts to, and the
//! link each shows in `deal show`.

use serde::Serialize;

use crate::domain::text::printable;
use crate::domain::{Deal, DealId};

use super::Context;
use super::error::CliResult;
use super::json::{self, DealJson};

/// The JSON of a conversion: the lead as won and the deal it became.
#[derive(Serialize)]
struct ConvertedJson {
    lead: DealJson,
    deal: DealJson,
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The lead's deal number, as `deal list` shows it
    id: i64,
    /// Convert into this pipeline instead of the one `converts_to` names
    #[arg(long)]
    pipeline: Option<String>,
    /// Refuse the conversion if the lead's version is not this one
    #[arg(long, value_name = "N")]
    expect_version: Option<i64>,
    #[command(flatten)]
    json: super::JsonFlag,
}

pub fn run(ctx: &mut Context, args: ConvertArgs) -> CliResult {
    let (id, expect_version, as_json) = (DealId(args.id), args.expect_version, args.json.json);
    let target = match args.pipeline.as_deref() {
        Some(name) => Some(ctx.store.pipeline_named(Some(name))?.id),
        None => None,
    };
    let converted = ctx
        .store
        .convert_lead(id, target, expect_version, ctx.now)?;
    let from = ctx.store.pipeline(converted.lead.pipeline_id)?;
    let into = ctx.store.pipeline(converted.deal.pipeline_id)?;
    if as_json {
        return json::print(&ConvertedJson {
            lead: DealJson::new(&converted.lead, &from, None),
            deal: DealJson::new(&converted.deal, &into, None),
        });
    }
    let stage = |pipeline: &crate::domain::Pipeline, deal: &Deal| {
        pipeline
            .stage(deal.stage_id)
            .map_or("?".to_string(), |s| printable(&s.name).into_owned())
    };
    println!(
        "{}",
        crate::t!(
            "show-lead-converted",
            lead = id.to_string(),
            lead_stage = stage(&from, &converted.lead),
            lead_pipeline = printable(&from.name).into_owned(),
            deal = converted.deal.id.to_string(),
            deal_pipeline = printable(&into.name).into_owned(),
            deal_stage = stage(&into, &converted.deal)
        )
    );
    Ok(())
}

/// The `converted to` / `from lead` lines of `deal show`: the other deal's id, title and
/// pipeline.
pub fn show_links(ctx: &Context, deal: &Deal, line: &dyn Fn(&str, Option<&str>)) -> CliResult {
    for (label, other) in [
        (crate::t!("show-converted-to"), deal.converted_to),
        (crate::t!("show-from-lead"), deal.from_lead),
    ] {
        if let Some(other) = other {
            let id = other.to_string();
            let text = match ctx.store.deal(other) {
                Ok(found) => {
                    let pipeline = ctx.store.pipeline(found.pipeline_id)?;
                    crate::t!(
                        "show-linked-deal",
                        id = id,
                        title = found.title.as_str(),
                        pipeline = pipeline.name.as_str()
                    )
                }
                Err(_) => crate::t!("show-linked-deal-id", id = id),
            };
            line(&label, Some(&text));
        }
    }
    Ok(())
}
