package io.gearpump.core.api;

/**
 * What a user submits: a name, the graph of processors and a config every task sees (each
 * processor's own config is laid over it).
 */
public record Application(String name, Graph graph, UserConfig config) {

    public Application {
        if (name == null || name.isBlank()) {
            throw new InvalidApplicationException("an application needs a non-blank name");
        }
        if (graph == null) {
            throw new InvalidApplicationException("application '" + name + "' needs a graph");
        }
        if (config == null) {
            config = UserConfig.empty();
        }
    }

    public static Application of(String name, Graph graph) {
        return new Application(name, graph, UserConfig.empty());
    }

    public static Application of(String name, Graph graph, UserConfig config) {
        return new Application(name, graph, config);
    }

    /** The same application with {@code guarantee} ({@code gearpump.app.guarantee} in its config). */
    public Application withGuarantee(Guarantee guarantee) {
        return new Application(name, graph, config.with("gearpump.app.guarantee", guarantee.name()));
    }

    /**
     * The same application stopped gracefully (sources end, the rest drains) {@code runTime} after its
     * submission, by its AppMaster: it ends on time even if the client that submitted it is gone
     * ({@code gearpump.app.run.seconds}; at least a second, a fraction of one rounded up).
     */
    public Application withRunTime(java.time.Duration runTime) {
        if (runTime.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
            throw new InvalidApplicationException("application '" + name + "' needs a run time of at least a second, not " + runTime);
        }
        long seconds = runTime.toSeconds() + (runTime.toNanosPart() > 0 ? 1 : 0);
        return new Application(name, graph, config.with("gearpump.app.run.seconds", seconds));
    }

    /** The same application taking a checkpoint every {@code interval} ({@code gearpump.checkpoint.interval.ms}). */
    public Application withCheckpointInterval(java.time.Duration interval) {
        return new Application(name, graph, config.with("gearpump.checkpoint.interval.ms", interval.toMillis()));
    }
}
