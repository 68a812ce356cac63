//! What the figures say (issue 16, seed 003): a few plain rules read over figures already
//! computed, each giving one sentence and the figures that triggered it, and each quiet below
//! a stated minimum of data. The thresholds are the README's ("What the figures say").

use serde::{Serialize, Serializer};

use super::TREND_WEEKS;
use super::report::{Report, StageFigures};
use super::trend::ReasonWeeks;

/// A stage rule needs at least this many visits begun in the period (completed + stale).
pub const MIN_STAGE_VISITS: u64 = 10;
/// Stale visits at or above this share of completed + stale: deals wait too long.
pub const WAIT_SHARE: f64 = 0.30;
/// Conversion below this is low…
pub const LOW_CONVERSION: f64 = 0.30;
/// …and with stale visits at or below this share, few deals wait: the bar may be too high.
pub const FEW_STALE_SHARE: f64 = 0.05;
/// The period's average cycle at or above this many times the earlier one is far above it.
pub const CYCLE_RATIO: f64 = 1.5;
/// Wins needed in the period, and before it, to compare cycles.
pub const MIN_WINS_NOW: u64 = 5;
pub const MIN_WINS_BEFORE: u64 = 10;
/// The growing-reason rule compares the last block of this many weekly windows with the
/// block before it.
pub const REASON_BLOCK_WEEKS: usize = 4;
/// Losses to one reason in the last block needed before it can be said to grow.
pub const MIN_REASON_LOSSES: u64 = 4;
/// The last block must hold at least this many times the block before.
pub const REASON_GROWTH: u64 = 2;

/// Which rule spoke; serialized as its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Many visits past the stage's expected days: a bandwidth question.
    WaitsTooLong,
    /// Low conversion while almost nothing waits: the next stage's entry bar.
    EntryBarTooHigh,
    /// Conversion below the stage's own target.
    BelowTarget,
    /// The period's sales cycle far above the pipeline's earlier wins.
    CycleAboveHistory,
    /// One lost reason growing over the weekly windows.
    LostReasonGrowing,
}

impl Rule {
    pub fn id(self) -> &'static str {
        match self {
            Rule::WaitsTooLong => "waits-too-long",
            Rule::EntryBarTooHigh => "entry-bar-too-high",
            Rule::BelowTarget => "below-target",
            Rule::CycleAboveHistory => "cycle-above-history",
            Rule::LostReasonGrowing => "lost-reason-growing",
        }
    }
}

/// One figure an insight read: counts stay integers in JSON, rates and days are numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    Count(u64),
    Number(f64),
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Count(n) => serializer.serialize_u64(*n),
            Figure::Number(x) => serializer.serialize_f64(*x),
        }
    }
}

/// One thing the figures say, with the figures that made it say so.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Insight {
    pub rule: Rule,
    /// The stage it is about, if any.
    pub stage: Option<String>,
    /// The lost reason it is about, for the growing-reason rule.
    pub lost_reason: Option<String>,
    /// The sentence in English, as `report --json` carries it (JSON stays English).
    pub text: String,
    /// The sentence as the catalogue holds it, for the screens' own language.
    #[serde(skip)]
    pub sentence: Sentence,
    /// Figure name → value, in the order the rule read them.
    #[serde(serialize_with = "as_object")]
    pub figures: Vec<(&'static str, Figure)>,
}

impl Insight {
    /// The sentence in the current language, its figures written the locale's way; `text`
    /// for an insight made without a catalogue sentence.
    pub fn localised(&self) -> String {
        if self.sentence.key.is_empty() {
            return self.text.clone();
        }
        self.sentence.text()
    }
}

/// A value a sentence shows, kept raw so each language writes it its own way.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// User data (a stage or reason name), shown as it is.
    Name(String),
    /// A count of deals, visits or weeks (selects plural forms).
    Count(u64),
    /// A rate shown as a percentage with one decimal.
    Rate(f64),
    /// A stored whole percentage (a stage's target).
    WholePercent(u8),
    /// Days: whole days without a decimal, else one.
    Days(f64),
    /// A ratio with one decimal.
    Ratio(f64),
}

