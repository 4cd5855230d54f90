package dev.mercato.platform.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names what a request did from its route pattern alone, so no controller has to declare it: the
 * resource is the noun before the last path variable ({@code /v1/orders/{id}/pay} → an order,
 * with that id), or the collection posted to ({@code /v1/orders} → an order, whose id the response
 * gives); the action is the resource plus the trailing verb segments, or a verb from the method.
 * {@code me} in a path stands for the caller's own user id.
 *
 * @param resourceId null when neither the path nor the response names one
 */
record RouteAction(String action, String resourceType, String resourceId) {

    /** Shapes by method and route pattern: a pattern is parsed once, not on every request. */
    private static final Map<String, Shape> SHAPES = new ConcurrentHashMap<>();
    /** Route patterns are few; an unmapped request's raw path (a 403 before routing) is not kept past this. */
    private static final int MAX_SHAPES = 2_000;

    static RouteAction of(String method, String pattern, Map<String, String> variables, String callerUserId,
            String responseId) {
        String key = method + ' ' + pattern;
        Shape shape = SHAPES.get(key);
        if (shape == null) {
            shape = Shape.of(method, pattern);
            if (SHAPES.size() < MAX_SHAPES) {
                SHAPES.put(key, shape);
            }
        }
        String id = shape.me() ? callerUserId : shape.variable() != null ? variables.get(shape.variable()) : responseId;
        return new RouteAction(shape.action(), shape.resourceType(), id);
    }

    /**
     * What a route pattern says, whatever its variables' values: the action, the resource type and
     * where the resource id comes from ({@code me}: the caller; a path variable; else the response).
     */
    private record Shape(String action, String resourceType, String variable, boolean me) {

        static Shape of(String method, String pattern) {
            List<String> segments = new ArrayList<>(Arrays.stream(pattern.split("/")).filter(s -> !s.isEmpty()).toList());
            if (!segments.isEmpty() && segments.getFirst().matches("v\\d+")) {
                segments.removeFirst();
            }
            if (segments.isEmpty()) {
                return new Shape("root." + collectionVerb(method), "root", null, false);
            }
            int item = -1;
            for (int i = 0; i < segments.size(); i++) {
                if (isVariable(segments.get(i)) || segments.get(i).equals("me")) {
                    item = i;
                }
            }
            String type;
            String variable = null;
            boolean me = false;
            List<String> tail;
            if (item > 0) {
                type = noun(segments.get(item - 1));
                String segment = segments.get(item);
                me = segment.equals("me");
                variable = me ? null : segment.substring(1, segment.length() - 1);
                tail = segments.subList(item + 1, segments.size());
            } else if (item < 0 && segments.size() > 1 && "POST".equals(method) && !segments.getLast().endsWith("s")) {
                // A POST to a singular word after a noun is a verb: /v1/test-clock/advance.
                type = noun(segments.get(segments.size() - 2));
                tail = List.of(segments.getLast());
            } else {
                type = noun(segments.getLast());
                tail = List.of();
            }
            String verb;
            if (tail.isEmpty()) {
                verb = item > 0 ? itemVerb(method) : collectionVerb(method);
            } else {
                String words = String.join(".", tail.stream().map(RouteAction::word).toList());
                verb = "POST".equals(method) ? words : words + "." + itemVerb(method);
            }
            return new Shape(type + "." + verb, type, variable, me);
        }
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static String collectionVerb(String method) {
        return "POST".equals(method) ? "create" : itemVerb(method);
    }

    private static String itemVerb(String method) {
        return switch (method) {
            case "PUT", "PATCH" -> "update";
            case "DELETE" -> "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    private static String word(String segment) {
        return segment.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Singular of a path word: {@code categories} → {@code category}, {@code api-keys} → {@code api_key}. */
    static String noun(String segment) {
        String word = word(segment);
        if (word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}
