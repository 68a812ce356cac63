//! The schema, as ordered migrations; `PRAGMA user_version` counts how many have run.

/// `PRAGMA application_id` of every dealdeck file: "DDK1".
pub const APPLICATION_ID: i32 = 0x4444_4B31;

/// Migration `i` takes a database from version `i` to `i + 1`. Never edit a released one.
pub const MIGRATIONS: &[&str] = &[
    V1_CORE,
    V2_EXCHANGE_RATES,
    V3_ACTIVITIES_AND_CHECKLISTS,
    V4_BOARD_COLUMN_INDEX,
    V5_AGENDA_INDEXES,
    V6_WHO_DID_IT,
    V7_STAGE_TARGET_CONVERSION,
    V8_LEAD_CONVERSION,
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

const V1_CORE: &str = r#"
CREATE TABLE pipeline (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    currency             TEXT NOT NULL CHECK (length(currency) = 3),
    expected_days_factor REAL NOT NULL DEFAULT 2.0 CHECK (expected_days_factor > 0),
    created_at           INTEGER NOT NULL
) STRICT;

CREATE TABLE stage (
    id            INTEGER PRIMARY KEY,
    pipeline_id   INTEGER NOT NULL REFERENCES pipeline(id) ON DELETE CASCADE,
    name          TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('open', 'won', 'lost')),
    probability   INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    rot_days      INTEGER CHECK (rot_days > 0),
    expected_days REAL CHECK (expected_days > 0),
    playbook      TEXT NOT NULL DEFAULT '{}',
    CHECK (kind <> 'won' OR probability = 100),
    CHECK (kind <> 'lost' OR probability = 0),
    UNIQUE (pipeline_id, name),
    UNIQUE (id, pipeline_id)
) STRICT;
CREATE UNIQUE INDEX stage_one_won ON stage(pipeline_id) WHERE kind = 'won';

CREATE TABLE deal (
    id                   INTEGER PRIMARY KEY,
    pipeline_id          INTEGER NOT NULL REFERENCES pipeline(id),
    stage_id             INTEGER NOT NULL,
    title                TEXT NOT NULL CHECK (length(trim(title)) > 0),
    organization         TEXT,
    contact_name         TEXT,
    contact_email        TEXT,
    contact_phone        TEXT,
    owner                TEXT,
    amount_minor         INTEGER NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
    currency             TEXT NOT NULL CHECK (length(currency) = 3),
    probability_override INTEGER CHECK (probability_override BETWEEN 0 AND 100),
    expected_close_date  TEXT CHECK (expected_close_date IS NULL
                                     OR date(expected_close_date) = expected_close_date),
    source               TEXT,
    qualification        TEXT CHECK (qualification IN ('MQL', 'SAL', 'SQL')),
    lost_reason          TEXT,
    won_note             TEXT,
    created_at           INTEGER NOT NULL,
    closed_at            INTEGER,
    archived_at          INTEGER,
    updated_at           INTEGER NOT NULL,
    last_activity_at     INTEGER NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    extra                TEXT NOT NULL DEFAULT '{}',
    source_system        TEXT,
    source_id            TEXT,
    FOREIGN KEY (stage_id, pipeline_id) REFERENCES stage(id, pipeline_id)
) STRICT;
CREATE INDEX deal_by_stage ON deal(stage_id, pipeline_id);
CREATE INDEX deal_by_pipeline ON deal(pipeline_id, created_at);
CREATE UNIQUE INDEX deal_by_source ON deal(source_system, source_id) WHERE source_id IS NOT NULL;

-- One row per stay of a deal in a stage: [entered_at, exited_at), open while exited_at is NULL.
CREATE TABLE stage_visit (
    id            INTEGER PRIMARY KEY,
    deal_id       INTEGER NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
    stage_id      INTEGER NOT NULL REFERENCES stage(id),
    from_stage_id INTEGER REFERENCES stage(id),
    entered_at    INTEGER NOT NULL,
    exited_at     INTEGER CHECK (exited_at IS NULL OR exited_at >= entered_at),
    reason        TEXT
) STRICT;
CREATE UNIQUE INDEX visit_one_open_per_deal ON stage_visit(deal_id) WHERE exited_at IS NULL;
CREATE INDEX visit_by_deal ON stage_visit(deal_id, entered_at);
CREATE INDEX visit_by_stage ON stage_visit(stage_id, entered_at);
CREATE INDEX visit_by_from_stage ON stage_visit(from_stage_id);

CREATE TABLE note (
    id         INTEGER PRIMARY KEY,
    deal_id    INTEGER NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
    stage_id   INTEGER NOT NULL REFERENCES stage(id),
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX note_by_deal ON note(deal_id, created_at);
CREATE INDEX note_by_stage ON note(stage_id);

CREATE TABLE activity (
    id         INTEGER PRIMARY KEY,
    deal_id    INTEGER NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'task', 'follow_up')),
    subject    TEXT NOT NULL,
    due_at     INTEGER,
    done_at    INTEGER,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX activity_by_deal ON activity(deal_id, due_at);
CREATE INDEX activity_open_due ON activity(due_at) WHERE done_at IS NULL;

