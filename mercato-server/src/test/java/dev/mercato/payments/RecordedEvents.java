package dev.mercato.payments;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records the events of one type that the running application publishes, and whether each was
 * published inside a database transaction. Listens on the shared test context only while open.
 */
public final class RecordedEvents<T> implements ApplicationListener<ApplicationEvent>, AutoCloseable {

    public record Recorded<T>(T event, boolean inTransaction) {
    }

    private final Class<T> type;
    private final ConfigurableApplicationContext context;
    private final List<Recorded<T>> recorded = new CopyOnWriteArrayList<>();

    private RecordedEvents(Class<T> type, ConfigurableApplicationContext context) {
        this.type = type;
        this.context = context;
    }

    public static <T> RecordedEvents<T> of(Class<T> type, ConfigurableApplicationContext context) {
        RecordedEvents<T> events = new RecordedEvents<>(type, context);
        context.addApplicationListener(events);
        return events;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof PayloadApplicationEvent<?> payload && type.isInstance(payload.getPayload())) {
            recorded.add(new Recorded<>(type.cast(payload.getPayload()),
                    TransactionSynchronizationManager.isActualTransactionActive()));
        }
    }

    public List<Recorded<T>> matching(Predicate<T> filter) {
        return recorded.stream().filter(r -> filter.test(r.event())).toList();
    }

    /** Waits up to {@code timeout} for an event to match, for work done on another thread. */
    public List<Recorded<T>> await(Predicate<T> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matching(filter).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return matching(filter);
    }

    @Override
    public void close() {
        context.getBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
                ApplicationEventMulticaster.class).removeApplicationListener(this);
    }
}
