//! The Board tab's state: per stage column the cards read so far (the first of the column in
//! id order, what is shown plus a margin), its header figures as the store summed them, the
//! focus and the filter. Views read it; the board's `update` and the outcomes of commands
//! change it. A write patches the two touched columns in memory instead of reading again.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use crate::domain::{Activity, DealId, Pipeline, Stage, StageKind};
use crate::store::{
    BoardCard, BoardMarks, BoardRates, BoardRead, ColumnSums, PageAsk, card_matches,
};

/// Cards read beyond what a column shows, so scrolling reads a page every so often.
pub const MARGIN: usize = 32;
/// Cards a column is taken to show before a frame has said how many fit.
pub const DEFAULT_SHOWN: usize = 16;

/// One stage column: the cards read so far and the header figures of all of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub stage: Stage,
    /// The column's first cards in id order (after the filter): a keyset prefix.
    pub cards: Vec<BoardCard>,
    /// How many cards the column holds, read or not.
    pub count: usize,
    /// Sum of amounts in the pipeline's currency.
    pub total: Decimal,
    /// Sum of amount × probability in the pipeline's currency.
    pub weighted: Decimal,
    /// Cards in another currency without an exchange rate, left out of the sums rather
    /// than added unconverted.
    pub other_currency: usize,
    /// Whether cards after the last one read may exist.
    pub more: bool,
}

impl Column {
    fn new(stage: Stage, sums: Option<&ColumnSums>) -> Column {
        let mut column = Column {
            stage,
            cards: Vec::new(),
            count: 0,
            total: Decimal::ZERO,
            weighted: Decimal::ZERO,
            other_currency: 0,
            more: false,
        };
        if let Some(sums) = sums {
            column.count = usize::try_from(sums.count).unwrap_or(usize::MAX);
            column.total = sums.total;
            column.weighted = sums.weighted;
            column.other_currency = usize::try_from(sums.other_currency).unwrap_or(usize::MAX);
        }
        column
    }

    /// Adds (`add`) or takes away a card's part in the header figures, as the store sums
    /// them: a closed deal is certain (won in full, lost not at all) whatever its override.
    fn count_card(
        &mut self,
        card: &BoardCard,
        currency: crate::domain::Currency,
        rates: &BoardRates,
        add: bool,
    ) {
        let sign = if add {
            Decimal::ONE
        } else {
            Decimal::NEGATIVE_ONE
        };
        self.count = if add {
            self.count.saturating_add(1)
        } else {
            self.count.saturating_sub(1)
        };
        // Converted with the rates the store summed with, so a patch matches a re-read.
        let Some(amount) = rates.convert(card.amount, card.currency, currency) else {
            self.other_currency = if add {
                self.other_currency.saturating_add(1)
            } else {
                self.other_currency.saturating_sub(1)
            };
            return;
        };
        let probability = match self.stage.kind {
            StageKind::Open => card.probability_override.unwrap_or(self.stage.probability),
            StageKind::Won | StageKind::Lost => self.stage.probability,
        };
        self.total += sign * amount;
        self.weighted += sign * amount * Decimal::from(probability) / Decimal::ONE_HUNDRED;
    }

    /// Whether a card with this id falls among the cards read (or after all of them).
    fn covers(&self, id: DealId) -> bool {
        !self.more || self.cards.last().is_some_and(|last| id <= last.id)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardState {
    /// Deals among the cards read with an activity past due.
    pub overdue: HashSet<DealId>,
    /// Each card read's next planned activity.
    pub next_steps: HashMap<DealId, Activity>,
    /// Checklist progress `(done, total)` of the cards read with a stored checklist in their
    /// stage; a deal missing has its stage's tasks, none done.
    pub checklists: HashMap<DealId, (usize, usize)>,
    pub columns: Vec<Column>,
    /// The filter as typed.
    pub filter: String,
    /// The filter the columns were read with (trimmed, lower case).
    pub read_filter: String,
    pub focus_column: usize,
    /// The focused card's position in each column.
    pub focus_card: Vec<usize>,
    /// A card the focus goes to once the read bringing it in is back.
    pub focus_pending: Option<DealId>,
    /// The rates the column figures were summed with, for patching them after a move.
    pub rates: BoardRates,
}

/// What putting a re-read card in place needs next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Patch {
    /// The columns are right as patched.
    Done,
    /// Read these pages (the card the focus follows lies beyond the cards read).
    Read(Vec<PageAsk>),
    /// Where the card was is unknown: read the columns and their figures again.
    Reread,
}

impl BoardState {
    /// The filter as the store applies it.
    pub fn needle(&self) -> String {
        self.filter.trim().to_lowercase()
    }

