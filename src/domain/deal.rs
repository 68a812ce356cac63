//! Deals: the cards on the board, and the changes a person can ask for.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::money::Currency;
use super::pipeline::{PipelineId, StageId, StageKind};
use super::text::echo;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DealId(pub i64);

impl std::fmt::Display for DealId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Lead qualification (seed 004).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Qualification {
    #[serde(rename = "MQL")]
    Mql,
    #[serde(rename = "SAL")]
    Sal,
    #[serde(rename = "SQL")]
    Sql,
}

impl Qualification {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualification::Mql => "MQL",
            Qualification::Sal => "SAL",
            Qualification::Sql => "SQL",
        }
    }

    pub fn parse(text: &str) -> Option<Qualification> {
        match text.trim().to_ascii_uppercase().as_str() {
            "MQL" => Some(Qualification::Mql),
            "SAL" => Some(Qualification::Sal),
            "SQL" => Some(Qualification::Sql),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Deal {
    pub id: DealId,
    pub pipeline_id: PipelineId,
    pub stage_id: StageId,
    /// The kind of the current stage: the deal's status.
    pub status: StageKind,
    pub title: String,
    pub organization: Option<String>,
    pub contact: Contact,
    pub owner: Option<String>,
    pub amount: Decimal,
    pub currency: Currency,
    pub probability_override: Option<u8>,
    pub expected_close_date: Option<NaiveDate>,
    pub source: Option<String>,
    pub qualification: Option<Qualification>,
    pub lost_reason: Option<String>,
    pub won_note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// The last time anything happened to the deal; a deal idle past its stage's `rot_days`
    /// is rotting.
    pub last_activity_at: DateTime<Utc>,
    /// Bumped by every write, so a stale edit from another process is refused.
    pub version: i64,
    pub extra: BTreeMap<String, String>,
    /// Who made the last write (creation, edit, move, archiving); `None` before team mode.
    pub updated_by: Option<String>,
    /// The deal this lead became when it was converted (seed 004).
    pub converted_to: Option<DealId>,
    /// The lead this deal was converted from.
    pub from_lead: Option<DealId>,
}

impl Deal {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }

    /// The probability used for weighted value: the override if set, else the stage's.
    pub fn effective_probability(&self, stage_probability: u8) -> u8 {
        self.probability_override.unwrap_or(stage_probability)
    }
}

/// What a new deal needs; the store fills in ids, status and stamps.
#[derive(Clone, Debug, PartialEq)]
pub struct NewDeal {
    pub pipeline_id: PipelineId,
    /// `None` means the pipeline's first open stage.
    pub stage_id: Option<StageId>,
    pub title: String,
    pub organization: Option<String>,
    pub contact: Contact,
    pub owner: Option<String>,
    pub amount: Decimal,
    pub currency: Currency,
    pub probability_override: Option<u8>,
    pub expected_close_date: Option<NaiveDate>,
    pub source: Option<String>,
    pub qualification: Option<Qualification>,
    /// Required when the deal starts in a lost stage.
    pub lost_reason: Option<String>,
    pub extra: BTreeMap<String, String>,
}

impl NewDeal {
    pub fn new(pipeline_id: PipelineId, title: impl Into<String>, currency: Currency) -> Self {
        NewDeal {
            pipeline_id,
            stage_id: None,
            title: title.into(),
            organization: None,
            contact: Contact::default(),
            owner: None,
            amount: Decimal::ZERO,
            currency,
            probability_override: None,
            expected_close_date: None,
            source: None,
            qualification: None,
            lost_reason: None,
            extra: BTreeMap::new(),
        }
    }
}

/// A change to a deal's fields; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealPatch {
    pub title: Option<String>,
    pub organization: Option<Option<String>>,
    pub contact_name: Option<Option<String>>,
    pub contact_email: Option<Option<String>>,
    pub contact_phone: Option<Option<String>>,
    pub owner: Option<Option<String>>,
    pub amount: Option<Decimal>,
    pub currency: Option<Currency>,
    pub probability_override: Option<Option<u8>>,
    pub expected_close_date: Option<Option<NaiveDate>>,
    pub source: Option<Option<String>>,
    pub qualification: Option<Option<Qualification>>,
    /// Only for a lost deal: replaces the reason on the deal and on its lost visit.
    pub lost_reason: Option<String>,
    pub won_note: Option<Option<String>>,
    /// Replaces every data point (undo puts a deal back exactly as it was).
    pub extra: Option<BTreeMap<String, String>>,
    /// Data points to set one by one on the deal as it is when the edit is written, so two
    /// people setting different points at once both keep theirs.
    pub set_points: Vec<(String, String)>,
    /// Data points to remove (after `set_points`); a point the deal lacks is refused.
    pub unset_points: Vec<String>,
    /// The currency the typed amount named (`SEK 1 500`): the edit is refused unless the deal
    /// ends up in that currency.
    pub amount_currency: Option<Currency>,
}

impl DealPatch {
    pub fn is_empty(&self) -> bool {
        *self == DealPatch::default()
    }

