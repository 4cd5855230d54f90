package dev.mercato.ledger.internal;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.core.AccountRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Keeps the immutable part of account rules (asset, stripes, negative-balance flag) in memory so
 * the write path does not read them on every batch. The overdraft limit, the one rule that can
 * change, is always read fresh together with the balance row lock.
 */
@Component
class AccountRulesCache {

    private static final int MAX_ENTRIES = 200_000;

    private final LedgerStore store;
    private final Map<AccountId, AccountRules> cache = new ConcurrentHashMap<>();

    AccountRulesCache(LedgerStore store) {
        this.store = store;
    }

    Map<AccountId, AccountRules> rules(Collection<AccountId> ids) {
        Map<AccountId, AccountRules> result = new HashMap<>();
        List<AccountId> missing = new ArrayList<>();
        for (AccountId id : ids) {
            AccountRules rules = cache.get(id);
            if (rules == null) {
                missing.add(id);
            } else {
                result.put(id, rules);
            }
        }
        if (!missing.isEmpty()) {
            if (cache.size() > MAX_ENTRIES) {
                cache.clear();
            }
            for (AccountRules rules : store.accountRules(missing)) {
                cache.put(rules.id(), rules);
                result.put(rules.id(), rules);
            }
        }
        return result;
    }
}
