package dev.mercato.platform.flags;

import dev.mercato.platform.FlagContext;
import dev.mercato.platform.FlagEvaluation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every flag as of one version of {@code feature_flag_state}, immutable, so evaluations on many
 * threads read it without locks and a refresh swaps in a whole new snapshot at once.
 */
record FlagSnapshot(long version, boolean killSwitch, Map<String, Flag> flags) {

    static final FlagSnapshot EMPTY = new FlagSnapshot(-1, false, Map.of());

    static FlagSnapshot of(long version, boolean killSwitch, List<Flag> flags) {
        Map<String, Flag> byKey = new LinkedHashMap<>();
        flags.forEach(flag -> byKey.put(flag.key(), flag));
        return new FlagSnapshot(version, killSwitch, Collections.unmodifiableMap(byKey));
    }

    FlagEvaluation evaluate(String key, FlagContext context, String environment) {
        Flag flag = flags.get(key);
        return flag == null ? FlagEvaluation.notFound() : flag.evaluate(context, environment, killSwitch);
    }

    Map<String, FlagEvaluation> evaluateAll(FlagContext context, String environment) {
        Map<String, FlagEvaluation> all = new LinkedHashMap<>();
        flags.forEach((key, flag) -> all.put(key, flag.evaluate(context, environment, killSwitch)));
        return all;
    }
}
