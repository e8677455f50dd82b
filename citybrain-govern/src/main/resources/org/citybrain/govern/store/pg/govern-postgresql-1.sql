-- CityBrain One Network (citybrain-govern), PostgreSQL dialect, version 1 of the module's own
-- sequence (versions in citybrain_govern_schema_version; decision 0019): cases with their record,
-- the early-warning rules as data, Open311 API keys. Applied once, in one transaction under the
-- hub's migration lock. Never edited once released.

-- Case numbers (ids are C-<number>): unique across servers; gaps are harmless.
CREATE SEQUENCE citybrain_govern_case_number;

-- One row per case, as it stands: the columns searched and ordered on, and the whole case as the
-- API writes it (CaseJson). version is the optimistic lock: a transition updates the row only at
-- the version its actor read (UPDATE ... WHERE version = ?), so of two servers acting on one case
-- exactly one wins.
CREATE TABLE citybrain_govern_case (
    id           text COLLATE "C" PRIMARY KEY,
    number       bigint      NOT NULL UNIQUE,
    -- the alert id, the Open311 token, ...: one case per reference
    external_ref text COLLATE "C" UNIQUE,
    category     text        NOT NULL,
    department   text,
    status       text        NOT NULL,
    reported_at  timestamptz NOT NULL,
    deadline     timestamptz,
    closed_at    timestamptz,
    escalated_to text,
    version      bigint      NOT NULL,
    body         text        NOT NULL
);
-- searches: newest (or oldest) first, filtered by status, category or department
CREATE INDEX citybrain_govern_case_by_report ON citybrain_govern_case (reported_at, number);
CREATE INDEX citybrain_govern_case_by_status ON citybrain_govern_case (status, reported_at, number);
CREATE INDEX citybrain_govern_case_by_category ON citybrain_govern_case (category, reported_at, number);
CREATE INDEX citybrain_govern_case_by_department ON citybrain_govern_case (department, reported_at, number);
-- KPIs: due in a period, closed in a period; escalation: open, overdue, not escalated yet
CREATE INDEX citybrain_govern_case_by_deadline ON citybrain_govern_case (deadline);
CREATE INDEX citybrain_govern_case_by_closing ON citybrain_govern_case (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX citybrain_govern_case_to_escalate ON citybrain_govern_case (deadline)
    WHERE status NOT IN ('CLOSED', 'REJECTED') AND escalated_to IS NULL;

-- The record: every transition of every case, written in the transaction that moves the case and
-- never changed (the trigger below refuses UPDATE and DELETE).
CREATE TABLE citybrain_govern_transition (
    case_id text COLLATE "C" NOT NULL REFERENCES citybrain_govern_case (id),
    version bigint      NOT NULL,
    at      timestamptz NOT NULL,
    body    text        NOT NULL,
    PRIMARY KEY (case_id, version)
);

CREATE FUNCTION citybrain_govern_transition_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'citybrain_govern_transition is append-only: % of case % refused', TG_OP, OLD.case_id;
END
$$;
CREATE TRIGGER citybrain_govern_transition_append_only BEFORE UPDATE OR DELETE ON citybrain_govern_transition
    FOR EACH ROW EXECUTE FUNCTION citybrain_govern_transition_immutable();

-- Early-warning rules as data (RuleJson of one rule), in the order they were last put.
CREATE SEQUENCE citybrain_govern_rule_position;
CREATE TABLE citybrain_govern_rule (
    id         text COLLATE "C" PRIMARY KEY,
    position   bigint      NOT NULL,
    body       text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Open311 API keys: only SHA-256 of the key (Base64) is kept; the key is shown once when issued.
CREATE TABLE citybrain_govern_open311_key (
    sha256    text PRIMARY KEY,
    client    text        NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now()
);