    pub fn focused_deal(&self) -> Option<&BoardCard> {
        let column = self.columns.get(self.focus_column)?;
        let position = *self.focus_card.get(self.focus_column)?;
        column.cards.get(position)
    }

    pub fn deal_by_id(&self, id: DealId) -> Option<&BoardCard> {
        self.columns
            .iter()
            .find_map(|c| c.cards.iter().find(|card| card.id == id))
    }

    /// The first page of every column, each long enough to keep its focus in view.
    pub fn first_pages(&self, pipeline: &Pipeline, shown: usize) -> Vec<PageAsk> {
        pipeline
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| PageAsk {
                stage: stage.id,
                after: None,
                through: None,
                limit: self.focus_card.get(i).copied().unwrap_or(0) + shown + MARGIN,
            })
            .collect()
    }

    /// The pages columns need to show their focus and what follows it, plus a margin.
    pub fn pages_needed(&self, shown: usize) -> Vec<PageAsk> {
        self.columns
            .iter()
            .enumerate()
            .filter_map(|(i, column)| {
                let need = self.focus_card.get(i).copied().unwrap_or(0) + shown + MARGIN;
                (column.more && column.cards.len() < need).then(|| PageAsk {
                    stage: column.stage.id,
                    after: column.cards.last().map(|c| c.id),
                    through: None,
                    limit: need - column.cards.len() + MARGIN,
                })
            })
            .collect()
    }

    /// Replaces every column with a fresh read (cards, marks and figures), keeping the focus
    /// on `keep` (or on the card that was focused) when it was read.
    pub fn set_columns(
        &mut self,
        pipeline: Option<&Pipeline>,
        read: BoardRead,
        needle: String,
        keep: Option<DealId>,
    ) {
        let keep = keep
            .or(self.focus_pending)
            .or_else(|| self.focused_deal().map(|d| d.id));
        self.read_filter = needle;
        self.focus_pending = None;
        let Some(pipeline) = pipeline else {
            self.columns.clear();
            self.focus_card.clear();
            return;
        };
        let sums = read.sums.unwrap_or_default();
        let mut columns: Vec<Column> = pipeline
            .stages
            .iter()
            .map(|stage| {
                let found = sums.iter().find(|s| s.stage_id == stage.id);
                Column::new(stage.clone(), found)
            })
            .collect();
        for page in read.pages {
            if let Some(column) = columns.iter_mut().find(|c| c.stage.id == page.ask.stage) {
                column.cards = page.cards;
                column.more = page.more;
            }
        }
        self.overdue = read.marks.overdue;
        self.next_steps = read.marks.next_steps;
        self.checklists = read.marks.checklists;
        self.rates = read.rates;
        self.columns = columns;
        self.settle_focus(keep);
    }

    /// Appends pages read for scrolling (or for the focus to follow a card); a page that no
    /// longer follows on what its column holds (read again meanwhile) is left out.
    pub fn add_pages(&mut self, read: BoardRead, needle: &str) {
        if needle != self.read_filter {
            return;
        }
        for page in read.pages {
            let Some(column) = self
                .columns
                .iter_mut()
                .find(|c| c.stage.id == page.ask.stage)
            else {
                continue;
            };
            if column.cards.last().map(|c| c.id) != page.ask.after || !column.more {
                continue;
            }
            column.cards.extend(page.cards);
            column.more = page.more;
        }
        self.add_marks(read.marks);
        if let Some(id) = self.focus_pending.take() {
            self.focus_on(id);
        }
    }

