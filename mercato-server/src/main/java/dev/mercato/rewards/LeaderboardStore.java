package dev.mercato.rewards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The earned-per-period board, friend requests and groups (V32__leaderboards.sql). */
@Repository
class LeaderboardStore {

    private static final String ENTRY = "SELECT user_id, earned, reached_at FROM reward_board";

    private final JdbcClient jdbc;

    LeaderboardStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds an award to the user's rows of every period containing {@code at}, and moves the user in
     * reward_board_counts, in the caller's transaction. Concurrent awards to one user lock the same
     * rows in the same order, and the update is commutative (a sum and a greatest), so any
     * interleaving ends in the same rows.
     */
    void add(String userId, long amount, Instant at) {
        List<String> keys = new ArrayList<>();
        for (BoardPeriod p : BoardPeriod.values()) {
            keys.add(p.keyAt(at));
        }
        // a row that existed had earned > 0 before, so a total above the amount is an update
        List<BoardCounts.Move> moves = jdbc.sql("""
                INSERT INTO reward_board (period_key, user_id, earned, reached_at)
                SELECT k, :user, :amount, :at FROM unnest(CAST(:keys AS text[])) WITH ORDINALITY AS u(k, n) ORDER BY n
                ON CONFLICT (period_key, user_id) DO UPDATE SET earned = reward_board.earned + EXCLUDED.earned,
                  reached_at = GREATEST(reward_board.reached_at, EXCLUDED.reached_at)
                RETURNING period_key, earned""")
                .param("user", userId).param("amount", amount).param("at", Timestamp.from(at))
                .param("keys", keys.toArray(String[]::new))
                .query((rs, n) -> new BoardCounts.Move(rs.getString(1), Math.max(0, rs.getLong(2) - amount), rs.getLong(2)))
                .list();
        count(userId, moves);
    }

    /**
     * Takes expired tokens off the user's rows of every period containing {@code earnedAt} (when the
     * lot was earned), and moves the user in reward_board_counts, in the caller's transaction; a row
     * left with nothing goes. Its rows are locked in the order {@link #add} locks them (day, week,
     * month, all), so an award and an expiry of one user cannot deadlock.
     */
    void subtract(String userId, long amount, Instant earnedAt) {
        List<String> keys = new ArrayList<>();
        for (BoardPeriod p : BoardPeriod.values()) {
            keys.add(p.keyAt(earnedAt));
        }
        String[] array = keys.toArray(String[]::new);
        List<BoardCounts.Move> moves = jdbc.sql("""
                SELECT period_key, earned FROM reward_board WHERE user_id = :user AND period_key = ANY(CAST(:keys AS text[]))
                ORDER BY array_position(CAST(:keys AS text[]), period_key) FOR UPDATE""")
                .param("user", userId).param("keys", array)
                .query((rs, n) -> new BoardCounts.Move(rs.getString(1), rs.getLong(2), Math.max(0, rs.getLong(2) - amount)))
                .list();
        jdbc.sql("""
                DELETE FROM reward_board WHERE user_id = :user AND period_key = ANY(CAST(:keys AS text[]))
                  AND earned <= :amount""")
                .param("user", userId).param("amount", amount).param("keys", array).update();
        jdbc.sql("""
                UPDATE reward_board SET earned = earned - :amount
                WHERE user_id = :user AND period_key = ANY(CAST(:keys AS text[]))""")
                .param("user", userId).param("amount", amount).param("keys", array).update();
        count(userId, moves);
    }

    /**
     * Applies moves to reward_board_counts in the user's stripe: one upsert in {@link BoardCounts}'
     * fixed row order (after the board rows, as every writer does), then the rows it left at zero go.
     */
    private void count(String userId, List<BoardCounts.Move> moves) {
        Map<BoardCounts.Cell, Long> changes = BoardCounts.changes(moves);
        if (changes.isEmpty()) {
            return;
        }
        String[] keys = new String[changes.size()];
        int[] levels = new int[changes.size()];
        long[] prefixes = new long[changes.size()];
        long[] deltas = new long[changes.size()];
        int i = 0;
        for (Map.Entry<BoardCounts.Cell, Long> c : changes.entrySet()) {
            keys[i] = c.getKey().periodKey();
            levels[i] = c.getKey().level();
            prefixes[i] = c.getKey().prefix();
            deltas[i++] = c.getValue();
        }
        List<Integer> emptied = jdbc.sql("""
                INSERT INTO reward_board_counts (period_key, level, prefix, stripe, users)
                SELECT k, l, p, %s, d
                FROM unnest(CAST(:keys AS text[]), CAST(:levels AS int[]), CAST(:prefixes AS bigint[]), CAST(:deltas AS bigint[]))
                  WITH ORDINALITY AS u(k, l, p, d, n) ORDER BY n
                ON CONFLICT (period_key, level, prefix, stripe) DO UPDATE SET users = reward_board_counts.users + EXCLUDED.users
                RETURNING users""".formatted(BoardCounts.STRIPE.formatted(":user")))
                .param("user", userId).param("keys", keys).param("levels", levels).param("prefixes", prefixes)
                .param("deltas", deltas).query((rs, n) -> rs.getLong(1) == 0 ? 1 : 0).list();
        if (emptied.contains(1)) {
            jdbc.sql("""
                    DELETE FROM reward_board_counts WHERE users = 0 AND stripe = %s
                      AND (period_key, level, prefix) IN (SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:levels AS int[]),
                                                                                 CAST(:prefixes AS bigint[])))"""
                    .formatted(BoardCounts.STRIPE.formatted(":user")))
                    .param("user", userId).param("keys", keys).param("levels", levels).param("prefixes", prefixes).update();
        }
    }

