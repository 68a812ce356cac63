//! `dealdeck deal …`: add, list, show, move, edit, archive and annotate deals.

use std::collections::BTreeMap;

use clap::{Args, Subcommand};
use rust_decimal::Decimal;

use crate::domain::text::{echo, printable};
use crate::domain::{
    Contact, Currency, Deal, DealId, DealPatch, NewDeal, Pipeline, Qualification, StageKind,
    parse_amount_naming, parse_date,
};
use crate::store::DealFilter;

use super::error::{CliError, CliResult};
use super::json::{self, DealJson};
use super::{Context, JsonFlag};

#[derive(Debug, Subcommand)]
pub enum DealCommand {
    /// Add a deal; prints its id
    Add(AddArgs),
    /// List deals (archived ones only with --archived)
    List(ListArgs),
    /// Show one deal with its stage history
    Show {
        /// The deal's number, as `deal list` shows it
        id: i64,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Move a deal to another stage of its pipeline (a lost stage needs --reason)
    Move {
        /// The deal's number, as `deal list` shows it
        id: i64,
        /// The stage's name (case-insensitive)
        stage: String,
        /// Why the deal was lost; required for a lost stage
        #[arg(long)]
        reason: Option<String>,
        /// Refuse the move if the deal's version is not this one
        #[arg(long, value_name = "N")]
        expect_version: Option<i64>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Change a deal's fields; an empty value clears an optional field
    Edit(EditArgs),
    /// Hide a deal from the board (it stays in the statistics); --undo brings it back
    Archive {
        /// The deal's number, as `deal list` shows it
        id: i64,
        /// Bring an archived deal back to the board
        #[arg(long)]
        undo: bool,
    },
    /// Add a note to a deal
    Note {
        /// The deal's number, as `deal list` shows it
        id: i64,
        /// The note's text (quote it when it has spaces)
        text: String,
    },
    /// Convert a lead: mark it won and open a linked deal (qualification SQL) in the
    /// pipeline its own converts to
    Convert(super::convert::ConvertArgs),
    /// Show a deal's playbook checklist in its stage; tick a task with --done, untick with --undo
    Checklist(super::checklist::ChecklistArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// What the deal is called on its card, e.g. "Website rebuild"
    #[arg(long)]
    title: String,
    /// Money in any common form: 12000, 12.500,50, 12 000 kr, "€ 12.000,-" or SEK 1500
    #[arg(long, allow_hyphen_values = true)]
    amount: Option<String>,
    /// ISO 4217 code; defaults to the pipeline's currency
    #[arg(long)]
    currency: Option<String>,
    /// Defaults to the pipeline's first open stage
    #[arg(long)]
    stage: Option<String>,
    /// Defaults to the default pipeline
    #[arg(long)]
    pipeline: Option<String>,
    /// The customer organisation's name
    #[arg(long)]
    org: Option<String>,
    /// Contact person's name
    #[arg(long)]
    contact: Option<String>,
    /// Contact person's e-mail address
    #[arg(long)]
    email: Option<String>,
    /// Contact person's phone number, in any form
    #[arg(long)]
    phone: Option<String>,
    /// Defaults to you (the current user); --owner "" for nobody
    #[arg(long)]
    owner: Option<String>,
    /// Expected close date: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY
    #[arg(long, value_name = "DATE")]
    close_date: Option<String>,
    /// Where the lead came from
    #[arg(long)]
    source: Option<String>,
    /// MQL, SAL or SQL
    #[arg(long)]
    qualification: Option<String>,
    /// Override the stage's probability (0-100)
    #[arg(long, allow_hyphen_values = true)]
    probability: Option<String>,
    /// Lost reason, when adding straight into a lost stage
    #[arg(long)]
    reason: Option<String>,
    /// A data point, as KEY=VALUE (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    data_points: Vec<String>,
    #[command(flatten)]
    json: JsonFlag,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only deals in this pipeline (name, case-insensitive)
    #[arg(long)]
    pipeline: Option<String>,
    /// Only deals in this stage (name, case-insensitive)
    #[arg(long)]
    stage: Option<String>,
    /// open, won or lost
    #[arg(long)]
    status: Option<String>,
    /// Include archived deals
    #[arg(long)]
    archived: bool,
    /// Only your deals: owner is the current user (case-insensitive)
    #[arg(long)]
    mine: bool,
    #[command(flatten)]
    json: JsonFlag,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The deal's number, as `deal list` shows it
    id: i64,
    /// A new title for the deal's card
    #[arg(long)]
    title: Option<String>,
    /// Money in any common form: 12000, 12.500,50, 12 000 kr, "€ 12.000,-" or SEK 1500
    #[arg(long, allow_hyphen_values = true)]
    amount: Option<String>,
    /// ISO 4217 code, e.g. EUR or SEK
    #[arg(long)]
    currency: Option<String>,
    /// The customer organisation's name
    #[arg(long)]
    org: Option<String>,
    /// Contact person's name
    #[arg(long)]
    contact: Option<String>,
    /// Contact person's e-mail address
    #[arg(long)]
    email: Option<String>,
    /// Contact person's phone number, in any form
    #[arg(long)]
    phone: Option<String>,
    /// Who owns the deal; "" for nobody
    #[arg(long)]
    owner: Option<String>,
    /// Expected close date: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY
    #[arg(long, value_name = "DATE")]
    close_date: Option<String>,
    /// Where the lead came from
    #[arg(long)]
    source: Option<String>,
    /// MQL, SAL or SQL
    #[arg(long)]
    qualification: Option<String>,
    /// 0-100, or empty to use the stage's probability again
    #[arg(long, allow_hyphen_values = true)]
    probability: Option<String>,
    /// A lost deal's reason
    #[arg(long)]
    reason: Option<String>,
    /// A won deal's note: what clinched it
    #[arg(long)]
    won_note: Option<String>,
    /// Set a data point, as KEY=VALUE (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    data_points: Vec<String>,
    /// Remove a data point (repeatable)
    #[arg(long = "unset", value_name = "KEY")]
    unset: Vec<String>,
    /// Refuse the edit if the deal's version is not this one
    #[arg(long, value_name = "N")]
    expect_version: Option<i64>,
    #[command(flatten)]
    json: JsonFlag,
}

pub fn run(ctx: &mut Context, command: DealCommand) -> CliResult {
    match command {
        DealCommand::Add(args) => add(ctx, args),
        DealCommand::List(args) => list(ctx, &args),
        DealCommand::Show { id, json } => super::deal_show::show(ctx, DealId(id), json.json),
        DealCommand::Move {
            id,
            stage,
            reason,
            expect_version,
            json,
        } => move_deal(
            ctx,
            DealId(id),
            &stage,
            reason.as_deref(),
            expect_version,
            json.json,
        ),
        DealCommand::Edit(args) => edit(ctx, args),
        DealCommand::Archive { id, undo } => archive(ctx, DealId(id), undo),
        DealCommand::Note { id, text } => {
            let note = ctx.store.add_note(DealId(id), &text, ctx.now)?;
            println!(
                "{}",
                crate::t!(
                    "show-note-added",
                    note = note.id.to_string(),
                    id = id.to_string()
                )
            );
            Ok(())
        }
        DealCommand::Checklist(args) => super::checklist::run(ctx, &args),
        DealCommand::Convert(args) => super::convert::run(ctx, args),
    }
}

fn parse_currency(text: &str) -> CliResult<Currency> {
    text.parse().map_err(CliError::bad)
}

/// Reads an amount and the currency it names (`SEK 1 500`), if any; decimals are checked
/// against that currency, else against `expected`.
fn parse_money(
    ctx: &Context,
    text: &str,
    expected: Currency,
) -> CliResult<(Decimal, Option<Currency>)> {
    parse_amount_naming(text, ctx.config.decimal_separator(), expected).map_err(CliError::bad)
}

/// An amount naming one currency next to `--currency` naming another is refused, naming both.
fn agree(text: &str, named: Option<Currency>, given: Currency) -> CliResult {
    match named {
        Some(named) if named != given => Err(CliError::bad(format!(
            "amount {} is in {named} but --currency is {given}; give one currency",
            echo(text)
        ))),
        _ => Ok(()),
    }
}

fn parse_probability(text: &str) -> CliResult<u8> {
    text.trim()
        .trim_end_matches('%')
        .parse::<u8>()
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| {
            CliError::bad(format!(
                "probability {} is not a whole percentage from 0 to 100",
                echo(text)
            ))
        })
}

fn parse_qualification(text: &str) -> CliResult<Qualification> {
    Qualification::parse(text).ok_or_else(|| {
        CliError::bad(format!(
            "qualification {} is not MQL, SAL or SQL",
            echo(text)
        ))
    })
}

fn parse_data_point(text: &str) -> CliResult<(String, String)> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| CliError::bad(format!("data point {} is not KEY=VALUE", echo(text))))
}