    /// The patch that puts `deal`'s fields back as they are now (for undo).
    pub fn restoring(deal: &Deal) -> DealPatch {
        DealPatch {
            title: Some(deal.title.clone()),
            organization: Some(deal.organization.clone()),
            contact_name: Some(deal.contact.name.clone()),
            contact_email: Some(deal.contact.email.clone()),
            contact_phone: Some(deal.contact.phone.clone()),
            owner: Some(deal.owner.clone()),
            amount: Some(deal.amount),
            currency: Some(deal.currency),
            probability_override: Some(deal.probability_override),
            expected_close_date: Some(deal.expected_close_date),
            source: Some(deal.source.clone()),
            qualification: Some(deal.qualification),
            lost_reason: deal.lost_reason.clone(),
            won_note: Some(deal.won_note.clone()),
            extra: Some(deal.extra.clone()),
            ..DealPatch::default()
        }
    }
}

/// Why a deal's fields cannot be stored as given.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DealError {
    #[error("{0}")]
    Text(#[from] super::text::TextError),
    #[error("amount {amount} is negative; amounts are zero or more")]
    NegativeAmount { amount: Decimal },
    #[error("amount {amount} has more decimals than {currency} allows ({allowed})")]
    AmountDecimals {
        amount: Decimal,
        currency: Currency,
        allowed: u32,
    },
    #[error("amount {amount} is too large; the limit is 999,999,999,999")]
    AmountTooLarge { amount: Decimal },
    #[error("probability {0} is not a percentage from 0 to 100")]
    Probability(u8),
    #[error("e-mail address {} has no @", echo(.0))]
    Email(String),
    #[error("deal {0} is not lost, so it has no lost reason to change")]
    NotLost(i64),
    #[error("deal {deal} has no data point {}", echo(.key))]
    NoDataPoint { deal: i64, key: String },
    #[error(
        "the amount is in {named} but deal {deal} is in {currency}; to change the deal's currency give it too (--currency {named})"
    )]
    AmountCurrency {
        deal: i64,
        named: Currency,
        currency: Currency,
    },
}

/// Checks that `amount` can be stored exactly in `currency`.
pub fn check_amount(amount: Decimal, currency: Currency) -> Result<(), DealError> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(DealError::NegativeAmount { amount });
    }
    if amount > Decimal::from(super::money::MAX_WHOLE_UNITS) + Decimal::ONE {
        return Err(DealError::AmountTooLarge { amount });
    }
    if amount.normalize().scale() > currency.minor_units() {
        return Err(DealError::AmountDecimals {
            amount,
            currency,
            allowed: currency.minor_units(),
        });
    }
    Ok(())
}

fn field(text: &Option<String>, what: &'static str) -> Result<Option<String>, DealError> {
    use super::text::{MAX_FIELD_CHARS, optional_line};
    match text {
        Some(value) => Ok(optional_line(value, what, MAX_FIELD_CHARS)?),
        None => Ok(None),
    }
}

fn check_email(email: Option<String>) -> Result<Option<String>, DealError> {
    match email {
        Some(address) if !address.contains('@') => Err(DealError::Email(address)),
        other => Ok(other),
    }
}

