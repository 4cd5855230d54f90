-- Exact deep ranks (issue 7, docs/rewards.md "Leaderboards", ADR 0026): how many users of each
-- board hold which totals, kept in the transaction of every change to reward_board (award, expiry,
-- rebuild). A rank is a sum over this table plus a count of the ties ahead, not a count of every
-- index entry ahead.
--
-- A radix tree over earned, 4 bits a level (16 levels cover a positive bigint): the row (level k,
-- prefix q) counts the users whose earned >> 4k = q. Level 0 counts one total. A rank sums, at
-- each level, the rows of the siblings greater than the user's own prefix under the same parent
-- (at most 15 each), so the work is bounded by the tree, not by the rank. A row of level k >= 1 whose last digit is 0 is never such a
-- sibling, so it is not kept: small totals touch only level 0 and the rows above them stay cold.
--
-- stripe spreads a hot row (a small total that every new user passes through) over four rows;
-- a user always counts in the same stripe (md5 of the id), so a stripe row never goes negative and
-- goes when it reaches zero. Readers sum the stripes.
CREATE TABLE reward_board_counts
(
  period_key TEXT     NOT NULL,
  level      SMALLINT NOT NULL CHECK (level BETWEEN 0 AND 15),
  prefix     BIGINT   NOT NULL CHECK (prefix >= 0),
  stripe     SMALLINT NOT NULL CHECK (stripe BETWEEN 0 AND 3),
  users      BIGINT   NOT NULL,
  PRIMARY KEY (period_key, level, prefix, stripe)
);

INSERT INTO reward_board_counts (period_key, level, prefix, stripe, users)
SELECT b.period_key, l.level, b.earned >> (4 * l.level), get_byte(decode(md5(b.user_id), 'hex'), 0) % 4, count(*)
FROM reward_board b CROSS JOIN generate_series(0, 15) AS l(level)
WHERE l.level = 0 OR ((b.earned >> (4 * l.level)) & 15) <> 0
GROUP BY 1, 2, 3, 4;