    Optional<BoardEntry> entry(String periodKey, String userId) {
        return jdbc.sql(ENTRY + " WHERE period_key = :p AND user_id = :user").param("p", periodKey).param("user", userId)
                .query((rs, n) -> entry(rs, 0)).optional();
    }

    /**
     * How many users rank ahead of {@code e}, in one statement (one snapshot): those with a higher
     * total from reward_board_counts (one short index range a level, {@link BoardCounts#above}; a
     * lateral join, so the planner never trades the ranges for a scan of the table), plus the
     * ties ahead at the same total. The ties are counted on reward_board_rank_idx from the nearer
     * end of the total's range of reached_at (judged by the first and last time at that total), so
     * that count is at most about half the users holding that very total (ADR 0026).
     */
    long ahead(String periodKey, BoardEntry e) {
        List<BoardCounts.Siblings> above = BoardCounts.above(e.earned());
        return jdbc.sql("""
                WITH higher AS (
                  SELECT coalesce(sum(s.users), 0) AS users
                  FROM unnest(CAST(:levels AS int[]), CAST(:afters AS bigint[]), CAST(:upTos AS bigint[])) AS r(level, after, up_to),
                  LATERAL (SELECT sum(c.users) AS users FROM reward_board_counts c WHERE c.period_key = :p
                             AND c.level = r.level AND c.prefix > r.after AND c.prefix <= r.up_to) AS s),
                tied AS (
                  SELECT (SELECT coalesce(sum(users), 0) FROM reward_board_counts WHERE period_key = :p AND level = 0
                            AND prefix = :earned) AS users,
                         (SELECT reached_at FROM reward_board WHERE period_key = :p AND earned = :earned
                            ORDER BY earned DESC, reached_at, user_id LIMIT 1) AS first,
                         (SELECT reached_at FROM reward_board WHERE period_key = :p AND earned = :earned
                            ORDER BY earned DESC, reached_at DESC, user_id DESC LIMIT 1) AS last)
                SELECT higher.users + CASE WHEN CAST(:at AS timestamptz) - tied.first <= tied.last - CAST(:at AS timestamptz)
                  THEN (SELECT count(*) FROM reward_board WHERE period_key = :p AND earned = :earned
                          AND (reached_at, user_id) < (:at, :user))
                  ELSE tied.users - 1 - (SELECT count(*) FROM reward_board WHERE period_key = :p AND earned = :earned
                          AND (reached_at, user_id) > (:at, :user)) END
                FROM higher, tied""")
                .param("p", periodKey).param("earned", e.earned()).param("at", Timestamp.from(e.reachedAt()))
                .param("user", e.userId())
                .param("levels", above.stream().mapToInt(BoardCounts.Siblings::level).toArray())
                .param("afters", above.stream().mapToLong(BoardCounts.Siblings::after).toArray())
                .param("upTos", above.stream().mapToLong(BoardCounts.Siblings::upTo).toArray())
                .query(Long.class).single();
    }

    /** Up to {@code limit} entries after {@code after} in board order (from the top when null); ranks left 0. */
    List<BoardEntry> below(String periodKey, BoardEntry after, int limit) {
        if (after == null) {
            return jdbc.sql(ENTRY + " WHERE period_key = :p ORDER BY earned DESC, reached_at, user_id LIMIT :limit")
                    .param("p", periodKey).param("limit", limit).query((rs, n) -> entry(rs, 0)).list();
        }
        return jdbc.sql("""
                (SELECT user_id, earned, reached_at FROM reward_board WHERE period_key = :p AND earned = :earned
                   AND (reached_at, user_id) > (:at, :user) ORDER BY reached_at, user_id LIMIT :limit)
                UNION ALL
                (SELECT user_id, earned, reached_at FROM reward_board WHERE period_key = :p AND earned < :earned
                   ORDER BY earned DESC, reached_at, user_id LIMIT :limit)
                ORDER BY earned DESC, reached_at, user_id LIMIT :limit""")
                .param("p", periodKey).param("earned", after.earned()).param("at", Timestamp.from(after.reachedAt()))
                .param("user", after.userId()).param("limit", limit).query((rs, n) -> entry(rs, 0)).list();
    }

