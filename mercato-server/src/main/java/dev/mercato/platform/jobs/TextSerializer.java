package dev.mercato.platform.jobs;

import com.github.kagkarlsson.scheduler.serializer.Serializer;
import java.nio.charset.StandardCharsets;

/**
 * Stores a one-time job's data as UTF-8 text instead of Java serialization, so it stays readable in
 * {@code scheduled_tasks} and no class change can make a stored execution unreadable.
 */
class TextSerializer implements Serializer {

    @Override
    public byte[] serialize(Object data) {
        return data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <T> T deserialize(Class<T> type, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (type != String.class && type != Object.class) {
            throw new IllegalArgumentException("job data is text, not " + type.getName());
        }
        return type.cast(new String(bytes, StandardCharsets.UTF_8));
    }
}
