package dev.mercato.campaigns;

import java.time.Instant;
import java.util.List;

/**
 * What a buyer asks for; null optional fields take their defaults (minimum 50 words, thresholds
 * 0.70 / 0.50, auto-approval after the configured days, 30-minute reservations).
 */
public record NewCampaign(String title, List<String> questions, String guidance, Long reward, String currency,
        Integer target, Instant deadline, Integer minimumWords, List<ScreeningQuestion> screening, Double passThreshold,
        Double borderlineThreshold, Integer autoApproveDays, Integer reservationMinutes) {
}