    /** Up to {@code limit} entries just ahead of {@code before}, nearest last (board order). */
    List<BoardEntry> above(String periodKey, BoardEntry before, int limit) {
        List<BoardEntry> nearestFirst = jdbc.sql("""
                (SELECT user_id, earned, reached_at FROM reward_board WHERE period_key = :p AND earned = :earned
                   AND (reached_at, user_id) < (:at, :user) ORDER BY reached_at DESC, user_id DESC LIMIT :limit)
                UNION ALL
                (SELECT user_id, earned, reached_at FROM reward_board WHERE period_key = :p AND earned > :earned
                   ORDER BY earned, reached_at DESC, user_id DESC LIMIT :limit)
                ORDER BY earned, reached_at DESC, user_id DESC LIMIT :limit""")
                .param("p", periodKey).param("earned", before.earned()).param("at", Timestamp.from(before.reachedAt()))
                .param("user", before.userId()).param("limit", limit).query((rs, n) -> entry(rs, 0)).list();
        return new ArrayList<>(nearestFirst.reversed());
    }

    /** The whole board of a set of users (friends, a group), ranked 1.. in board order. */
    List<BoardEntry> ranked(String periodKey, Collection<String> users) {
        return jdbc.sql("""
                SELECT user_id, earned, reached_at, row_number() OVER (ORDER BY earned DESC, reached_at, user_id) AS rank
                FROM reward_board WHERE period_key = :p AND user_id = ANY(CAST(:users AS text[]))
                ORDER BY earned DESC, reached_at, user_id""")
                .param("p", periodKey).param("users", users.toArray(String[]::new))
                .query((rs, n) -> entry(rs, rs.getLong("rank"))).list();
    }

    /**
     * Recomputes the whole board from the ledger: each rewards.earn transaction's credit to a wallet
     * adds to the periods of its time (metadata's user_id the user), and each rewards.expire
     * transaction's debit of a wallet takes off the periods of the rewards.earn transaction of the
     * same award (its reference). Read-only on the ledger's tables (the ledger stays their only
     * writer); runs under a lock every award and expiry of the board also takes, so none commits
     * halfway through. Then recounts reward_board_counts from the new board.
     */
    int rebuild(String asset) {
        jdbc.sql("LOCK TABLE reward_board IN EXCLUSIVE MODE").update();
        jdbc.sql("DELETE FROM reward_board").update();
        int rows = jdbc.sql("""
                WITH moves AS (
                  SELECT t.metadata ->> 'user_id' AS user_id, p.amount, t.created_at AS at, true AS earn
                  FROM ledger_transactions t
                  JOIN ledger_postings p ON p.transaction_id = t.id AND p.amount > 0 AND p.asset = :asset
                  JOIN ledger_accounts a ON a.id = p.account_id AND a.purpose = 'rewards.wallet'
                  WHERE t.type = 'rewards.earn'
                  UNION ALL
                  SELECT x.metadata ->> 'user_id', p.amount, e.created_at, false
                  FROM ledger_transactions x
                  JOIN ledger_postings p ON p.transaction_id = x.id AND p.amount < 0 AND p.asset = :asset
                  JOIN ledger_accounts a ON a.id = p.account_id AND a.purpose = 'rewards.wallet'
                  JOIN ledger_transactions e ON e.reference = x.reference AND e.type = 'rewards.earn'
                  WHERE x.type = 'rewards.expire'),
                utc AS (SELECT user_id, amount, at, earn, (at AT TIME ZONE 'UTC') AS t FROM moves)
                INSERT INTO reward_board (period_key, user_id, earned, reached_at)
                SELECT k, user_id, sum(amount), max(at) FILTER (WHERE earn) FROM utc
                  CROSS JOIN LATERAL (VALUES ('day:' || to_char(t, 'YYYY-MM-DD')),
                                             ('week:' || to_char(date_trunc('week', t), 'YYYY-MM-DD')),
                                             ('month:' || to_char(t, 'YYYY-MM')),
                                             ('all')) AS keys(k)
                GROUP BY k, user_id HAVING sum(amount) > 0""").param("asset", asset).update();
        recount();
        return rows;
    }

