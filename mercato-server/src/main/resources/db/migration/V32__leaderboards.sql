-- Leaderboards, friends and groups (issue 7, docs/rewards.md "Leaderboards").

-- Tokens each user EARNED (rewards.earn ledger transactions, never spending) per period: one row
-- per user and period key ('day:2026-11-21', 'week:2026-11-16' for the ISO week starting that
-- Monday, 'month:2026-11', 'all'), all in UTC by the ledger transaction's created_at. Written in
-- the award's own transaction, so it commits with the ledger posting or not at all; an operator
-- can recompute it from the ledger (POST /v1/admin/leaderboards/rebuild). reached_at is when the
-- user reached this total (their latest award in the period): an equal total reached earlier ranks
-- first, then the user id.
CREATE TABLE reward_board
(
  period_key TEXT        NOT NULL,
  user_id    TEXT        NOT NULL,
  earned     BIGINT      NOT NULL CHECK (earned > 0),
  reached_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (period_key, user_id)
);
-- The board's order: a page is a range of this index, a rank is the count of index entries ahead.
CREATE INDEX reward_board_rank_idx ON reward_board (period_key, earned DESC, reached_at, user_id);

-- A friendship is two requests: user_id asked for friend_id. Friends are pairs with both rows; a
-- single row is a pending request. Removing a friend removes both.
CREATE TABLE reward_friend_requests
(
  user_id    TEXT        NOT NULL,
  friend_id  TEXT        NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, friend_id),
  CHECK (user_id <> friend_id)
);
CREATE INDEX reward_friend_requests_friend_idx ON reward_friend_requests (friend_id, user_id);

-- A group (a class, a team): its owner adds members; the owner is a member.
CREATE TABLE reward_groups
(
  id         TEXT PRIMARY KEY,
  name       TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  owner_id   TEXT        NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE reward_group_members
(
  group_id TEXT        NOT NULL REFERENCES reward_groups (id),
  user_id  TEXT        NOT NULL,
  added_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX reward_group_members_user_idx ON reward_group_members (user_id, group_id);
