package dev.mercato.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.events.core.EventSerializer;
import tools.jackson.databind.json.JsonMapper;

/** The outbox's event serializer: the application's mapper, one write per published record event. */
class EventJsonTests extends IntegrationTest {

    record Sold(String orderId, long total, List<String> listings) {
    }

    static final class Mutable {
        public String state;
    }

    @Autowired
    EventSerializer serializer;
    @Autowired
    JsonMapper mapper;

    @Test
    void theOutboxWritesEventsWithTheApplicationsMapperAndReadsThemBack() {
        assertThat(serializer).isInstanceOf(EventJson.class);
        Sold sold = new Sold("ord_1", 12_00, List.of("lst_1", "lst_2"));

        Object json = serializer.serialize(sold);

        assertThat(json).isEqualTo(mapper.writeValueAsString(sold));
        assertThat(serializer.deserialize(json, Sold.class)).isEqualTo(sold);
    }

    @Test
    void aRecordPublishedToSeveralListenersIsWrittenOnceAndAnythingElseEachTime() {
        Sold sold = new Sold("ord_2", 5_00, List.of("lst_3"));
        Object first = serializer.serialize(sold);
        assertThat(serializer.serialize(sold)).as("the same instance: the same string, not a second write").isSameAs(first);
        Sold equal = new Sold("ord_2", 5_00, List.of("lst_3"));
        assertThat(serializer.serialize(equal)).isNotSameAs(first).isEqualTo(first);

        Mutable mutable = new Mutable();
        mutable.state = "before";
        Object before = serializer.serialize(mutable);
        mutable.state = "after";
        assertThat(serializer.serialize(mutable)).as("a mutable event is written afresh").isNotEqualTo(before);
        assertThat(serializer.serialize(new ArrayList<>(List.of("x")))).isEqualTo("[\"x\"]");
    }
}