/// One insight's sentence: its catalogue key and the values it names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Sentence {
    /// The sentence in the current language.
    pub fn text(&self) -> String {
        let numbers = crate::i18n::numbers();
        let args: Vec<(&str, crate::i18n::FluentValue)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Name(text) => text.clone().into(),
                    Arg::Count(n) => (*n).into(),
                    Arg::Rate(r) => numbers.percent(*r, 1).into(),
                    Arg::WholePercent(p) => numbers.whole_percent(u32::from(*p)).into(),
                    Arg::Days(d) => days(*d).into(),
                    Arg::Ratio(r) => numbers.float(*r, 1).into(),
                };
                (*name, value)
            })
            .collect();
        crate::i18n::text(self.key, &args)
    }

    /// The sentence in English, whatever the screens speak: for JSON.
    pub fn english(&self) -> String {
        let _en = crate::i18n::scoped(crate::i18n::Locale::of(crate::i18n::Language::En));
        self.text()
    }
}

/// An insight of `rule` saying `sentence`, its English text kept for JSON.
fn insight(
    rule: Rule,
    stage: Option<String>,
    lost_reason: Option<String>,
    sentence: Sentence,
    figures: Vec<(&'static str, Figure)>,
) -> Insight {
    Insight {
        rule,
        stage,
        lost_reason,
        text: sentence.english(),
        sentence,
        figures,
    }
}

fn as_object<S: Serializer>(
    figures: &[(&'static str, Figure)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(figures.len()))?;
    for (name, value) in figures {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// What the rules read besides the report: the pipeline's own past, gathered by the same
/// walk as the report's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PastFigures {
    /// Deals still won at `as_of` whose win came before the period.
    pub earlier_won: u64,
    /// Their mean days from creation to the win.
    pub earlier_avg_cycle_days: Option<f64>,
    /// Deals lost per reason in each of the report's weekly windows, oldest first.
    pub lost_by_reason: Vec<ReasonWeeks>,
}

/// Every rule over `report`, stage rules in pipeline order, then the cycle, then reasons.
pub fn read(report: &Report, past: &PastFigures) -> Vec<Insight> {
    let mut out = Vec::new();
    for (i, stage) in report.stages.iter().enumerate() {
        let next = report.stages.get(i + 1).map(|s| s.name.as_str());
        out.extend(waits_too_long(stage));
        out.extend(entry_bar_too_high(stage, next));
        out.extend(below_target(stage));
    }
    out.extend(cycle_above_history(report, past));
    out.extend(past.lost_by_reason.iter().filter_map(lost_reason_growing));
    out
}

/// Days as people read them: whole days without a decimal, else one.
fn days(value: f64) -> String {
    let places = if (value - value.round()).abs() < 0.05 {
        0
    } else {
        1
    };
    crate::i18n::numbers().float(value, places)
}

/// Visits begun in the period that a stage rule reads, and the stale share among them;
/// `None` below the minimum.
fn stage_visits(stage: &StageFigures) -> Option<(u64, f64)> {
    let visits = stage.completed + stage.stale;
    (visits >= MIN_STAGE_VISITS).then(|| (visits, stage.stale as f64 / visits as f64))
}

fn waits_too_long(stage: &StageFigures) -> Option<Insight> {
    // Without expected days nothing can be stale, so the rule has nothing to read.
    let expected = stage.expected_days?;
    let (visits, share) = stage_visits(stage)?;
    (share >= WAIT_SHARE).then(|| {
        insight(
            Rule::WaitsTooLong,
            Some(stage.name.clone()),
            None,
            Sentence {
                key: "insight-waits-too-long",
                args: vec![
                    ("stage", Arg::Name(stage.name.clone())),
                    ("stale", Arg::Count(stage.stale)),
                    ("visits", Arg::Count(visits)),
                    ("days", Arg::Days(expected)),
                ],
            },
            vec![
                ("stale", Figure::Count(stage.stale)),
                ("completed", Figure::Count(stage.completed)),
                ("expected_days", Figure::Number(expected)),
                ("stale_share", Figure::Number(share)),
            ],
        )
    })
}

fn entry_bar_too_high(stage: &StageFigures, next: Option<&str>) -> Option<Insight> {
    let expected = stage.expected_days?;
    let conversion = stage.conversion_rate?;
    let (visits, share) = stage_visits(stage)?;
    if conversion >= LOW_CONVERSION || share > FEW_STALE_SHARE {
        return None;
    }
    let mut args = vec![
        ("stage", Arg::Name(stage.name.clone())),
        ("advanced", Arg::Count(stage.advanced)),
        ("visits", Arg::Count(visits)),
        ("rate", Arg::Rate(conversion)),
        ("stale", Arg::Count(stage.stale)),
        ("days", Arg::Days(expected)),
    ];
    let key = match next {
        Some(next) => {
            args.push(("next", Arg::Name(next.to_string())));
            "insight-entry-bar-too-high"
        }
        None => "insight-entry-bar-too-high-win",
    };
    Some(insight(
        Rule::EntryBarTooHigh,
        Some(stage.name.clone()),
        None,
        Sentence { key, args },
        vec![
            ("advanced", Figure::Count(stage.advanced)),
            ("completed", Figure::Count(stage.completed)),
            ("stale", Figure::Count(stage.stale)),
            ("conversion_rate", Figure::Number(conversion)),
            ("stale_share", Figure::Number(share)),
            ("expected_days", Figure::Number(expected)),
        ],
    ))
}

fn below_target(stage: &StageFigures) -> Option<Insight> {
    let target = stage.target_conversion?;
    let conversion = stage.conversion_rate?;
    let (visits, _) = stage_visits(stage)?;
    (stage.below_target == Some(true)).then(|| {
        insight(
            Rule::BelowTarget,
            Some(stage.name.clone()),
            None,
            Sentence {
                key: "insight-below-target",
                args: vec![
                    ("stage", Arg::Name(stage.name.clone())),
                    ("rate", Arg::Rate(conversion)),
                    ("target", Arg::WholePercent(target)),
                    ("advanced", Arg::Count(stage.advanced)),
                    ("visits", Arg::Count(visits)),
                ],
            },
            vec![
                ("advanced", Figure::Count(stage.advanced)),
                ("completed", Figure::Count(stage.completed)),
                ("stale", Figure::Count(stage.stale)),
                ("conversion_rate", Figure::Number(conversion)),
                ("target_conversion", Figure::Count(u64::from(target))),
            ],
        )
    })
}

fn cycle_above_history(report: &Report, past: &PastFigures) -> Option<Insight> {
    let now = report.avg_cycle_days?;
    let before = past.earlier_avg_cycle_days?;
    if report.won_deals < MIN_WINS_NOW || past.earlier_won < MIN_WINS_BEFORE || before <= 0.0 {
        return None;
    }
    let ratio = now / before;
    (ratio >= CYCLE_RATIO).then(|| {
        insight(
            Rule::CycleAboveHistory,
            None,
            None,
            Sentence {
                key: "insight-cycle-above-history",
                args: vec![
                    ("now", Arg::Days(now)),
                    ("before", Arg::Days(before)),
                    ("ratio", Arg::Ratio(ratio)),
                    ("won", Arg::Count(report.won_deals)),
                    ("earlier", Arg::Count(past.earlier_won)),
                ],
            },
            vec![
                ("avg_cycle_days", Figure::Number(now)),
                ("earlier_avg_cycle_days", Figure::Number(before)),
                ("ratio", Figure::Number(ratio)),
                ("won_deals", Figure::Count(report.won_deals)),
                ("earlier_won_deals", Figure::Count(past.earlier_won)),
            ],
        )
    })
}

fn lost_reason_growing(reason: &ReasonWeeks) -> Option<Insight> {
    let block = |back: usize| -> u64 {
        let end = TREND_WEEKS - back * REASON_BLOCK_WEEKS;
        reason.weeks[end.saturating_sub(REASON_BLOCK_WEEKS)..end]
            .iter()
            .sum()
    };
    let (last, previous, earliest) = (block(0), block(1), block(2));
    if last < MIN_REASON_LOSSES || last < REASON_GROWTH * previous {
        return None;
    }
    Some(insight(
        Rule::LostReasonGrowing,
        None,
        Some(reason.reason.clone()),
        Sentence {
            key: "insight-lost-reason-growing",
            args: vec![
                ("reason", Arg::Name(reason.reason.clone())),
                ("last", Arg::Count(last)),
                ("weeks", Arg::Count(REASON_BLOCK_WEEKS as u64)),
                ("previous", Arg::Count(previous)),
                ("earliest", Arg::Count(earliest)),
            ],
        },
        vec![
            ("last_weeks", Figure::Count(last)),
            ("previous_weeks", Figure::Count(previous)),
            ("earlier_weeks", Figure::Count(earliest)),
        ],
    ))
}
