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
}
