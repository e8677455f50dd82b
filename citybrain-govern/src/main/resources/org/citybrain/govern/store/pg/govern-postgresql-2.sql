-- CityBrain One Network (citybrain-govern), PostgreSQL dialect, version 2 of the module's own
-- sequence: the early-warning rules' state across restarts (RuleStateStore), per server ("node",
-- citybrain.node), since each server evaluates the readings written through it. Never edited once
-- released.

-- The engine's last checkpoint (RuleEngine.snapshot), replaced whole.
CREATE TABLE citybrain_govern_rule_checkpoint (
    node     text COLLATE "C" PRIMARY KEY,
    seq      bigint      NOT NULL,
    saved_at timestamptz NOT NULL,
    state    bytea       NOT NULL
);

-- The alert events delivered since that checkpoint, one committed row each; rows the checkpoint
-- covers are deleted in the transaction that replaces it.
CREATE TABLE citybrain_govern_rule_event (
    node text COLLATE "C" NOT NULL,
    seq  bigint NOT NULL,
    key  text   NOT NULL,
    PRIMARY KEY (node, seq)
);
