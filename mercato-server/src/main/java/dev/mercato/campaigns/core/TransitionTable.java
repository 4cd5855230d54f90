package dev.mercato.campaigns.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Which action leads from which state to which: the one table a state machine answers from. */
final class TransitionTable<S extends Enum<S>, A extends Enum<A>> {

    private final Class<A> actions;
    private final Map<S, Map<A, S>> transitions;

    TransitionTable(Class<S> states, Class<A> actions) {
        this.actions = actions;
        this.transitions = new EnumMap<>(states);
    }

    TransitionTable<S, A> allow(S from, A action, S to) {
        transitions.computeIfAbsent(from, s -> new EnumMap<>(actions)).put(action, to);
        return this;
    }

    Optional<S> target(S from, A action) {
        return Optional.ofNullable(transitions.getOrDefault(from, Map.of()).get(action));
    }
}
