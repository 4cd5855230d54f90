package dev.mercato.rewards;

import dev.mercato.platform.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The token economy's figures over a window: what was issued (awards), spent (burned or returned
 * to the treasury), redeemed and expired, the supply in circulation and its holders, velocity, the
 * breakdowns by rule, by item and by redemption type, a series per UTC day, and net inflation
 * against the target. Computed from the awards (lots), spends, redemptions and take-backs, each of which is
 * exactly one ledger transaction on a wallet, so circulation here is the sum of the wallets' ledger
 * balances once the expiry job has run (RewardsTests and RedemptionTests check they agree). Tokens
 * expire at their lot's {@code expires_at}: what was left of the lot then left circulation then,
 * whenever the job moved it in the ledger.
 */
@Service
public class TokenEconomy {

    /** At most this many days per window: a year and a day (a leap year's window fits). */
    static final int MAX_DAYS = 367;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RewardsProperties properties;

    TokenEconomy(JdbcClient jdbc, Clock clock, RewardsProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    public record Day(LocalDate day, long issued, long burned, long returned, long awards, long spends, long redeemed,
            long expired) {
    }

    public record RedemptionShare(String type, long redemptions, long tokens) {
    }

    /** Tokens expired before {@code :e}: what was left of each lot at its expiry (moved yet or not). */
    private static final String EXPIRED_BEFORE = """
            SELECT user_id, expires_at AS at, expired + remaining AS amount FROM reward_awards
            WHERE expires_at IS NOT NULL AND expires_at < :e AND expired + remaining > 0""";

    public record RuleShare(String ruleId, long awards, long tokens) {
    }

    public record ItemShare(String itemId, long spends, long tokens) {
    }

    /**
     * @param circulating    tokens in wallets at {@code to}
     * @param velocity       tokens spent in the window per token in circulation at its end
     * @param netInflation   (issued − burned − redeemed − expired) in the window over the circulation
     *                       at its start, annualised; null when nothing circulated at the start
     * @param overTarget     whether {@code netInflation} exceeds {@code inflationTarget}
     */
    public record Figures(String asset, Instant from, Instant to, long issued, long burned, long returnedToTreasury,
            long redeemed, long expired, long circulatingAtStart, long circulating, long holders, double velocity,
            Double netInflation, double inflationTarget, boolean overTarget, List<RuleShare> byRule, List<ItemShare> byItem,
            List<RedemptionShare> byRedemption, List<Day> days) {
    }

    /** The figures for [from, to); defaults: the last 30 days up to now. */
    public Figures figures(Instant from, Instant to) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : from;
        if (!start.isBefore(end)) {
            throw ApiException.invalid("invalid_range", "from must be before to");
        }
        if (Duration.between(start, end).toDays() > MAX_DAYS) {
            throw ApiException.invalid("invalid_range", "a window is at most " + MAX_DAYS + " days");
        }
        Timestamp s = Timestamp.from(start);
        Timestamp e = Timestamp.from(end);
        long issued = sum("SELECT coalesce(sum(amount), 0) FROM reward_awards WHERE awarded_at >= :s AND awarded_at < :e", s, e);
        long burned = sum("SELECT coalesce(sum(price), 0) FROM reward_spends WHERE disposal = 'burn' AND spent_at >= :s AND spent_at < :e", s, e);
        long returned = sum("SELECT coalesce(sum(price), 0) FROM reward_spends WHERE disposal = 'treasury' AND spent_at >= :s AND spent_at < :e", s, e);
        long redeemed = sum("SELECT coalesce(sum(tokens), 0) FROM reward_redemptions WHERE created_at >= :s AND created_at < :e", s, e);
        long expired = sum("SELECT coalesce(sum(amount), 0) FROM (" + EXPIRED_BEFORE + ") x WHERE at >= :s", s, e);
        long atStart = circulating(s);
        long atEnd = circulating(e);
        long holders = jdbc.sql("SELECT count(*) FROM (SELECT user_id, sum(amount) AS balance FROM (" + MOVES
                + ") m GROUP BY user_id) b WHERE balance > 0").param("e", e).query(Long.class).single();
        double velocity = atEnd == 0 ? 0 : (double) (burned + returned + redeemed) / atEnd;
        long seconds = Math.max(1, Duration.between(start, end).toSeconds());
        Double inflation = atStart == 0 ? null
                : (double) (issued - burned - redeemed - expired) / atStart * (365.0 * 86_400 / seconds);
        double target = properties.inflationTarget();
        List<RuleShare> byRule = jdbc.sql("""
                SELECT rule_id, count(*), sum(amount) FROM reward_awards WHERE awarded_at >= :s AND awarded_at < :e
                GROUP BY rule_id ORDER BY sum(amount) DESC, rule_id""").param("s", s).param("e", e)
                .query((rs, n) -> new RuleShare(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
        List<ItemShare> byItem = jdbc.sql("""
                SELECT item_id, count(*), sum(price) FROM reward_spends WHERE spent_at >= :s AND spent_at < :e
                GROUP BY item_id ORDER BY sum(price) DESC, item_id""").param("s", s).param("e", e)
                .query((rs, n) -> new ItemShare(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
        List<RedemptionShare> byRedemption = jdbc.sql("""
                SELECT type, count(*), sum(tokens) FROM reward_redemptions WHERE created_at >= :s AND created_at < :e
                GROUP BY type ORDER BY sum(tokens) DESC, type""").param("s", s).param("e", e)
                .query((rs, n) -> new RedemptionShare(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
        List<Day> series = jdbc.sql("""
                WITH m AS (
                  SELECT (awarded_at AT TIME ZONE 'UTC')::date AS day, amount AS issued, 0 AS burned, 0 AS returned,
                         1 AS awards, 0 AS spends, 0 AS redeemed, 0 AS expired
                  FROM reward_awards WHERE awarded_at >= :s AND awarded_at < :e
                  UNION ALL
                  SELECT (spent_at AT TIME ZONE 'UTC')::date, 0, CASE WHEN disposal = 'burn' THEN price ELSE 0 END,
                         CASE WHEN disposal = 'treasury' THEN price ELSE 0 END, 0, 1, 0, 0
                  FROM reward_spends WHERE spent_at >= :s AND spent_at < :e
                  UNION ALL
                  SELECT (created_at AT TIME ZONE 'UTC')::date, 0, 0, 0, 0, 0, tokens, 0
                  FROM reward_redemptions WHERE created_at >= :s AND created_at < :e
                  UNION ALL
                  SELECT (at AT TIME ZONE 'UTC')::date, 0, 0, 0, 0, 0, 0, amount FROM (%s) x WHERE at >= :s)
                SELECT day, sum(issued), sum(burned), sum(returned), sum(awards), sum(spends), sum(redeemed), sum(expired)
                FROM m GROUP BY day ORDER BY day""".formatted(EXPIRED_BEFORE)).param("s", s).param("e", e)
                .query((rs, n) -> new Day(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8))).list();
        return new Figures(properties.asset(), start, end, issued, burned, returned, redeemed, expired, atStart, atEnd,
                holders, velocity, inflation, target, inflation != null && inflation > target, byRule, byItem, byRedemption,
                series);
    }

    /** Every movement of tokens into (+) or out of (−) wallets before {@code :e}, by user. */
    private static final String MOVES = """
            SELECT user_id, amount FROM reward_awards WHERE awarded_at < :e
            UNION ALL SELECT user_id, -price FROM reward_spends WHERE spent_at < :e
            UNION ALL SELECT user_id, -tokens FROM reward_redemptions WHERE created_at < :e
            UNION ALL SELECT user_id, -amount FROM reward_take_backs WHERE taken_at < :e
            UNION ALL SELECT user_id, -amount FROM (""" + EXPIRED_BEFORE + ") x";

    /** Tokens in wallets at an instant: awarded before it less spent, redeemed, taken back and expired before it. */
    private long circulating(Timestamp at) {
        return sum("SELECT coalesce(sum(amount), 0) FROM (" + MOVES + ") m", null, at);
    }

    private long sum(String sql, Timestamp s, Timestamp e) {
        var spec = jdbc.sql(sql).param("e", e);
        if (s != null) {
            spec = spec.param("s", s);
        }
        return spec.query(Long.class).single();
    }
}
