//! The goal planner (seed 003): the won deals a revenue target needs, walked back through each
//! open stage's conversion rate to the deals needed, had and missing there; once for the
//! whole target and once for what is left of it after the period's won value.

use rust_decimal::Decimal;

use super::ceil_div;
use super::report::{Amount, GoalPlan, GoalStage};

/// `conversions[r]` is open stage `r`'s conversion as `(advanced, completed + stale)`;
/// `open_in[r]` its name and the open deals in it now.
pub(super) fn plan(
    target: Amount,
    won_value: Amount,
    won_with_value: u64,
    conversions: &[(u64, u64)],
    open_in: &[(String, u64)],
) -> GoalPlan {
    let remaining = (target.value - won_value.value).max(Decimal::ZERO);
    let won_needed = deals_for(target.value, won_value.value, won_with_value);
    let remaining_won_needed = if remaining.is_zero() {
        Some(0)
    } else {
        deals_for(remaining, won_value.value, won_with_value)
    };
    let whole = walk_back(won_needed, conversions);
    let rest = walk_back(remaining_won_needed, conversions);
    let stages = open_in
        .iter()
        .zip(whole.into_iter().zip(rest))
        .map(|((stage, have), (needed, remaining_needed))| GoalStage {
            stage: stage.clone(),
            needed,
            have: *have,
            gap: needed.map(|n| n.saturating_sub(*have)),
            remaining_needed,
            remaining_gap: remaining_needed.map(|n| n.saturating_sub(*have)),
        })
        .collect();
    GoalPlan {
        target,
        won_needed,
        won_so_far: won_value,
        remaining: Amount::new(remaining, target.currency),
        remaining_won_needed,
        stages,
    }
}

/// `ceil(amount / avg_deal_size)`, the average being `won_value / won_with_value`; `None`
/// while nothing with a value was won.
fn deals_for(amount: Decimal, won_value: Decimal, won_with_value: u64) -> Option<u64> {
    (won_value > Decimal::ZERO)
        .then(|| {
            amount
                .checked_mul(Decimal::from(won_with_value))
                .and_then(|t| t.checked_div(won_value))
        })
        .flatten()
        .and_then(|ratio| u64::try_from(ratio.ceil().max(Decimal::ZERO)).ok())
}

/// `needed(s) = ceil(needed(next) / conversion(s))` from the last open stage back, with
/// needed(won) = `won`; a null or zero conversion makes its stage and every earlier one null.
fn walk_back(won: Option<u64>, conversions: &[(u64, u64)]) -> Vec<Option<u64>> {
    let mut needed_next = won.map(u128::from);
    let mut needed_per_stage = vec![None; conversions.len()];
    for (rank, &(advanced, denominator)) in conversions.iter().enumerate().rev() {
        let needed = needed_next
            .filter(|_| advanced > 0)
            .and_then(|next| ceil_div(next * u128::from(denominator), u128::from(advanced)))
            .and_then(|n| u64::try_from(n).ok());
        needed_per_stage[rank] = needed;
        needed_next = needed.map(u128::from);
    }
    needed_per_stage
}
