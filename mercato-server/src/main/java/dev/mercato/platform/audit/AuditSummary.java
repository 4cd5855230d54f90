package dev.mercato.platform.audit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The small JSON kept with an audit event: {@code request} is the request body with its secrets
 * replaced by {@code "[redacted]"} and cut to a bounded size; {@code response} is the id, object
 * and status the response reported (when the filter wrote the event); {@code changes} lists each
 * resource a module reported changing, with its state {@code before} and {@code after}. Secrets are recognised by field name (secret, password, token,
 * key, card, payment method, …) and by value (API keys and processor secrets by their prefixes),
 * so a new endpoint is covered without declaring anything.
 */
final class AuditSummary {

    static final String REDACTED = "[redacted]";
    /** A field name holding any of these words, in any case, is a secret's. */
    private static final Pattern SECRET_WORD = Pattern.compile(
            "secret|password|passwd|passphrase|token|key|card|cvc|cvv|iban|account_number|payment_method"
                    + "|authorization|signature|credential", Pattern.CASE_INSENSITIVE);
    /**
     * Field names already judged: every audited request and change passes the same few names, and a
     * search per name per event was the largest part of building an event. Names come from request
     * bodies, so only this many are remembered.
     */
    private static final int MAX_JUDGED_NAMES = 4_096;
    private static final Map<String, Boolean> JUDGED_NAMES = new ConcurrentHashMap<>();
    private static final List<String> SECRET_PREFIXES = List.of("mk_", "sk_", "rk_", "whsec_", "tok_", "pm_", "seti_");
    private static final int MAX_DEPTH = 3;
    private static final int MAX_FIELDS = 40;
    private static final int MAX_ITEMS = 10;
    private static final int MAX_STRING = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AuditSummary() {
    }

    /**
     * @param request  the parsed request body, or null when there was none or it was not JSON
     * @param response the parsed response body, or null
     */
    static ObjectNode of(JsonNode request, JsonNode response, List<AuditChange> changes) {
        ObjectNode summary = NODES.objectNode();
        if (request != null) {
            summary.set("request", redact(request, 0));
        }
        if (response != null && response.isObject()) {
            ObjectNode outcome = NODES.objectNode();
            for (String field : List.of("id", "object", "status")) {
                JsonNode value = response.get(field);
                if (value != null && value.isValueNode()) {
                    outcome.set(field, redact(value, 1));
                }
            }
            summary.set("response", outcome);
        }
        if (!changes.isEmpty()) {
            ArrayNode listed = summary.putArray("changes");
            for (AuditChange change : changes) {
                ObjectNode item = listed.addObject();
                item.put("resource_type", change.resourceType());
                item.put("resource_id", change.resourceId());
                item.set("before", change.before() == null ? NODES.nullNode() : change.before());
                item.set("after", change.after() == null ? NODES.nullNode() : change.after());
            }
        }
        return summary;
    }

    /** Whether a field of this name holds a secret (its value is then replaced). */
    static boolean secretName(String name) {
        Boolean secret = JUDGED_NAMES.get(name);
        if (secret == null) {
            secret = SECRET_WORD.matcher(name).find();
            if (JUDGED_NAMES.size() < MAX_JUDGED_NAMES) {
                JUDGED_NAMES.put(name, secret);
            }
        }
        return secret;
    }

    static JsonNode redact(JsonNode node, int depth) {
        if (node.isObject()) {
            if (depth >= MAX_DEPTH) {
                return NODES.stringNode("{…}");
            }
            ObjectNode copy = NODES.objectNode();
            int fields = 0;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (++fields > MAX_FIELDS) {
                    copy.put("…", node.size() - MAX_FIELDS + " more fields");
                    break;
                }
                copy.set(field.getKey(), secretName(field.getKey()) && !field.getValue().isNull()
                        ? NODES.stringNode(REDACTED) : redact(field.getValue(), depth + 1));
            }
            return copy;
        }
        if (node.isArray()) {
            if (depth >= MAX_DEPTH) {
                return NODES.stringNode("[" + node.size() + " items]");
            }
            ArrayNode copy = NODES.arrayNode();
            for (int i = 0; i < Math.min(node.size(), MAX_ITEMS); i++) {
                copy.add(redact(node.get(i), depth + 1));
            }
            if (node.size() > MAX_ITEMS) {
                copy.add(node.size() - MAX_ITEMS + " more items");
            }
            return copy;
        }
        if (node.isString()) {
            String value = node.asString();
            if (SECRET_PREFIXES.stream().anyMatch(value::startsWith)) {
                return NODES.stringNode(REDACTED);
            }
            return value.length() > MAX_STRING ? NODES.stringNode(value.substring(0, MAX_STRING) + "…") : node;
        }
        return node;
    }
}