    fn add_marks(&mut self, marks: BoardMarks) {
        self.overdue.extend(marks.overdue);
        self.next_steps.extend(marks.next_steps);
        self.checklists.extend(marks.checklists);
    }

    /// Puts one re-read card in place (or takes it off the board) and patches the figures of
    /// the column it left and the one it entered; the focus follows the card.
    pub fn replace_card(
        &mut self,
        pipeline: Option<&Pipeline>,
        id: DealId,
        card: Option<BoardCard>,
        new: bool,
    ) -> Patch {
        let Some(pipeline) = pipeline else {
            return Patch::Reread;
        };
        let currency = pipeline.currency;
        let focused = self.focused_deal().map(|d| d.id);
        let mut found = false;
        for column in &mut self.columns {
            if let Some(position) = column.cards.iter().position(|c| c.id == id) {
                let old = column.cards.remove(position);
                column.count_card(&old, currency, &self.rates, false);
                found = true;
                break;
            }
        }
        if !found && !new {
            // Not among the cards read (filtered out, or beyond them): its old column's
            // figures cannot be patched.
            return Patch::Reread;
        }
        let mut patch = Patch::Done;
        let mut keep = focused;
        if let Some(card) = card {
            let texts = [
                Some(card.title.as_str()),
                card.organization.as_deref(),
                card.contact_name.as_deref(),
                card.owner.as_deref(),
            ];
            let shown = card_matches(&self.read_filter, texts);
            if let Some(column) = self
                .columns
                .iter_mut()
                .find(|c| c.stage.id == card.stage_id)
                .filter(|_| shown)
            {
                column.count_card(&card, currency, &self.rates, true);
                keep = Some(card.id);
                if column.covers(card.id) {
                    let at = column.cards.partition_point(|c| c.id < card.id);
                    column.cards.insert(at, card);
                } else {
                    self.focus_pending = Some(card.id);
                    patch = Patch::Read(vec![PageAsk {
                        stage: column.stage.id,
                        after: column.cards.last().map(|c| c.id),
                        through: Some(card.id),
                        limit: MARGIN,
                    }]);
                }
            }
        }
        self.settle_focus(keep);
        patch
    }

    /// Keeps each column's focus within its cards, then puts it on `keep` when read.
    fn settle_focus(&mut self, keep: Option<DealId>) {
        let old_positions = std::mem::take(&mut self.focus_card);
        self.focus_card = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let last = if c.more {
                    c.count.max(c.cards.len())
                } else {
                    c.cards.len()
                };
                old_positions
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .min(last.saturating_sub(1))
            })
            .collect();
        self.focus_column = self.focus_column.min(self.columns.len().saturating_sub(1));
        if let Some(id) = keep {
            self.focus_on(id);
        }
    }

    /// The read that brings the deal's card in when its column has not read that far yet
    /// (the focus then follows it); `None` when it is read already or not on the board.
    pub fn reach(&mut self, id: DealId, stage: crate::domain::StageId) -> Option<PageAsk> {
        let column = self.columns.iter().find(|c| c.stage.id == stage)?;
        if column.covers(id) {
            return None;
        }
        self.focus_pending = Some(id);
        Some(PageAsk {
            stage,
            after: column.cards.last().map(|c| c.id),
            through: Some(id),
            limit: MARGIN,
        })
    }

    /// Puts the focus on the deal's card, wherever it is among the cards read.
    pub fn focus_on(&mut self, id: DealId) {
        for (c, column) in self.columns.iter().enumerate() {
            if let Some(position) = column.cards.iter().position(|card| card.id == id) {
                self.focus_column = c;
                self.focus_card[c] = position;
                return;
            }
        }
    }
}
