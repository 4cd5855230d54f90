-- The audit trail's time index becomes a BRIN index (ADR 0037). Rows are only appended, in time
-- order, so each range of pages covers a narrow span of occurred_at: retention's purge
-- (occurred_at < cutoff) and the from/to filters of GET /v1/audit-events still find their rows
-- through an index, while an insert no longer adds a B-tree entry (one of six per audited request).
-- autosummarize asks autovacuum to summarise each range as it fills; a range not summarised yet
-- is simply read, so answers never depend on it.
DROP INDEX audit_events_time_idx;
CREATE INDEX audit_events_time_brin ON audit_events USING brin (occurred_at) WITH (autosummarize = on);