/// `Some("")` means "clear this field".
fn clearable(value: Option<String>) -> Option<Option<String>> {
    value.map(|v| if v.trim().is_empty() { None } else { Some(v) })
}

fn stage_in<'a>(pipeline: &'a Pipeline, name: &str) -> CliResult<&'a crate::domain::Stage> {
    pipeline.stage_named(name).ok_or_else(|| {
        let names: Vec<String> = pipeline.stages.iter().map(|s| echo(&s.name)).collect();
        CliError::bad(format!(
            "stage {} is not in pipeline {}; its stages are {}",
            echo(name),
            echo(&pipeline.name),
            names.join(", ")
        ))
    })
}

fn add(ctx: &mut Context, args: AddArgs) -> CliResult {
    let pipeline = ctx.store.pipeline_named(args.pipeline.as_deref())?;
    let given = args.currency.as_deref().map(parse_currency).transpose()?;
    let mut currency = given.unwrap_or(pipeline.currency);
    let mut amount = Decimal::ZERO;
    if let Some(text) = &args.amount {
        let (parsed, named) = parse_money(ctx, text, currency)?;
        match given {
            Some(given) => agree(text, named, given)?,
            // `SEK 1 500` without --currency: the deal is in SEK, not 1 500 of the pipeline's.
            None => currency = named.unwrap_or(currency),
        }
        amount = parsed;
    }
    let mut new = NewDeal::new(pipeline.id, args.title, currency);
    new.amount = amount;
    if let Some(stage) = &args.stage {
        new.stage_id = Some(stage_in(&pipeline, stage)?.id);
    }
    new.organization = args.org;
    new.contact = Contact {
        name: args.contact,
        email: args.email,
        phone: args.phone,
    };
    new.owner = args
        .owner
        .or_else(|| Some(ctx.store.user().to_string()).filter(|user| !user.is_empty()));
    new.expected_close_date = args
        .close_date
        .as_deref()
        .map(parse_date)
        .transpose()
        .map_err(CliError::bad)?;
    new.source = args.source;
    new.qualification = args
        .qualification
        .as_deref()
        .map(parse_qualification)
        .transpose()?;
    new.probability_override = args
        .probability
        .as_deref()
        .map(parse_probability)
        .transpose()?;
    new.lost_reason = args.reason;
    new.extra = args
        .data_points
        .iter()
        .map(|p| parse_data_point(p))
        .collect::<CliResult<BTreeMap<_, _>>>()?;
    let deal = ctx.store.add_deal(&new, ctx.now)?;
    if args.json.json {
        json::print(&DealJson::new(&deal, &pipeline, None))
    } else {
        println!("{}", deal.id);
        Ok(())
    }
}

