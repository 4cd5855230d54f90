package dev.mercato.payments;

import java.time.Instant;

/** A one-time link where a seller completes onboarding with the processor. */
public record OnboardingLink(String accountId, String url, Instant expiresAt) {
}
