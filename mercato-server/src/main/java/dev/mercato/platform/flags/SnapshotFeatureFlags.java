package dev.mercato.platform.flags;

import dev.mercato.platform.Broadcasts;
import dev.mercato.platform.FeatureFlags;
import dev.mercato.platform.FlagContext;
import dev.mercato.platform.FlagEvaluation;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Evaluates flags from this instance's immutable {@link FlagSnapshot}. The snapshot is rebuilt
 * from the database when flags change: right after the changing transaction commits on this
 * instance, at once on the others through Redis when it is configured, and otherwise when the
 * poll of {@code feature_flag_state.version} sees a newer version. If the database is unreachable,
 * evaluation carries on with the last snapshot.
 */
@Component
class SnapshotFeatureFlags implements FeatureFlags, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SnapshotFeatureFlags.class);
    static final String CHANGES = "mercato:feature-flags-changed";

    private final Flags flags;
    private final Broadcasts broadcasts;
    private final String environment;
    private final AtomicReference<FlagSnapshot> snapshot = new AtomicReference<>(FlagSnapshot.EMPTY);

    SnapshotFeatureFlags(Flags flags, Broadcasts broadcasts, FlagEnvironment environment) {
        this.flags = flags;
        this.broadcasts = broadcasts;
        this.environment = environment.name();
        // The Redis listener runs on Lettuce's event loop, which must not wait for a database query.
        broadcasts.subscribe(CHANGES, version -> Thread.ofVirtual().name("flag-reload").start(this::reloadQuietly));
    }

    @Override
    public void afterSingletonsInstantiated() {
        reload();
    }

    @Override
    public FlagEvaluation evaluate(String key, FlagContext context) {
        return snapshot.get().evaluate(key, context, environment);
    }

    @Override
    public Map<String, FlagEvaluation> evaluateAll(FlagContext context) {
        return snapshot.get().evaluateAll(context, environment);
    }

    @Override
    public String environment() {
        return environment;
    }

    /** After a change committed here: reload, then tell the other instances. */
    void changed() {
        reloadQuietly();
        broadcasts.publish(CHANGES, Long.toString(snapshot.get().version()));
    }

    /** Reloads when the stored version moved; run on every instance by the {@code platform.flags-poll} job. */
    void poll() {
        try {
            if (flags.version() != snapshot.get().version()) {
                reload();
            }
        } catch (RuntimeException e) {
            log.warn("could not check feature flags for changes; evaluating from the snapshot of version {}",
                    snapshot.get().version(), e);
        }
    }

    /**
     * Reads the version before the flags: a change committing in between leaves the snapshot
     * labelled older than its content, so the next poll reloads again; the other order could label
     * old flags with the new version and never reload them.
     */
    void reload() {
        Flags.State state = flags.state();
        FlagSnapshot fresh = FlagSnapshot.of(state.version(), state.killSwitch(), flags.all());
        // Concurrent reloads (poll, Redis, a local change) must never put an older snapshot back.
        snapshot.accumulateAndGet(fresh, (current, next) -> next.version() >= current.version() ? next : current);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.warn("could not reload feature flags; the poll retries", e);
        }
    }
}