fn list(ctx: &Context, args: &ListArgs) -> CliResult {
    let pipelines = ctx.store.pipelines()?;
    let mut filter = DealFilter {
        include_archived: args.archived,
        ..DealFilter::default()
    };
    if args.mine {
        filter.owner = Some(super::people::required_user(ctx.store.user())?);
    }
    if args.pipeline.is_some() || args.stage.is_some() {
        let pipeline = ctx.store.pipeline_named(args.pipeline.as_deref())?;
        filter.pipeline = Some(pipeline.id);
        if let Some(stage) = &args.stage {
            filter.stage = Some(stage_in(&pipeline, stage)?.id);
        }
    }
    if let Some(status) = &args.status {
        filter.status = Some(StageKind::parse(status).ok_or_else(|| {
            CliError::bad(format!("status {} is not open, won or lost", echo(status)))
        })?);
    }
    let pipeline_of = |deal: &Deal| pipelines.iter().find(|p| p.id == deal.pipeline_id);
    // Streamed at one snapshot: each deal is written as it is read, none are held.
    if args.json.json {
        return ctx.store.at_one_snapshot(|store| {
            json::print_array(|emit| {
                store.for_each_deal(&filter, |deal| match pipeline_of(&deal) {
                    Some(p) => emit(&DealJson::new(&deal, p, None)),
                    None => Ok(()),
                })
            })
        });
    }
    // Looked up once, not twice per deal: the list streams every deal of a big database.
    let statuses =
        [StageKind::Open, StageKind::Won, StageKind::Lost].map(super::deal_show::status_word);
    let status_of = |status: StageKind| match status {
        StageKind::Open => statuses[0].clone(),
        StageKind::Won => statuses[1].clone(),
        StageKind::Lost => statuses[2].clone(),
    };
    let row_of = |deal: &Deal| {
        let pipeline = pipeline_of(deal);
        let stage = pipeline
            .and_then(|p| p.stage(deal.stage_id))
            .map_or("?", |s| s.name.as_str());
        vec![
            deal.id.to_string(),
            pipeline.map_or("?", |p| p.name.as_str()).to_string(),
            stage.to_string(),
            status_of(deal.status),
            format!(
                "{} {}",
                crate::i18n::numbers().money(deal.amount, deal.currency),
                deal.currency
            ),
            deal.title.clone(),
            deal.organization.clone().unwrap_or_default(),
            deal.owner.clone().unwrap_or_default(),
        ]
    };
    let header = [
        crate::t!("list-col-id"),
        crate::t!("list-col-pipeline"),
        crate::t!("list-col-stage"),
        crate::t!("list-col-status"),
        crate::t!("list-col-amount"),
        crate::t!("list-col-title"),
        crate::t!("list-col-organization"),
        crate::t!("list-col-owner"),
    ];
    ctx.store.at_one_snapshot(|store| {
        super::table::print_streamed(&header, &[0, 4], |emit| {
            store.for_each_deal(&filter, |deal| emit(row_of(&deal)))
        })
    })
}

