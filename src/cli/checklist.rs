//! `dealdeck deal checklist`: a deal's playbook checklist in its stage, ticked by task name.

use clap::{ArgGroup, Args};
use serde::Serialize;

use crate::domain::DealId;
use crate::domain::text::printable;
use crate::store::Checklist;

use super::error::CliResult;
use super::json;
use super::{Context, JsonFlag};

#[derive(Debug, Args)]
#[command(group = ArgGroup::new("change").multiple(false))]
pub struct ChecklistArgs {
    /// The deal's id
    id: i64,
    /// Tick the task with this name (case-insensitive)
    #[arg(long, value_name = "TASK", group = "change")]
    done: Option<String>,
    /// Untick the task with this name (case-insensitive)
    #[arg(long, value_name = "TASK", group = "change")]
    undo: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

impl ChecklistArgs {
    /// Showing the checklist only reads: it never creates a database.
    pub fn reads_only(&self) -> bool {
        self.done.is_none() && self.undo.is_none()
    }
}

#[derive(Debug, Serialize)]
struct ChecklistJson {
    deal: i64,
    stage: String,
    done: usize,
    total: usize,
    tasks: Vec<TaskJson>,
}

#[derive(Debug, Serialize)]
struct TaskJson {
    task: String,
    done: bool,
    done_at: Option<String>,
}

pub fn run(ctx: &mut Context, args: &ChecklistArgs) -> CliResult {
    let deal = DealId(args.id);
    let checklist = match (&args.done, &args.undo) {
        (Some(task), _) => ctx.store.tick_task(deal, task, ctx.now)?,
        (_, Some(task)) => ctx.store.untick_task(deal, task)?,
        _ => ctx.store.checklist(deal)?,
    };
    if args.json.json {
        return json::print(&to_json(&checklist));
    }
    println!(
        "{}",
        crate::t!(
            "show-checklist",
            deal = checklist.deal.to_string(),
            stage = printable(&checklist.stage_name).into_owned(),
            done = checklist.done(),
            total = checklist.items.len()
        )
    );
    for item in &checklist.items {
        match item.done_at {
            Some(at) => println!(
                "[x] {}  ({})",
                printable(&item.task),
                super::deal_show::stamp(at)
            ),
            None => println!("[ ] {}", printable(&item.task)),
        }
    }
    Ok(())
}

fn to_json(checklist: &Checklist) -> ChecklistJson {
    ChecklistJson {
        deal: checklist.deal.0,
        stage: checklist.stage_name.clone(),
        done: checklist.done(),
        total: checklist.items.len(),
        tasks: checklist
            .items
            .iter()
            .map(|item| TaskJson {
                task: item.task.clone(),
                done: item.done_at.is_some(),
                done_at: item.done_at.map(json::rfc3339),
            })
            .collect(),
    }
}
