package dev.mercato.platform.flags;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Operators define, change, turn off and delete flags, and engage the global kill switch. Every
 * change bumps {@code feature_flag_state.version} in its transaction; once it commits, this
 * instance reloads its snapshot and tells the others (see {@link SnapshotFeatureFlags}).
 */
@Service
class FlagManagement {

    private final Flags flags;
    private final SnapshotFeatureFlags snapshot;
    private final Clock clock;
    private final AuditLog audit;

    FlagManagement(Flags flags, SnapshotFeatureFlags snapshot, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.flags = flags;
        this.snapshot = snapshot;
        this.clock = clock;
    }

    Page<Flag> list(Caller caller, Integer limit, String startingAfter) {
        caller.requireAdmin();
        int checked = Page.limit(limit);
        return Page.fromOverfetch(flags.page(startingAfter, checked + 1), checked);
    }

    Flag get(Caller caller, String key) {
        caller.requireAdmin();
        return flags.find(key).orElseThrow(() -> notFound(key));
    }

    @Transactional
    Flag create(Caller caller, String key, String type, FlagChanges changes) {
        caller.requireAdmin();
        Flag flag = FlagDefinitions.create(key, type, changes, clock.instant());
        if (!flags.insert(flag)) {
            throw new ApiException(409, "flag_exists", "a flag with key '" + key + "' exists; change it with PATCH");
        }
        changed(null, flag);
        return flag;
    }

    @Transactional
    Flag change(Caller caller, String key, FlagChanges changes) {
        caller.requireAdmin();
        Flag current = flags.lock(key).orElseThrow(() -> notFound(key));
        Flag changed = FlagDefinitions.change(current, changes, clock.instant());
        flags.update(changed);
        changed(current, changed);
        return changed;
    }

    /** Turns the flag off: everyone gets its off variant, on every instance as soon as it learns of the change. */
    @Transactional
    Flag kill(Caller caller, String key) {
        caller.requireAdmin();
        Flag flag = flags.lock(key).orElseThrow(() -> notFound(key));
        Flag killed = FlagDefinitions.change(flag, new FlagChanges(null, null, null, null, null, null, null, false),
                clock.instant());
        flags.update(killed);
        changed(flag, killed);
        return killed;
    }

    @Transactional
    void delete(Caller caller, String key) {
        caller.requireAdmin();
        Flag flag = flags.lock(key).orElseThrow(() -> notFound(key));
        flags.delete(key);
        changed(flag, null);
    }

    Flags.State killSwitch(Caller caller) {
        caller.requireAdmin();
        return flags.state();
    }

    /** Engaged, every flag evaluates to its off variant until the switch is released. */
    @Transactional
    Flags.State killSwitch(Caller caller, Boolean engaged) {
        caller.requireAdmin();
        if (engaged == null) {
            throw ApiException.invalid("invalid_engaged", "send {\"engaged\": true} or {\"engaged\": false}");
        }
        Flags.State before = flags.state();
        Flags.State state = flags.setKillSwitch(engaged, clock.instant());
        audit.changed("flag_kill_switch", "global", Map.of("engaged", before.killSwitch()),
                Map.of("engaged", state.killSwitch()));
        reloadAfterCommit();
        return state;
    }

    /** A flag changed ({@code before} null: created; {@code after} null: deleted): recorded and published to the snapshots. */
    private void changed(Flag before, Flag after) {
        Flag flag = after != null ? after : before;
        audit.changed("flag", flag.key(), before == null ? null : before.auditState(),
                after == null ? null : after.auditState());
        flags.changed(clock.instant());
        reloadAfterCommit();
    }

    private void reloadAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                snapshot.changed();
            }
        });
    }

    private static ApiException notFound(String key) {
        return ApiException.notFound("flag_not_found", "no flag '" + key + "'");
    }
}
