//! The Agenda tab: the rep's day (overdue, today, the next 7 days, gone quiet) as last read
//! from the store, and which row is selected; views only read it.

pub mod update;
pub mod words;

use crate::domain::DealId;
use crate::store::Agenda;

/// What the Agenda tab shows; `agenda` is `None` until the first read arrives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgendaState {
    pub agenda: Option<Agenda>,
    /// Index into [`AgendaState::rows`].
    pub selected: usize,
}

/// Which section a row is in, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Overdue,
    Today,
    Week,
    GoneQuiet,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Overdue,
        Section::Today,
        Section::Week,
        Section::GoneQuiet,
    ];

    /// The section's heading in the current language.
    pub fn title(self) -> String {
        match self {
            Section::Overdue => crate::t!("agenda-overdue"),
            Section::Today => crate::t!("agenda-today"),
            Section::Week => crate::t!("agenda-week"),
            Section::GoneQuiet => crate::t!("agenda-gone-quiet"),
        }
    }
}

/// One selectable row: its section, its deal, and its index within the section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub section: Section,
    pub index: usize,
    pub deal: DealId,
}

impl AgendaState {
    /// Every row in display order, sections one after the other.
    pub fn rows(&self) -> Vec<Row> {
        let Some(agenda) = &self.agenda else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        for section in Section::ALL {
            let deals: Vec<DealId> = match section {
                Section::Overdue => agenda.overdue.iter().map(|i| i.activity.deal_id).collect(),
                Section::Today => agenda.today.iter().map(|i| i.activity.deal_id).collect(),
                Section::Week => agenda.week.iter().map(|i| i.activity.deal_id).collect(),
                Section::GoneQuiet => agenda.gone_quiet.iter().map(|q| q.deal_id).collect(),
            };
            rows.extend(deals.into_iter().enumerate().map(|(index, deal)| Row {
                section,
                index,
                deal,
            }));
        }
        rows
    }

    /// The selected row, kept within the rows there are.
    pub fn selected_row(&self) -> Option<Row> {
        let rows = self.rows();
        let last = rows.len().checked_sub(1)?;
        rows.get(self.selected.min(last)).copied()
    }

    /// The stage the selected row's deal is in.
    pub fn selected_stage(&self) -> Option<crate::domain::StageId> {
        let row = self.selected_row()?;
        match row.section {
            Section::GoneQuiet => {
                let agenda = self.agenda.as_ref()?;
                agenda.gone_quiet.get(row.index).map(|q| q.stage_id)
            }
            _ => self.selected_item().map(|item| item.stage_id),
        }
    }

    /// The agenda item of the selected row, when it is an activity (not a quiet deal).
    pub fn selected_item(&self) -> Option<&crate::store::AgendaItem> {
        let row = self.selected_row()?;
        let agenda = self.agenda.as_ref()?;
        match row.section {
            Section::Overdue => agenda.overdue.get(row.index),
            Section::Today => agenda.today.get(row.index),
            Section::Week => agenda.week.get(row.index),
            Section::GoneQuiet => None,
        }
    }
}
