package dev.mercato.platform.audit;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What an audit event needs to know about its request, taken on the request's thread so that
 * another thread (a group committer) can write the event inside its own transaction.
 *
 * @param route       the matched route pattern, or the path when none matched
 * @param requestBody the parsed JSON body, or null
 * @param status      the status the request answers with (for a handler still running: the one it declares)
 */
record RequestCapture(RequestAudit audit, String actorId, String onBehalfOf, String apiKeyId, String callerUserId,
        String method, String route, Map<String, String> variables, JsonNode requestBody, String requestId,
        String clientIp, int status) {
}
