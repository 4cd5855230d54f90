/**
 * Referrals: a code and link per user, claims by new users with self-referral checks, qualification
 * on signup or first purchase, rewards to both sides in tokens and credits held while they vest, and
 * claw-back when the qualifying purchase is refunded (docs/referrals.md).
 */
package dev.mercato.referrals;
