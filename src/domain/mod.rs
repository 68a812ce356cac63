//! Plain types and rules of the sales pipeline: no IO, no SQL, no terminal.

pub mod activity;
pub mod amount;
pub mod dates;
pub mod deal;
pub mod due;
pub mod history;
pub mod lost_reason;
pub mod money;
pub mod moves;
pub mod people;
pub mod pipeline;
pub mod pipeline_changes;
pub mod text;

pub use activity::{Activity, ActivityId, ActivityKind, AgendaWindow, Due, is_rotting, next_step};
pub use amount::{AmountError, DecimalSeparator, parse_amount, parse_amount_naming};
pub use dates::{DateError, DayEdge, parse_date, parse_datetime};
pub use deal::{Contact, Deal, DealError, DealId, DealPatch, NewDeal, Qualification, check_amount};
pub use due::{DueError, parse_due, parse_due_in};
pub use history::{
    DealHistory, Note, OwnerName, OwnerNames, StageVisit, Stay, ThinText, Timestamp, VisitId,
};
pub use money::{Currency, Money};
pub use moves::{MoveError, MovePlan, check_required, missing_required, plan_move};
pub use pipeline::{
    DataPoint, Pipeline, PipelineDef, PipelineDefError, PipelineId, PipelineRef, Playbook, Stage,
    StageDef, StageId, StageKind,
};
