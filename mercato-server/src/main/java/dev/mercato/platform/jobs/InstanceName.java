package dev.mercato.platform.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * This instance's name in job state ({@code picked_by}) and run history: host, process and a
 * random suffix, so that two instances on one host, or in one test JVM, are told apart.
 */
@Component
class InstanceName {

    private final String value;

    InstanceName() {
        byte[] suffix = new byte[2];
        new SecureRandom().nextBytes(suffix);
        this.value = host() + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(suffix);
    }

    String value() {
        return value;
    }

    private static String host() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
