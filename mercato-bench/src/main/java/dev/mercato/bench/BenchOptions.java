package dev.mercato.bench;

/**
 * What one run measures and for how long. Every option has a system property of the same name
 * ({@code -Dbench.seconds=10}) and a command-line form ({@code --seconds 10}); the command line wins.
 *
 * @param seconds       measured window of each phase
 * @param warmupSeconds warm-up before each measured window, thrown away (default half the window, 2 to 10 s;
 *                      three times that before the first HTTP phase, whose web stack the JIT has not seen yet)
 * @param clients       concurrent callers in (a) to (d′) (pgbench clients, Java threads, HTTP threads); the
 *                      checkout phases use the count in their name, against pgbench at that count
 * @param scale         pgbench scale factor: branches, so 8 clients rarely collide on one branch row (a
 *                      reference at more clients than this uses as many branches as clients)
 * @param accounts      user accounts transfers move value between
 * @param stripes       stripes of the hot platform revenue account in phase (c)
 * @param sellers       sellers in the checkout phases (e8, e32), each with a ready payout account, a
 *                      published course and two published services
 * @param buyers        buyers in the checkout phases; each purchase picks one at random
 * @param checkoutAuth  how the checkout phases authenticate: {@code platform} (the platform backend's
 *                      admin key with {@code Mercato-On-Behalf-Of: usr_…}, the default) or {@code buyer}
 *                      (each buyer's own API key)
 * @param keep          leave the bench databases in place for inspection instead of dropping them
 * @param phases        which figures to measure (a always runs: it is the reference)
 * @param serverArgs    {@code --mercato.…} and {@code --spring.…} arguments handed to the embedded
 *                      server as they are, to try settings such as {@code --mercato.ledger.writers=2}
 */
record BenchOptions(double seconds, double warmupSeconds, int clients, int scale, int accounts, int stripes,
        int sellers, int buyers, String checkoutAuth, String pgHost, int pgPort, String pgUser, boolean keep,
        java.util.Set<String> phases, java.util.List<String> serverArgs) {

    static final java.util.List<String> ALL_PHASES = java.util.List.of("a", "b", "c", "d", "d'", "e8", "e32");
    /** Concurrent purchasers of each checkout phase: fixed by its name, whatever {@code --clients} says. */
    static final java.util.Map<String, Integer> CHECKOUT_PHASES = java.util.Map.of("e8", 8, "e32", 32);

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    /** {@link #parse}, or the usage error on stderr and exit status 2: the benchmarks' {@code main}. */
    static BenchOptions parseOrExit(String[] args) {
        try {
            return parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /**
     * Takes a benchmark's own options ({@code --name value}, names as the keys of {@code own}, which
     * holds their defaults and receives the values given) out of {@code args}; returns the rest.
     */
    static String[] takeOwn(String[] args, java.util.Map<String, String> own) {
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (own.containsKey(name) && i + 1 < args.length) {
                own.put(name, args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        return rest.toArray(String[]::new);
    }

    static BenchOptions parse(String[] args) {
        java.util.Map<String, String> given = new java.util.HashMap<>();
        java.util.List<String> serverArgs = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--mercato.") || arg.startsWith("--spring.")) {
                serverArgs.add(arg);
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + "\n" + usage());
            }
            String name = arg.substring(2);
            if (name.equals("help")) {
                System.out.println(usage());
                System.exit(0);
            }
            if (name.equals("keep")) {
                given.put(name, "true");
                continue;
            }
            int eq = name.indexOf('=');
            if (eq > 0) {
                given.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length) {
                given.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value\n" + usage());
            }
        }
        Lookup in = new Lookup(given);
        double seconds = in.number("seconds", 20);
        BenchOptions options = new BenchOptions(seconds, in.number("warmup", Math.clamp(seconds / 2, 2, 10)),
                (int) in.number("clients", 8), (int) in.number("scale", 16), (int) in.number("accounts", 10_000),
                (int) in.number("stripes", 8), (int) in.number("sellers", 32), (int) in.number("buyers", 256),
                in.text("checkout-auth", "platform"), in.text("pg-host", env("MERCATO_TEST_PG_HOST", "127.0.0.1")),
                (int) in.number("pg-port", Double.parseDouble(env("MERCATO_TEST_PG_PORT", "5432"))),
                in.text("pg-user", env("MERCATO_TEST_PG_USER", "postgres")), Boolean.parseBoolean(in.text("keep", "false")),
                phases(in.text("phases", String.join(",", ALL_PHASES))), java.util.List.copyOf(serverArgs));
        if (!given.keySet().stream().allMatch(Lookup.KNOWN::contains)) {
            throw new IllegalArgumentException("unknown option among " + given.keySet() + "\n" + usage());
        }
        if (options.seconds <= 0 || options.warmupSeconds < 0 || options.seconds > 3600 || options.clients < 1
                || options.accounts < 2 || options.stripes < 1 || options.stripes > 64 || options.scale < 1
                || options.sellers < 1 || options.buyers < 1
                || !java.util.Set.of("platform", "buyer").contains(options.checkoutAuth)) {
            throw new IllegalArgumentException("an option is out of range: " + options + "\n" + usage());
        }
        return options;
    }

    private static java.util.Set<String> phases(String list) {
        java.util.Set<String> phases = new java.util.LinkedHashSet<>(java.util.List.of(list.split(",")));
        if (!ALL_PHASES.containsAll(phases)) {
            throw new IllegalArgumentException("--phases takes a comma-separated subset of " + ALL_PHASES);
        }
        phases.add("a");
        return phases;
    }

    static String usage() {
        return """
                usage: ./mercato bench [--seconds 20] [--warmup 10] [--clients 8] [--scale 16] [--accounts 10000]
                                       [--stripes 8] [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user postgres] [--keep]
                                       [--phases a,b,c,d,d',e8,e32] [--sellers 32] [--buyers 256]
                                       [--checkout-auth platform|buyer] [--mercato.ledger.writers=N ...]
                (each also as a system property, e.g. -Dbench.seconds=10; --mercato.* and --spring.* go to the server;
                 MERCATO_BENCH_JVM_OPTS adds flags to the benchmark's JVM, e.g. a JFR recording)""";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private record Lookup(java.util.Map<String, String> given) {

        static final java.util.Set<String> KNOWN = java.util.Set.of("seconds", "warmup", "clients", "scale", "accounts",
                "stripes", "sellers", "buyers", "checkout-auth", "pg-host", "pg-port", "pg-user", "keep", "phases");

        String text(String name, String fallback) {
            String value = given.get(name);
            return value != null ? value : System.getProperty("bench." + name, fallback);
        }

        double number(String name, double fallback) {
            String value = text(name, null);
            try {
                return value == null ? fallback : Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a number, not " + value);
            }
        }
    }
}
