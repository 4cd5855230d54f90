package dev.mercato.platform.audit;

import tools.jackson.databind.JsonNode;

/** One resource a request changed, with its state before and after (already redacted; null for none). */
record AuditChange(String resourceType, String resourceId, JsonNode before, JsonNode after) {
}
