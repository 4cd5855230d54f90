package dev.mercato.platform;

/**
 * The outcome of evaluating a flag, shaped like OpenFeature's resolution details.
 *
 * @param value     {@link Boolean} for a boolean flag, the variant's {@link String} value for a variant
 *                  flag, null when the flag does not exist
 * @param variant   the variant's key ({@code on}/{@code off} for a boolean flag), null when the flag does not exist
 * @param reason    why this variant was chosen
 * @param errorCode set only with {@link Reason#ERROR}
 * @param version   the flag's version when it was evaluated (0 for an unknown flag), for flag metadata
 */
public record FlagEvaluation(Object value, String variant, Reason reason, ErrorCode errorCode, int version) {

    /** OpenFeature's reasons, with the same names. */
    public enum Reason {
        /** The flag has no targeting and no rollout: everyone gets the environment's default. */
        STATIC,
        /** A targeting rule (user id or role) matched. */
        TARGETING_MATCH,
        /** The user's sticky bucket fell in a rollout percentage. */
        SPLIT,
        /** The flag is turned off or the global kill switch is engaged: the off variant. */
        DISABLED,
        /** No rule matched and the user's bucket fell outside the rollout: the environment's default. */
        DEFAULT,
        /** The flag could not be evaluated; see the error code. */
        ERROR
    }

    /** OpenFeature's error codes that can occur here. */
    public enum ErrorCode {
        FLAG_NOT_FOUND
    }

    public static FlagEvaluation notFound() {
        return new FlagEvaluation(null, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND, 0);
    }
}
