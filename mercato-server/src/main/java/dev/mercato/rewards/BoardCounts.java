package dev.mercato.rewards;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of reward_board_counts a board change moves (V39__leaderboard_counts.sql, ADR 0026): a
 * radix tree over earned, {@value #BITS} bits a level. Level 0 counts the users of one total; the
 * row (level k, prefix q) counts those whose {@code earned >> 4k == q}, kept only when q's last
 * digit is not 0 (such a row is never a greater sibling, so no rank reads it).
 */
final class BoardCounts {

    static final int BITS = 4;
    static final int LEVELS = 16;
    private static final long DIGIT = (1L << BITS) - 1;

    /** The stripe a user counts in, in SQL (stable across releases: md5, not a hash of the day). */
    static final String STRIPE = "get_byte(decode(md5(%s), 'hex'), 0) %% 4";

    private BoardCounts() {
    }

    /** One row of reward_board_counts, less the stripe. */
    record Cell(String periodKey, int level, long prefix) {
    }

    /** A user's total on one board went from {@code before} to {@code after} (0: not on the board). */
    record Move(String periodKey, long before, long after) {
    }

    /** A range of one level's rows: prefix in (after, upTo]. */
    record Siblings(int level, long after, long upTo) {
    }

    private static final Comparator<Cell> ORDER = Comparator.comparing(Cell::periodKey).thenComparingInt(Cell::level)
            .thenComparingLong(Cell::prefix);

    /**
     * What the moves add to each row, in one fixed order (period key, level, prefix): every writer
     * locks count rows in this order, so concurrent awards and expiries never deadlock on them.
     * Rows a move leaves unchanged (its old and new totals share the prefix) are not in it.
     */
    static Map<Cell, Long> changes(List<Move> moves) {
        Map<Cell, Long> changes = new TreeMap<>(ORDER);
        for (Move m : moves) {
            if (m.before() > 0) {
                for (Cell c : cells(m.periodKey(), m.before())) {
                    changes.merge(c, -1L, Long::sum);
                }
            }
            if (m.after() > 0) {
                for (Cell c : cells(m.periodKey(), m.after())) {
                    changes.merge(c, 1L, Long::sum);
                }
            }
        }
        changes.values().removeIf(v -> v == 0);
        return changes;
    }

    /** The rows a user with {@code earned} counts in. */
    static List<Cell> cells(String periodKey, long earned) {
        List<Cell> cells = new ArrayList<>();
        cells.add(new Cell(periodKey, 0, earned));
        for (int k = 1; k < LEVELS; k++) {
            long prefix = earned >>> (BITS * k);
            if ((prefix & DIGIT) != 0) {
                cells.add(new Cell(periodKey, k, prefix));
            }
        }
        return cells;
    }

    /**
     * The rows whose users all earned more than {@code earned}, and every such user exactly once:
     * at each level, the siblings above the user's own prefix under the same parent.
     */
    static List<Siblings> above(long earned) {
        List<Siblings> ranges = new ArrayList<>();
        for (int k = 0; k < LEVELS; k++) {
            long prefix = earned >>> (BITS * k);
            if ((prefix & DIGIT) != DIGIT) {
                ranges.add(new Siblings(k, prefix, prefix | DIGIT));
            }
        }
        return ranges;
    }
}
