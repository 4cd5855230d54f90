package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The hand-written timestamp reader agrees with java.time wherever it answers, and leaves every other form to Jackson. */
class UtcTimestampsTests {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Property(tries = 5_000)
    void readsEveryInstantOfFourDigitYearsAsJavaTimeDoes(@ForAll @LongRange(min = 0, max = 315_537_897_599L) long offset,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = 0, max = 9) int digits) {
        Instant instant = Instant.ofEpochSecond(YEAR_0 + offset % (YEAR_10000 - YEAR_0), nanos);
        String text = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(instant.getEpochSecond()));
        if (digits > 0) {
            String fraction = String.format("%09d", nanos).substring(0, digits);
            text = text.substring(0, text.length() - 1) + "." + fraction + "Z";
        }
        assertThat(UtcTimestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }

    @Test
    void leavesOtherFormsToJackson() {
        for (String other : new String[] {"2026-11-21T18:00:00+01:00", "2026-11-21t18:00:00z", "2026-11-21T18:00Z",
                "2026-11-21T18:00:00.Z", "2026-11-21T18:00:00.1234567890Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-21T24:00:00Z", "2026-12-31T23:59:60Z", "+12026-11-21T18:00:00Z", "2026-11-21 18:00:00Z",
                "2026-1a-21T18:00:00Z", "2026-11-21T18:00:00.12a4Z", ""}) {
            assertThat(UtcTimestamps.parse(other)).as(other).isNull();
        }
    }

    @Test
    void anEventBindsTheSameThroughEitherReader() {
        JsonMapper json = JsonMapper.builder().build();
        for (String text : new String[] {"2026-11-21T18:00:00Z", "2026-11-21T18:00:00.5Z", "2026-11-21T19:00:00+01:00",
                "2024-02-29T12:30:15.123456789Z"}) {
            UsageIngestion.UsageEvent event = json.readValue("{\"id\":\"e\",\"timestamp\":\"" + text + "\"}",
                    UsageIngestion.UsageEvent.class);
            assertThat(event.timestamp()).as(text).isEqualTo(json.readValue("\"" + text + "\"", Instant.class));
        }
        assertThatThrownBy(() -> json.readValue("{\"id\":\"e\",\"timestamp\":\"2026-02-30T00:00:00Z\"}",
                UsageIngestion.UsageEvent.class)).isInstanceOf(tools.jackson.core.JacksonException.class);
    }
}
