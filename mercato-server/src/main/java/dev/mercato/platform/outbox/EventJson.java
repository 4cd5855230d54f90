package dev.mercato.platform.outbox;

import org.springframework.modulith.events.core.EventSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serializes events for the outbox with the application's {@link JsonMapper}, as Modulith's own
 * serializer does (so stored publications read the same), without its two costs on the hot path:
 * it looks the mapper bean up on every call, and it writes an event once per listener. Here the
 * mapper is held, and the JSON of the last record event published on a thread is reused for its
 * other listeners (records cannot change in between; other classes are always written afresh).
 */
final class EventJson implements EventSerializer {

    private record Last(Object event, String json) {
    }

    private final JsonMapper mapper;
    private final ThreadLocal<Last> last = new ThreadLocal<>();

    EventJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Object serialize(Object event) {
        Last previous = last.get();
        if (previous != null && previous.event() == event) {
            return previous.json();
        }
        String json = mapper.writeValueAsString(event);
        if (event.getClass().isRecord()) {
            last.set(new Last(event, json));
        } else {
            last.remove();
        }
        return json;
    }

    @Override
    public <T> T deserialize(Object serialized, Class<T> type) {
        return mapper.readValue(serialized.toString(), type);
    }
}
