package dev.mercato.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a state-changing handler whose module records no before and after ({@link AuditLog}),
 * with the reason: a command whose effects are recorded elsewhere, a request that is itself the
 * record, telemetry, or the stand-in for an outside system. The audit filter still writes such a
 * request's event, with its request and response (docs/audit.md). Every other POST, PUT, PATCH and
 * DELETE route records its change; a test fails for a route that does neither.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AuditExempt {

    /** Why before and after make no sense for this route, in one line. */
    String value();

    /**
     * True for a question asked with POST because it takes a body (an entitlement check): it changes
     * nothing, so its event guards no change and is written just after the response leaves, through
     * the same group commit, instead of holding the response until it is stored (docs/audit.md).
     */
    boolean question() default false;
}
