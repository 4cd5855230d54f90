package dev.mercato.rewards;

import java.time.Instant;

/**
 * Tokens a user redeemed ({@code rdm_…}), in one ledger transaction of type {@code rewards.redeem}.
 * The fields of the other types are null.
 *
 * @param type             {@code cash}, {@code credits}, {@code feature} or {@code voucher}
 * @param faceValue        cash: the tokens' value in minor units of {@code currency} ({@code cash + fee})
 * @param fee              cash: what the platform kept
 * @param cash             cash: what became the user's earnings, paid out through payout {@code payoutId}
 * @param credits          credits: the free credits granted, as credit lot {@code creditLotId}
 * @param feature          feature: the plan feature granted until {@code featureExpiresAt}
 * @param voucherCode      voucher: the code issued
 * @param balance          the user's token balance right after (0 when read back later)
 */
public record Redemption(String id, String userId, String type, long tokens, String asset, String currency,
        Long faceValue, Long fee, Long cash, Long credits, String creditLotId, String feature, Instant featureExpiresAt,
        String voucherCode, String payoutId, String transactionId, Instant createdAt, long balance) {

    Redemption withPayout(String payout) {
        return new Redemption(id, userId, type, tokens, asset, currency, faceValue, fee, cash, credits, creditLotId, feature,
                featureExpiresAt, voucherCode, payout, transactionId, createdAt, balance);
    }
}
