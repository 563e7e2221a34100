-- +goose Up
-- Development projects: Saemaul Undong pilot villages and public
-- administration consulting, each following its kind's ordered phases.
CREATE TABLE projects (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    code           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('smu_pilot_village', 'consulting')),
    default_locale TEXT NOT NULL DEFAULT 'en',
    country        TEXT NOT NULL CHECK (length(country) = 2),
    region         TEXT NOT NULL DEFAULT '',
    village        TEXT NOT NULL DEFAULT '',
    partner_org    TEXT NOT NULL DEFAULT '',
    korean_org     TEXT NOT NULL DEFAULT '',
    sector         TEXT NOT NULL DEFAULT '',
    starts_on      DATE NOT NULL,
    ends_on        DATE NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('planned', 'active', 'on_hold', 'completed', 'cancelled')),
    phase          TEXT NOT NULL,
    phase_since    DATE NOT NULL,
    budget_amount  INTEGER NOT NULL DEFAULT 0 CHECK (budget_amount >= 0),
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE UNIQUE INDEX projects_code_key ON projects (code);
CREATE INDEX projects_country_idx ON projects (country, starts_on);

CREATE TABLE project_translations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX project_translations_key ON project_translations (project_id, locale);

-- People in a project; user_id links those with an account (often trainees
-- of past cohorts), name alone records outsiders.
CREATE TABLE project_members (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX project_members_user_key ON project_members (project_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX project_members_user_idx ON project_members (user_id);

-- Every move between phases and every hold or resume, oldest first.
CREATE TABLE project_phase_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('start', 'forward', 'back', 'skip', 'hold', 'resume')),
    from_phase TEXT NOT NULL DEFAULT '',
    to_phase   TEXT NOT NULL,
    on_date    DATE NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    actor_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX project_phase_events_project_idx ON project_phase_events (project_id, id);

CREATE TABLE project_milestones (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    due_on     DATE NOT NULL,
    done_on    DATE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX project_milestones_project_idx ON project_milestones (project_id, due_on);
CREATE INDEX project_milestones_open_idx ON project_milestones (due_on) WHERE done_on IS NULL;

CREATE TABLE project_budget_lines (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    category    TEXT NOT NULL,
    planned     INTEGER NOT NULL CHECK (planned >= 0),
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX project_budget_lines_key ON project_budget_lines (project_id, year, category);

CREATE TABLE project_disbursements (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    budget_line_id INTEGER NOT NULL REFERENCES project_budget_lines (id) ON DELETE CASCADE,
    paid_on        DATE NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    note           TEXT NOT NULL DEFAULT '',
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX project_disbursements_project_idx ON project_disbursements (project_id, paid_on);
CREATE INDEX project_disbursements_line_idx ON project_disbursements (budget_line_id);

-- Results indicators (logframe, as in the IATI results model).
CREATE TABLE project_indicators (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    unit           TEXT NOT NULL DEFAULT '',
    baseline_value REAL NOT NULL,
    baseline_on    DATE NOT NULL,
    target_value   REAL NOT NULL,
    target_on      DATE NOT NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    CHECK (target_on >= baseline_on)
);
CREATE INDEX project_indicators_project_idx ON project_indicators (project_id);

CREATE TABLE project_indicator_translations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES project_indicators (id) ON DELETE CASCADE,
    locale       TEXT NOT NULL,
    title        TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX project_indicator_translations_key ON project_indicator_translations (indicator_id, locale);

-- One actual value per indicator and date.
CREATE TABLE project_indicator_values (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES project_indicators (id) ON DELETE CASCADE,
    measured_on  DATE NOT NULL,
    value        REAL NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX project_indicator_values_key ON project_indicator_values (indicator_id, measured_on);

CREATE TABLE project_reports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    period_start   DATE NOT NULL,
    period_end     DATE NOT NULL,
    default_locale TEXT NOT NULL DEFAULT 'en',
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved')),
    submitted_at   DATETIME,
    approved_at    DATETIME,
    approved_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    CHECK (period_end >= period_start)
);
CREATE UNIQUE INDEX project_reports_period_key ON project_reports (project_id, period_start, period_end);

CREATE TABLE project_report_translations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id  INTEGER NOT NULL REFERENCES project_reports (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    narrative  TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX project_report_translations_key ON project_report_translations (report_id, locale);

CREATE TABLE project_report_attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id    INTEGER NOT NULL REFERENCES project_reports (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    file_key     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX project_report_attachments_report_idx ON project_report_attachments (report_id);

-- +goose Down
DROP TABLE project_report_attachments;
DROP TABLE project_report_translations;
DROP TABLE project_reports;
DROP TABLE project_indicator_values;
DROP TABLE project_indicator_translations;
DROP TABLE project_indicators;
DROP TABLE project_disbursements;
DROP TABLE project_budget_lines;
DROP TABLE project_milestones;
DROP TABLE project_phase_events;
DROP TABLE project_members;
DROP TABLE project_translations;
DROP TABLE projects;