    /** Recomputes reward_board_counts from reward_board, under the rebuild's lock on the board. */
    private void recount() {
        jdbc.sql("LOCK TABLE reward_board_counts IN EXCLUSIVE MODE").update();
        jdbc.sql("DELETE FROM reward_board_counts").update();
        jdbc.sql("""
                INSERT INTO reward_board_counts (period_key, level, prefix, stripe, users)
                SELECT b.period_key, l.level, b.earned >> (%1$d * l.level), %2$s, count(*)
                FROM reward_board b CROSS JOIN generate_series(0, %3$d) AS l(level)
                WHERE l.level = 0 OR ((b.earned >> (%1$d * l.level)) & %4$d) <> 0
                GROUP BY 1, 2, 3, 4""".formatted(BoardCounts.BITS, BoardCounts.STRIPE.formatted("b.user_id"),
                BoardCounts.LEVELS - 1, (1 << BoardCounts.BITS) - 1)).update();
    }

    private static BoardEntry entry(ResultSet rs, long rank) throws SQLException {
        return new BoardEntry(rank, rs.getString("user_id"), rs.getLong("earned"), rs.getTimestamp("reached_at").toInstant());
    }

    // friends

    /** Records that {@code userId} asks {@code friendId}; false when they had asked before. */
    boolean request(String userId, String friendId, Instant at) {
        return jdbc.sql("""
                INSERT INTO reward_friend_requests (user_id, friend_id, created_at) VALUES (:user, :friend, :at)
                ON CONFLICT DO NOTHING""")
                .param("user", userId).param("friend", friendId).param("at", Timestamp.from(at)).update() == 1;
    }

    /** Removes both directions; how many rows went. */
    int unfriend(String userId, String friendId) {
        return jdbc.sql("""
                DELETE FROM reward_friend_requests WHERE (user_id = :a AND friend_id = :b) OR (user_id = :b AND friend_id = :a)""")
                .param("a", userId).param("b", friendId).update();
    }

    /** The user's friends and requests either way, by the other user's id. */
    List<Friend> friends(String userId) {
        return jdbc.sql("""
                SELECT COALESCE(o.friend_id, i.user_id) AS other,
                       CASE WHEN o.user_id IS NOT NULL AND i.user_id IS NOT NULL THEN 'friends'
                            WHEN o.user_id IS NOT NULL THEN 'requested' ELSE 'incoming' END AS status,
                       GREATEST(o.created_at, i.created_at) AS since
                FROM (SELECT * FROM reward_friend_requests WHERE user_id = :user) o
                FULL JOIN (SELECT * FROM reward_friend_requests WHERE friend_id = :user) i ON i.user_id = o.friend_id
                ORDER BY other""")
                .param("user", userId)
                .query((rs, n) -> new Friend(rs.getString("other"), rs.getString("status"),
                        rs.getTimestamp("since").toInstant())).list();
    }

    Optional<Friend> friend(String userId, String otherId) {
        return friends(userId).stream().filter(f -> f.userId().equals(otherId)).findFirst();
    }

    // groups

    void insertGroup(String id, String name, String ownerId, Instant at) {
        jdbc.sql("INSERT INTO reward_groups (id, name, owner_id, created_at) VALUES (:id, :name, :owner, :at)")
                .param("id", id).param("name", name).param("owner", ownerId).param("at", Timestamp.from(at)).update();
    }

    /** Adds a member; false when they were one. */
    boolean addMember(String groupId, String userId, Instant at) {
        return jdbc.sql("""
                INSERT INTO reward_group_members (group_id, user_id, added_at) VALUES (:group, :user, :at)
                ON CONFLICT DO NOTHING""")
                .param("group", groupId).param("user", userId).param("at", Timestamp.from(at)).update() == 1;
    }

    long memberCount(String groupId) {
        return jdbc.sql("SELECT count(*) FROM reward_group_members WHERE group_id = :group").param("group", groupId)
                .query(Long.class).single();
    }

    /** Serialises member additions to one group (its size limit counts them). */
    void lockGroup(String groupId) {
        jdbc.sql("SELECT 1 FROM reward_groups WHERE id = :id FOR UPDATE").param("id", groupId).query(Integer.class).list();
    }

    Optional<RewardGroup> group(String id) {
        return jdbc.sql("SELECT id, name, owner_id, created_at FROM reward_groups WHERE id = :id").param("id", id)
                .query((rs, n) -> group(rs)).optional();
    }

    List<RewardGroup> groupsOf(String userId) {
        return jdbc.sql("""
                SELECT g.id, g.name, g.owner_id, g.created_at FROM reward_groups g
                JOIN reward_group_members m ON m.group_id = g.id WHERE m.user_id = :user ORDER BY g.created_at, g.id""")
                .param("user", userId).query((rs, n) -> group(rs)).list();
    }

    private RewardGroup group(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        List<String> members = jdbc.sql("SELECT user_id FROM reward_group_members WHERE group_id = :id ORDER BY added_at, user_id")
                .param("id", id).query(String.class).list();
        return new RewardGroup(id, rs.getString("name"), rs.getString("owner_id"), rs.getTimestamp("created_at").toInstant(),
                members);
    }
}
