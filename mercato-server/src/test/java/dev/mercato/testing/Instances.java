package dev.mercato.testing;

import dev.mercato.MercatoApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.ObjectMapper;

/**
 * Starts whole Mercato instances for tests that need more than the shared one: their own database,
 * several instances on one database, or an instance they stop. Arguments go on the command line,
 * so they override application.yml.
 */
public final class Instances {

    private Instances() {
    }

    /** An instance on a fresh database of its own. */
    public static ConfigurableApplicationContext start(String... extraArgs) {
        return startOn(TestDatabases.create(), extraArgs);
    }

    /** An instance on the given database (to run several instances on one). */
    public static ConfigurableApplicationContext startOn(String database, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestDatabases.USER, "--server.port=0", "--logging.level.root=warn"));
        if (Stream.of(extraArgs).noneMatch(arg -> arg.startsWith("--mercato.backup.directory="))) {
            // A repeated argument would be joined into a list, so the default goes in only when not given.
            args.add("--mercato.backup.directory=target/test-backups/" + ProcessHandle.current().pid());
        }
        args.addAll(List.of(extraArgs));
        return new SpringApplicationBuilder(MercatoApplication.class).run(args.toArray(String[]::new));
    }

    public static String baseUrl(ConfigurableApplicationContext instance) {
        return "http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port");
    }

    public static Api api(ConfigurableApplicationContext instance) {
        return new Api(baseUrl(instance), instance.getBean(ObjectMapper.class));
    }
}
