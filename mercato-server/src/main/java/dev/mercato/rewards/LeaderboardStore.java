package dev.mercato.rewards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
     * Adds an award to the user's rows of every period containing {@code at}, in the caller's
     * transaction. Concurrent awards to one user lock the same rows in the same order, and the
     * update is commutative (a sum and a greatest), so any interleaving ends in the same rows.
     */
    void add(String userId, long amount, Instant at) {
        List<String> keys = new ArrayList<>();
        for (BoardPeriod p : BoardPeriod.values()) {
            keys.add(p.keyAt(at));
        }
        jdbc.sql("""
                INSERT INTO reward_board (period_key, user_id, earned, reached_at)
                SELECT k, :user, :amount, :at FROM unnest(CAST(:keys AS text[])) WITH ORDINALITY AS u(k, n) ORDER BY n
                ON CONFLICT (period_key, user_id) DO UPDATE SET earned = reward_board.earned + EXCLUDED.earned,
                  reached_at = GREATEST(reward_board.reached_at, EXCLUDED.reached_at)""")
                .param("user", userId).param("amount", amount).param("at", Timestamp.from(at))
                .param("keys", keys.toArray(String[]::new)).update();
    }

    /**
     * Takes expired tokens off the user's rows of every period containing {@code earnedAt} (when the
     * lot was earned), in the caller's transaction; a row left with nothing goes. Its rows are
     * locked in the order {@link #add} locks them (day, week, month, all), so an award and an
     * expiry of one user cannot deadlock.
     */
    void subtract(String userId, long amount, Instant earnedAt) {
        List<String> keys = new ArrayList<>();
        for (BoardPeriod p : BoardPeriod.values()) {
            keys.add(p.keyAt(earnedAt));
        }
        String[] array = keys.toArray(String[]::new);
        jdbc.sql("""
                SELECT 1 FROM reward_board WHERE user_id = :user AND period_key = ANY(CAST(:keys AS text[]))
                ORDER BY array_position(CAST(:keys AS text[]), period_key) FOR UPDATE""")
                .param("user", userId).param("keys", array).query(Integer.class).list();
        jdbc.sql("""
                DELETE FROM reward_board WHERE user_id = :user AND period_key = ANY(CAST(:keys AS text[]))
                  AND earned <= :amount""")
                .param("user", userId).param("amount", amount).param("keys", array).update();
        jdbc.sql("""
                UPDATE reward_board SET earned = earned - :amount
                WHERE user_id = :user AND period_key = ANY(CAST(:keys AS text[]))""")
                .param("user", userId).param("amount", amount).param("keys", array).update();
    }

    Optional<BoardEntry> entry(String periodKey, String userId) {
        return jdbc.sql(ENTRY + " WHERE period_key = :p AND user_id = :user").param("p", periodKey).param("user", userId)
                .query((rs, n) -> entry(rs, 0)).optional();
    }

    /**
     * How many users rank ahead of {@code e}: two index-only range counts on reward_board_rank_idx
     * (a higher total; the same total reached earlier, or at the same instant by a smaller id).
     */
    long ahead(String periodKey, BoardEntry e) {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM reward_board WHERE period_key = :p AND earned > :earned)
                     + (SELECT count(*) FROM reward_board WHERE period_key = :p AND earned = :earned
                          AND (reached_at, user_id) < (:at, :user))""")
                .param("p", periodKey).param("earned", e.earned()).param("at", Timestamp.from(e.reachedAt()))
                .param("user", e.userId()).query(Long.class).single();
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
     * halfway through.
     */
    int rebuild(String asset) {
        jdbc.sql("LOCK TABLE reward_board IN EXCLUSIVE MODE").update();
        jdbc.sql("DELETE FROM reward_board").update();
        return jdbc.sql("""
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