fn check_extra(extra: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, DealError> {
    use super::text::{MAX_FIELD_CHARS, MAX_NAME_CHARS, check_line};
    extra
        .iter()
        .map(|(key, value)| {
            let key = check_line(key, "data point name", MAX_NAME_CHARS)?;
            let value = if value.trim().is_empty() {
                String::new()
            } else {
                check_line(value, "data point value", MAX_FIELD_CHARS)?
            };
            Ok((key, value))
        })
        .collect()
}

impl NewDeal {
    /// The deal with every field checked and trimmed, ready to store.
    pub fn validated(&self) -> Result<NewDeal, DealError> {
        use super::text::{MAX_FIELD_CHARS, check_line};
        check_amount(self.amount, self.currency)?;
        if let Some(p) = self.probability_override.filter(|p| *p > 100) {
            return Err(DealError::Probability(p));
        }
        Ok(NewDeal {
            title: check_line(&self.title, "title", MAX_FIELD_CHARS)?,
            organization: field(&self.organization, "organization")?,
            contact: Contact {
                name: field(&self.contact.name, "contact name")?,
                email: check_email(field(&self.contact.email, "e-mail address")?)?,
                phone: field(&self.contact.phone, "phone number")?,
            },
            owner: field(&self.owner, "owner")?,
            source: field(&self.source, "source")?,
            lost_reason: field(&self.lost_reason, "lost reason")?,
            extra: check_extra(&self.extra)?,
            ..self.clone()
        })
    }
}

impl Deal {
    /// The deal with `patch` applied and every changed field checked.
    pub fn patched(&self, patch: &DealPatch) -> Result<Deal, DealError> {
        use super::text::{MAX_FIELD_CHARS, MAX_NAME_CHARS, check_line};
        let mut deal = self.clone();
        if let Some(title) = &patch.title {
            deal.title = check_line(title, "title", MAX_FIELD_CHARS)?;
        }
        let set = |target: &mut Option<String>,
                   value: &Option<Option<String>>,
                   what|
         -> Result<(), DealError> {
            if let Some(value) = value {
                *target = field(value, what)?;
            }
            Ok(())
        };
        set(&mut deal.organization, &patch.organization, "organization")?;
        set(&mut deal.contact.name, &patch.contact_name, "contact name")?;
        set(
            &mut deal.contact.email,
            &patch.contact_email,
            "e-mail address",
        )?;
        deal.contact.email = check_email(deal.contact.email)?;
        set(
            &mut deal.contact.phone,
            &patch.contact_phone,
            "phone number",
        )?;
        set(&mut deal.owner, &patch.owner, "owner")?;
        set(&mut deal.source, &patch.source, "source")?;
        set(&mut deal.won_note, &patch.won_note, "won note")?;
        if let Some(amount) = patch.amount {
            deal.amount = amount;
        }
        if let Some(currency) = patch.currency {
            deal.currency = currency;
        }
        if let Some(named) = patch
            .amount_currency
            .filter(|named| *named != deal.currency)
        {
            return Err(DealError::AmountCurrency {
                deal: deal.id.0,
                named,
                currency: deal.currency,
            });
        }
        check_amount(deal.amount, deal.currency)?;
        if let Some(probability) = patch.probability_override {
            if let Some(p) = probability.filter(|p| *p > 100) {
                return Err(DealError::Probability(p));
            }
            deal.probability_override = probability;
        }
        if let Some(date) = patch.expected_close_date {
            deal.expected_close_date = date;
        }
        if let Some(qualification) = patch.qualification {
            deal.qualification = qualification;
        }
        if let Some(reason) = &patch.lost_reason {
            if deal.status != super::pipeline::StageKind::Lost {
                return Err(DealError::NotLost(deal.id.0));
            }
            deal.lost_reason = Some(check_line(reason, "lost reason", MAX_NAME_CHARS)?);
        }
        if let Some(extra) = &patch.extra {
            deal.extra = check_extra(extra)?;
        }
        for (key, value) in &patch.set_points {
            let point = check_extra(&[(key.clone(), value.clone())].into())?;
            deal.extra.retain(|k, _| !super::text::same_name(k, key));
            deal.extra.extend(point);
        }
        for key in &patch.unset_points {
            let before = deal.extra.len();
            deal.extra.retain(|k, _| !super::text::same_name(k, key));
            if deal.extra.len() == before {
                return Err(DealError::NoDataPoint {
                    deal: deal.id.0,
                    key: key.clone(),
                });
            }
        }
        Ok(deal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal() -> Deal {
        let at = DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default();
        Deal {
            id: DealId(7),
            pipeline_id: PipelineId(1),
            stage_id: StageId(1),
            status: StageKind::Open,
            title: "Deal".into(),
            organization: None,
            contact: Contact::default(),
            owner: None,
            amount: Decimal::ZERO,
            currency: Currency::EUR,
            probability_override: None,
            expected_close_date: None,
            source: None,
            qualification: None,
            lost_reason: None,
            won_note: None,
            created_at: at,
            closed_at: None,
            archived_at: None,
            updated_at: at,
            last_activity_at: at,
            version: 1,
            extra: [("Region".to_string(), "EU".to_string())].into(),
            updated_by: None,
            converted_to: None,
            from_lead: None,
        }
    }

    #[test]
    fn data_points_are_set_and_removed_one_by_one_on_the_deal_as_read() {
        let mut now = deal();
        // Another process added a point after this patch was made: it survives.
        now.extra.insert("Budget".into(), "50k".into());
        let patch = DealPatch {
            set_points: vec![
                ("region".into(), " US ".into()),
                ("Seats".into(), "20".into()),
            ],
            unset_points: vec!["budget".into()],
            ..DealPatch::default()
        };
        assert!(!patch.is_empty());
        let after = now.patched(&patch).unwrap();
        let want: BTreeMap<String, String> = [
            ("region".to_string(), "US".to_string()),
            ("Seats".to_string(), "20".to_string()),
        ]
        .into();
        assert_eq!(after.extra, want);
        let missing = DealPatch {
            unset_points: vec!["Nope".into()],
            ..DealPatch::default()
        };
        assert_eq!(
            deal().patched(&missing).unwrap_err().to_string(),
            "deal 7 has no data point \"Nope\""
        );
    }

    #[test]
    fn an_amount_in_another_currency_is_refused_unless_the_deal_moves_to_it() {
        let sek: Currency = "SEK".parse().unwrap();
        let patch = DealPatch {
            amount: Some(Decimal::from(1500)),
            amount_currency: Some(sek),
            ..DealPatch::default()
        };
        assert_eq!(
            deal().patched(&patch).unwrap_err(),
            DealError::AmountCurrency {
                deal: 7,
                named: sek,
                currency: Currency::EUR
            }
        );
        let moved = DealPatch {
            currency: Some(sek),
            ..patch
        };
        let after = deal().patched(&moved).unwrap();
        assert_eq!((after.amount, after.currency), (Decimal::from(1500), sek));
    }
}
