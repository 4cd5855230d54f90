package dev.mercato.platform;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Work done once per scheduled instance, at a given time, on exactly one instance of the cluster.
 * A module declares the handler as a bean and schedules instances through {@link Jobs#schedule}:
 *
 * <pre>{@code
 * @Bean
 * OneTimeJob sendReminder(Reminders reminders) {
 *     return new OneTimeJob("billing.reminder", reminders::send);   // receives the instance's data
 * }
 * }</pre>
 *
 * <p>A run that throws is retried with exponential backoff (from 30 seconds, up to 10 times); each
 * attempt is recorded in the job history.
 */
public record OneTimeJob(String name, Consumer<String> work) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    public OneTimeJob {
        Objects.requireNonNull(work, "work");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a job name is lower case letters, digits and . - _: " + name);
        }
    }
}
