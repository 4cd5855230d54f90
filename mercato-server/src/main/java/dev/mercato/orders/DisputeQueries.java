package dev.mercato.orders;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/** The operator's view of chargebacks: every dispute, newest first, or one; a seller sees the ones holding its earnings. */
@Service
public class DisputeQueries {

    private static final Set<String> STATUSES = Set.of("open", "won", "lost");

    private final Disputes disputes;

    DisputeQueries(Disputes disputes) {
        this.disputes = disputes;
    }

    /** Operators only: every dispute, optionally of one status (open, won, lost). */
    public List<Dispute> list(Caller caller, String status, String startingAfter, int limit) {
        caller.requireAdmin();
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("invalid_status", "status is open, won or lost");
        }
        return disputes.list(status, startingAfter, limit);
    }

    /** A dispute, for operators and for the sellers whose earnings it holds. */
    public Optional<Dispute> find(Caller caller, String id) {
        return disputes.find(id).filter(d -> caller.admin()
                || d.shares().stream().anyMatch(share -> caller.userId().equals(share.sellerId())));
    }
}
