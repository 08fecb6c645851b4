package io.gearpump.core.serialization;

import java.net.URL;
import java.security.CodeSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the engine's own classes live: the jar (or class directory) of each engine module and
 * library. An executor JVM loads the engine and the application's jar with one class loader (the
 * worker appends the jar to its own class path), so the loader cannot tell an application class
 * from an engine class; the place its class file comes from can. Each jar is found through one
 * class it holds; a module absent from this JVM (a client has no master) is skipped.
 *
 * <p>A dependency added to the engine must be added here. {@code EngineClassPathTest} (in
 * gearpump-examples, the one module with the whole engine on its class path) fails until it is.
 */
final class EngineClassPath {

    private static final List<String> ANCHORS = List.of(
            "io/gearpump/core/api/Task.class",
            "io/gearpump/net/protocol/NetWire.class",
            "io/gearpump/master/cluster/MasterService.class",
            "io/gearpump/worker/executor/ExecutorMain.class",
            "com/esotericsoftware/kryo/Kryo.class",
            "com/esotericsoftware/minlog/Log.class",
            "com/esotericsoftware/reflectasm/MethodAccess.class",
            "org/objenesis/Objenesis.class",
            "com/codahale/metrics/MetricRegistry.class",
            "com/codahale/metrics/graphite/GraphiteReporter.class",
            "com/fasterxml/jackson/databind/ObjectMapper.class",
            "com/fasterxml/jackson/core/JsonParser.class",
            "com/fasterxml/jackson/annotation/JsonProperty.class",
            "org/slf4j/Logger.class",
            "org/slf4j/simple/SimpleLogger.class",
            "META-INF/resources/webjars/uplot/1.6.30/package.json"); // no classes: the dashboard's charts

    /** Every root as {@link #rootOf} gives it, e.g. {@code file:/opt/gearpump/lib/kryo-5.6.2.jar}. */
    static final Set<String> ROOTS = ANCHORS.stream()
            .map(anchor -> rootOf(EngineClassPath.class.getClassLoader().getResource(anchor), anchor))
            .filter(Objects::nonNull)
            .collect(Collectors.toUnmodifiableSet());

    private EngineClassPath() {
    }

    /** The jar or directory that {@code resource} (found at {@code url}) comes from; null if unknown. */
    static String rootOf(URL url, String resource) {
        if (url == null) {
            return null;
        }
        String s = url.toString();
        if (s.startsWith("jar:")) {
            int bang = s.indexOf("!/");
            return bang < 0 ? null : s.substring("jar:".length(), bang);
        }
        return s.endsWith(resource) ? s.substring(0, s.length() - resource.length()) : null;
    }

    /** Where a loaded class comes from, in the same form; null if its loader did not say. */
    static String rootOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? null : source.getLocation().toString();
    }
}