CREATE TABLE lost_reason (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
"#;

const V2_EXCHANGE_RATES: &str = r#"
-- 1 unit of `currency` is worth `rate` units of `base`, from `valid_from` on.
CREATE TABLE fx_rate (
    base       TEXT NOT NULL CHECK (length(base) = 3),
    currency   TEXT NOT NULL CHECK (length(currency) = 3),
    valid_from TEXT NOT NULL CHECK (date(valid_from) = valid_from),
    rate       TEXT NOT NULL CHECK (length(rate) > 0),
    PRIMARY KEY (base, currency, valid_from)
) STRICT;
"#;

const V3_ACTIVITIES_AND_CHECKLISTS: &str = r#"
-- Nothing wrote the first activity table, but a file may hold rows: they are carried over.
-- `due_at` is the due moment, or the first second of the due day (local time) when all_day.
CREATE TABLE activity_v3 (
    id         INTEGER PRIMARY KEY,
    deal_id    INTEGER NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'task', 'follow_up')),
    due_at     INTEGER NOT NULL,
    all_day    INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
    note       TEXT,
    done_at    INTEGER,
    outcome    TEXT,
    created_at INTEGER NOT NULL,
    by_user    TEXT
) STRICT;
INSERT INTO activity_v3 (id, deal_id, kind, due_at, note, done_at, created_at)
    SELECT id, deal_id, kind, coalesce(due_at, created_at), nullif(trim(subject), ''), done_at,
           created_at
    FROM activity;
DROP TABLE activity;
ALTER TABLE activity_v3 RENAME TO activity;
CREATE INDEX activity_by_deal ON activity(deal_id, due_at);
-- The agenda's windows (overdue, today, the week) read planned activities by due moment;
-- a deal's next step and "nothing planned" read them by deal.
CREATE INDEX activity_open_due ON activity(due_at) WHERE done_at IS NULL;
CREATE INDEX activity_open_by_deal ON activity(deal_id, due_at) WHERE done_at IS NULL;
-- "Gone quiet": per stage, the deals untouched since a moment.
CREATE INDEX deal_by_stage_quiet ON deal(stage_id, last_activity_at);

-- A deal's checklist: its stage's tasks, copied when the deal entered the stage.
CREATE TABLE checklist_item (
    deal_id  INTEGER NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
    stage_id INTEGER NOT NULL REFERENCES stage(id) ON DELETE CASCADE,
    task     TEXT NOT NULL CHECK (length(trim(task)) > 0),
    position INTEGER NOT NULL,
    done_at  INTEGER,
    PRIMARY KEY (deal_id, stage_id, task)
) STRICT;
"#;

// Branch `boardlean` (issue 10): the board's column headers (count, total, weighted) are a
// range of this index per stage, read without touching the deal table: open stages by
// stage, closed ones by stage and recent close. Only an index: no data changes.
const V4_BOARD_COLUMN_INDEX: &str = r#"
CREATE INDEX deal_board_column ON deal(
    stage_id, closed_at, pipeline_id, archived_at, currency, amount_minor, probability_override
);
"#;

// Branch actio (issue 11), migration v5: the agenda read a page at a time at 100 000 deals and 300 000 activities.
const V5_AGENDA_INDEXES: &str = r#"
-- A window's count reads only this index: due moment, all-day flag and deal (`done_at`, NULL
-- in every entry, is in it because SQLite counts an index as covering only with every column
-- the query names).
CREATE INDEX activity_planned ON activity(due_at, all_day, deal_id, done_at) WHERE done_at IS NULL;
-- "Gone quiet" skips archived deals without reading them.
CREATE INDEX deal_live_by_stage_quiet ON deal(stage_id, last_activity_at) WHERE archived_at IS NULL;
"#;

// Branch people (issue 13), migration v6: who did what. Older rows keep NULL (unknown). Adding
// a column rewrites no row, and a read that does not name it costs nothing more.
const V6_WHO_DID_IT: &str = r#"
-- Who moved the deal into the stage (or created it there).
ALTER TABLE stage_visit ADD COLUMN by_user TEXT;
-- Who wrote the note.
ALTER TABLE note ADD COLUMN by_user TEXT;
-- Who marked the activity done (`by_user` already says who planned or logged it).
ALTER TABLE activity ADD COLUMN done_by TEXT;
-- Who made the deal's last write: creation, edit, move, archiving.
ALTER TABLE deal ADD COLUMN updated_by TEXT;
"#;

// Branch blueprint (issue 16), migration v7: a stage's target
// conversion in percent, for the report's `below_target` (seed 003). NULL: no target.
const V7_STAGE_TARGET_CONVERSION: &str = r#"
ALTER TABLE stage ADD COLUMN target_conversion INTEGER
    CHECK (target_conversion BETWEEN 1 AND 100);
"#;

// Branch leads (issue 14), migration v8: a pipeline may convert its won deals into deals of
// another (`converts_to`), and a conversion links the lead to the deal it became. The link
// lives in its own table so a lead and its deal each find the other by a key lookup, and
// deleting either deal (an undone conversion) drops the link with it.
const V8_LEAD_CONVERSION: &str = r#"
ALTER TABLE pipeline ADD COLUMN converts_to INTEGER REFERENCES pipeline(id);
CREATE TABLE lead_conversion (
    lead_id INTEGER PRIMARY KEY REFERENCES deal(id) ON DELETE CASCADE,
    deal_id INTEGER NOT NULL UNIQUE REFERENCES deal(id) ON DELETE CASCADE,
    CHECK (lead_id <> deal_id)
) STRICT;
"#;
