package dev.mercato.rewards;

/**
 * What a user asks to redeem.
 *
 * @param type    {@code cash}, {@code credits}, {@code feature} or {@code voucher}
 * @param tokens  for cash and credits: how many tokens
 * @param feature for feature: which plan feature
 * @param days    for feature: for how many days
 */
public record RedemptionRequest(String type, Long tokens, String feature, Integer days) {
}
