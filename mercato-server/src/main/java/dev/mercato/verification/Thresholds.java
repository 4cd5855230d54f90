package dev.mercato.verification;

/**
 * A weighted total at or above {@code pass} passes; at or above {@code borderline} goes to the
 * buyer's review queue; below it fails.
 */
public record Thresholds(double pass, double borderline) {

    public static final Thresholds DEFAULT = new Thresholds(0.70, 0.50);

    public Thresholds {
        if (!(borderline >= 0 && borderline <= pass && pass <= 1)) {
            throw new IllegalArgumentException("thresholds need 0 <= borderline <= pass <= 1");
        }
    }
}
