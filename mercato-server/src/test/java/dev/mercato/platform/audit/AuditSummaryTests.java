package dev.mercato.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an audit summary keeps of a body: secrets redacted by field name and by value, everything else as sent. */
class AuditSummaryTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aFieldNamedForASecretIsRedactedWhateverItsCaseOrSurroundingWords() {
        List<String> secretNames = List.of("secret", "client_secret", "Password", "passwd", "passphrase", "access_token",
                "api_key", "KeyId", "card", "card_number", "cvc", "CVV", "iban", "account_number", "payment_method",
                "Authorization", "webhook_signature", "credentials", "newPASSWORDhash", "key\nname");
        for (String name : secretNames) {
            assertThat(AuditSummary.secretName(name)).as(name).isTrue();
            // asked twice: the second answer comes from the names already judged
            assertThat(AuditSummary.secretName(name)).as(name).isTrue();
        }
    }

    @Test
    void otherFieldsAreKept() {
        for (String name : List.of("amount", "account_id", "direction", "asset", "type", "idempotency_ref", "entries",
                "reference", "metadata", "pay", "sign", "count")) {
            assertThat(AuditSummary.secretName(name)).as(name).isFalse();
            assertThat(AuditSummary.secretName(name)).as(name).isFalse();
        }
    }

    @Test
    void aSummaryRedactsSecretFieldsAndSecretValuesAndKeepsTheRest() {
        JsonNode request = JSON.readTree("""
                {"type":"bench.transfer","client_secret":"abc","nested":{"Api_Key":"x","note":"sk_live_123"},
                 "entries":[{"account_id":"acct_1","amount":5,"payment_method":null}]}""");
        JsonNode summary = AuditSummary.of(request, null, List.of()).get("request");
        assertThat(summary.get("type").asString()).isEqualTo("bench.transfer");
        assertThat(summary.get("client_secret").asString()).isEqualTo(AuditSummary.REDACTED);
        assertThat(summary.get("nested").get("Api_Key").asString()).isEqualTo(AuditSummary.REDACTED);
        assertThat(summary.get("nested").get("note").asString()).isEqualTo(AuditSummary.REDACTED);
        assertThat(summary.get("entries").get(0).get("account_id").asString()).isEqualTo("acct_1");
        assertThat(summary.get("entries").get(0).get("amount").asLong()).isEqualTo(5);
        assertThat(summary.get("entries").get(0).get("payment_method").isNull()).isTrue();
    }

    @Test
    void farMoreDistinctNamesThanAreRememberedAreStillJudged() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(AuditSummary.secretName("field_" + i)).isFalse();
            assertThat(AuditSummary.secretName("token_" + i)).isTrue();
        }
    }
}