fn move_deal(
    ctx: &mut Context,
    id: DealId,
    stage: &str,
    reason: Option<&str>,
    expect_version: Option<i64>,
    as_json: bool,
) -> CliResult {
    let deal = ctx.store.deal(id)?;
    let pipeline = ctx.store.pipeline(deal.pipeline_id)?;
    let target = stage_in(&pipeline, stage)?.id;
    ctx.store
        .move_deal(id, target, reason, expect_version, ctx.now)?;
    let deal = ctx.store.deal(id)?;
    if as_json {
        let history = ctx.store.history(id)?;
        return json::print(&DealJson::new(&deal, &pipeline, Some(&history)));
    }
    let name = pipeline
        .stage(deal.stage_id)
        .map_or("?", |s| s.name.as_str());
    println!(
        "{}",
        crate::t!(
            "show-deal-moved",
            id = id.to_string(),
            stage = printable(name).into_owned()
        )
    );
    Ok(())
}

fn edit(ctx: &mut Context, args: EditArgs) -> CliResult {
    let id = DealId(args.id);
    let currency = args.currency.as_deref().map(parse_currency).transpose()?;
    // The amount is read here for its decimals and the currency it names; whether that
    // currency is the deal's is decided in the edit's own transaction (`amount_currency`).
    let (amount, amount_currency) = match &args.amount {
        Some(text) => {
            let expected = match currency {
                Some(given) => given,
                None => ctx.store.deal(id)?.currency,
            };
            let (amount, named) = parse_money(ctx, text, expected)?;
            if let Some(given) = currency {
                agree(text, named, given)?;
            }
            (Some(amount), named)
        }
        None => (None, None),
    };
    // Data points are set and removed one by one on the deal as the transaction reads it:
    // a whole map read here and written back would drop what another process added meanwhile.
    let set_points = args
        .data_points
        .iter()
        .map(|p| parse_data_point(p))
        .collect::<CliResult<Vec<_>>>()?;
    let unset_points: Vec<String> = args.unset.iter().map(|k| k.trim().to_string()).collect();
    let patch = DealPatch {
        title: args.title,
        organization: clearable(args.org),
        contact_name: clearable(args.contact),
        contact_email: clearable(args.email),
        contact_phone: clearable(args.phone),
        owner: clearable(args.owner),
        amount,
        currency,
        amount_currency,
        probability_override: args
            .probability
            .map(|p| {
                if p.trim().is_empty() {
                    Ok(None)
                } else {
                    parse_probability(&p).map(Some)
                }
            })
            .transpose()?,
        expected_close_date: args
            .close_date
            .map(|d| {
                if d.trim().is_empty() {
                    Ok(None)
                } else {
                    parse_date(&d).map(Some).map_err(CliError::bad)
                }
            })
            .transpose()?,
        source: clearable(args.source),
        qualification: args
            .qualification
            .map(|q| {
                if q.trim().is_empty() {
                    Ok(None)
                } else {
                    parse_qualification(&q).map(Some)
                }
            })
            .transpose()?,
        lost_reason: args.reason,
        won_note: clearable(args.won_note),
        extra: None,
        set_points,
        unset_points,
    };
    if patch.is_empty() {
        return Err(CliError::bad(
            "nothing to change; give at least one field, such as --amount or --title",
        ));
    }
    let deal = ctx
        .store
        .edit_deal(id, args.expect_version, &patch, ctx.now)?;
    if args.json.json {
        let pipeline = ctx.store.pipeline(deal.pipeline_id)?;
        return json::print(&DealJson::new(&deal, &pipeline, None));
    }
    println!(
        "{}",
        crate::t!(
            "show-deal-updated",
            id = id.to_string(),
            version = deal.version.to_string()
        )
    );
    Ok(())
}

fn archive(ctx: &mut Context, id: DealId, undo: bool) -> CliResult {
    if undo {
        ctx.store.unarchive_deal(id, None, ctx.now)?;
        println!("{}", crate::t!("show-deal-back", id = id.to_string()));
    } else {
        ctx.store.archive_deal(id, None, ctx.now)?;
        println!("{}", crate::t!("show-deal-archived", id = id.to_string()));
    }
    Ok(())
}
