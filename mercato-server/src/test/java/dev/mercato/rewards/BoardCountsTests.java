package dev.mercato.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The counts' radix tree against brute force, over the whole range of a positive long. */
class BoardCountsTests {

    @Test
    void theRowsAboveATotalCountEveryGreaterTotalExactlyOnce() {
        SplittableRandom random = new SplittableRandom(26);
        List<Long> totals = new ArrayList<>(List.of(1L, 15L, 16L, 17L, 255L, 256L, 4_096L, 1L << 60, (1L << 60) + 1,
                Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE - 16));
        for (int i = 0; i < 400; i++) {
            int bits = 1 + random.nextInt(63);
            totals.add(1 + random.nextLong(bits == 63 ? Long.MAX_VALUE : 1L << bits));
            totals.add(totals.get(random.nextInt(totals.size()))); // ties
        }
        List<BoardCounts.Move> joins = totals.stream().map(t -> new BoardCounts.Move("all", 0, t)).toList();
        Map<BoardCounts.Cell, Long> counts = BoardCounts.changes(joins);

        for (long total : totals) {
            long greater = totals.stream().filter(t -> t > total).count();
            long summed = 0;
            for (BoardCounts.Siblings range : BoardCounts.above(total)) {
                for (Map.Entry<BoardCounts.Cell, Long> c : counts.entrySet()) {
                    if (c.getKey().level() == range.level() && c.getKey().prefix() > range.after()
                            && c.getKey().prefix() <= range.upTo()) {
                        summed += c.getValue();
                    }
                }
            }
            assertThat(summed).as("users above " + total).isEqualTo(greater);
            long same = totals.stream().filter(t -> t == total).count();
            assertThat(counts.get(new BoardCounts.Cell("all", 0, total))).as("users at " + total).isEqualTo(same);
        }
    }

    @Test
    void aMoveTouchesOnlyTheRowsItsTotalsDoNotShareAndEmptiesNone() {
        Map<BoardCounts.Cell, Long> small = BoardCounts.changes(List.of(new BoardCounts.Move("all", 17, 18)));
        assertThat(small).containsExactly(Map.entry(new BoardCounts.Cell("all", 0, 17), -1L),
                Map.entry(new BoardCounts.Cell("all", 0, 18), 1L));
        Map<BoardCounts.Cell, Long> carry = BoardCounts.changes(List.of(new BoardCounts.Move("all", 255, 256)));
        assertThat(carry).as("255 = 0xff leaves levels 0 and 1; 256 = 0x100 joins level 0 and level 2 (digit 1)")
                .containsExactly(Map.entry(new BoardCounts.Cell("all", 0, 255), -1L),
                        Map.entry(new BoardCounts.Cell("all", 0, 256), 1L),
                        Map.entry(new BoardCounts.Cell("all", 1, 15), -1L),
                        Map.entry(new BoardCounts.Cell("all", 2, 1), 1L));
        assertThat(BoardCounts.changes(List.of(new BoardCounts.Move("all", 40, 40)))).isEmpty();
        assertThat(BoardCounts.changes(List.of(new BoardCounts.Move("day:2026-11-21", 16, 0))))
                .as("leaving the board: level 0 only, 16's level-1 digit is 1")
                .containsExactly(Map.entry(new BoardCounts.Cell("day:2026-11-21", 0, 16), -1L),
                        Map.entry(new BoardCounts.Cell("day:2026-11-21", 1, 1), -1L));
    }
}
