//! The Board tab's state: the cards read for the current pipeline, the columns they are
//! sorted into (with their header sums), the focus and the filter. Views read it; the
//! board's `update` and the outcomes of commands change it.

use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::domain::{DealId, Pipeline, Stage, StageKind};
use crate::store::BoardCard;

/// One stage column: which cards it holds (indices into `BoardState::deals`, after the filter)
/// and its header sums, recomputed only when the data or the filter change.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub stage: Stage,
    pub cards: Vec<usize>,
    /// Sum of amounts in the pipeline's currency.
    pub total: Decimal,
    /// Sum of amount × probability in the pipeline's currency.
    pub weighted: Decimal,
    /// Cards in another currency, left out of the sums rather than added unconverted.
    pub other_currency: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardState {
    /// The cards, by deal id.
    pub deals: Vec<BoardCard>,
    pub overdue: HashSet<DealId>,
    /// Each deal's next planned activity, read with the cards.
    pub next_steps: std::collections::HashMap<DealId, crate::domain::Activity>,
    /// Checklist progress `(done, total)` of the deals with a stored checklist in their
    /// stage; a deal missing has its stage's tasks, none done.
    pub checklists: std::collections::HashMap<DealId, (usize, usize)>,
    pub columns: Vec<Column>,
    pub filter: String,
    pub focus_column: usize,
    /// The focused card's position in each column.
    pub focus_card: Vec<usize>,
}

impl BoardState {
    pub fn focused_deal(&self) -> Option<&BoardCard> {
        let column = self.columns.get(self.focus_column)?;
        let position = *self.focus_card.get(self.focus_column)?;
        column.cards.get(position).map(|&i| &self.deals[i])
    }

    pub fn deal_by_id(&self, id: DealId) -> Option<&BoardCard> {
        self.deals
            .binary_search_by_key(&id, |c| c.id)
            .ok()
            .map(|i| &self.deals[i])
    }

    /// Puts one re-read card in place (or takes it off the board) without reloading the rest.
    pub fn replace_card(
        &mut self,
        pipeline: Option<&Pipeline>,
        id: DealId,
        card: Option<BoardCard>,
    ) {
        let keep = self.focused_deal().map(|c| c.id);
        match (self.deals.binary_search_by_key(&id, |c| c.id), card) {
            (Ok(i), Some(card)) => self.deals[i] = card,
            (Ok(i), None) => {
                self.deals.remove(i);
            }
            (Err(i), Some(card)) => self.deals.insert(i, card),
            (Err(_), None) => {}
        }
        let keep = if self.deal_by_id(id).is_some() {
            Some(id)
        } else {
            keep
        };
        self.rebuild_columns(pipeline, keep);
    }

    /// Replaces the loaded cards and recomputes the columns, keeping focus on `keep` (or on
    /// the card that was focused) when it is still on the board.
    pub fn set_deals(
        &mut self,
        pipeline: Option<&Pipeline>,
        deals: Vec<BoardCard>,
        keep: Option<DealId>,
    ) {
        let keep = keep.or_else(|| self.focused_deal().map(|d| d.id));
        self.deals = deals;
        self.rebuild_columns(pipeline, keep);
    }

    /// Sorts the cards into columns and sums the headers: on data or filter change only.
    pub fn rebuild_columns(&mut self, pipeline: Option<&Pipeline>, keep: Option<DealId>) {
        let Some(pipeline) = pipeline else {
            self.columns.clear();
            self.focus_card.clear();
            return;
        };
        let needle = self.filter.trim().to_lowercase();
        let mut columns: Vec<Column> = pipeline
            .stages
            .iter()
            .map(|stage| Column {
                stage: stage.clone(),
                cards: Vec::new(),
                total: Decimal::ZERO,
                weighted: Decimal::ZERO,
                other_currency: 0,
            })
            .collect();
        for (index, deal) in self.deals.iter().enumerate() {
            if !needle.is_empty() && !matches_filter(deal, &needle) {
                continue;
            }
            let Some(column) = columns.iter_mut().find(|c| c.stage.id == deal.stage_id) else {
                continue;
            };
            column.cards.push(index);
            if deal.currency == pipeline.currency {
                // A closed deal is certain: won counts in full and lost not at all, whatever
                // override it carried while open.
                let probability = match column.stage.kind {
                    StageKind::Open => deal
                        .probability_override
                        .unwrap_or(column.stage.probability),
                    StageKind::Won | StageKind::Lost => column.stage.probability,
                };
                column.total += deal.amount;
                // Summed as amount × percent and divided once below: exact, and cheaper.
                column.weighted += deal.amount * Decimal::from(probability);
            } else {
                column.other_currency += 1;
            }
        }
        for column in &mut columns {
            column.weighted /= Decimal::ONE_HUNDRED;
        }
        let old_positions = std::mem::take(&mut self.focus_card);
        self.focus_card = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                old_positions
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .min(c.cards.len().saturating_sub(1))
            })
            .collect();
        self.columns = columns;
        self.focus_column = self.focus_column.min(self.columns.len().saturating_sub(1));
        if let Some(id) = keep {
            self.focus_on(id);
        }
    }

    /// Puts the focus on the deal's card, wherever it is.
    pub fn focus_on(&mut self, id: DealId) {
        for (c, column) in self.columns.iter().enumerate() {
            if let Some(position) = column.cards.iter().position(|&i| self.deals[i].id == id) {
                self.focus_column = c;
                self.focus_card[c] = position;
                return;
            }
        }
    }
}

fn matches_filter(deal: &BoardCard, needle: &str) -> bool {
    let hit = |text: &Option<String>| {
        text.as_deref()
            .is_some_and(|t| t.to_lowercase().contains(needle))
    };
    deal.title.to_lowercase().contains(needle)
        || hit(&deal.organization)
        || hit(&deal.contact_name)
        || hit(&deal.owner)
}
