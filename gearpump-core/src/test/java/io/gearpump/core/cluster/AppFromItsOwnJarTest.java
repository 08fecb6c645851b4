package io.gearpump.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.KeyGroups;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application whose classes exist only in its own jar, behind its own class loader (as an
 * executor or {@code bin/gear submit} sees it): its lambda key function, its partitioner class and
 * what they hold travel by name and come back from that jar, and the application runs.
 */
class AppFromItsOwnJarTest {

    private static final String APP = """
            package jarred;

            import io.gearpump.core.api.*;
            import java.time.Instant;

            public final class Pipeline {
                public static Application app(int buckets) {
                    Processor numbers = Processor.of(Numbers.class, 1, "numbers", UserConfig.empty().with("n", 90));
                    Processor grouped = Processor.of(Count.class, 3, "grouped");
                    Processor modulo = Processor.of(Count.class, 3, "modulo");
                    Bucket bucket = new Bucket(buckets);
                    return Application.of("jarred", Graph.of(
                            numbers.to(Partitioners.groupBy(m -> bucket.of((Integer) m.value())), grouped),
                            numbers.to(new Modulo(bucket), modulo)));
                }

                /** Held by both partitioners: a class of the application. */
                public static final class Bucket {
                    private final int buckets;
                    Bucket(int buckets) { this.buckets = buckets; }
                    int of(int value) { return value % buckets; }
                }

                public static final class Modulo implements Partitioner {
                    private final Bucket bucket;
                    Modulo(Bucket bucket) { this.bucket = bucket; }
                    public int getPartition(Message m, int n) { return bucket.of((Integer) m.value()) % n; }
                }

                public static class Numbers extends Task {
                    public Numbers(TaskContext c, UserConfig u) { super(c, u); }
                    public void onStart(Instant start) {
                        for (int i = 0; i < config.getInt("n", 0); i++) { output(Message.of(i)); }
                    }
                    public void onNext(Message m) { }
                }

                public static class Count extends Task {
                    public Count(TaskContext c, UserConfig u) { super(c, u); }
                    public void onNext(Message m) {
                        context.counter(context.taskId().processorId() + "." + context.taskId().index()).increment();
                    }
                }
            }
            """;

    @Test
    void theApplicationComesBackFromItsOwnJarAndRuns(@TempDir Path dir) throws Exception {
        try (URLClassLoader jar = AppJar.build(dir, Map.of("jarred.Pipeline", APP))) {
            Application back = AppDescription.fromBytes(description(jar), jar).toApplication(jar);

            assertEquals(jar, back.graph().edges().get(1).partitioner().getClass().getClassLoader());
            assertEveryTaskCountedItsBucket(back);
        }
    }

    /** LocalCluster's loader (and jshell's) finds an application's classes but not their class files. */
    @Test
    void aLoaderThatFindsClassesButNotTheirFilesServesToo(@TempDir Path dir) throws Exception {
        try (URLClassLoader jar = AppJar.build(dir, Map.of("jarred.Pipeline", APP))) {
            ClassLoader classesOnly = new ClassLoader(AppFromItsOwnJarTest.class.getClassLoader()) {
                @Override
                protected Class<?> findClass(String name) throws ClassNotFoundException {
                    return Class.forName(name, false, jar);
                }
            };
            assertNull(classesOnly.getResource("jarred/Pipeline.class"));

            assertEveryTaskCountedItsBucket(AppDescription.fromBytes(description(jar), classesOnly).toApplication(classesOnly));
        }
    }

    private static byte[] description(ClassLoader jar) throws ReflectiveOperationException {
        Application app = (Application) jar.loadClass("jarred.Pipeline").getMethod("app", int.class).invoke(null, 3);
        return AppDescription.of(app).toBytes();
    }

    private static void assertEveryTaskCountedItsBucket(Application app) throws InterruptedException {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            AppStatus status = engine.awaitTermination(engine.submit(app), Duration.ofSeconds(10));
            assertEquals(AppState.SUCCEEDED, status.state(), status.toString());
            for (int task = 0; task < 3; task++) {
                assertEquals(30, status.counter("2." + task), "the modulo edge: one bucket per task");
                long buckets = 0;
                for (int bucket = 0; bucket < 3; bucket++) {
                    buckets += KeyGroups.taskOf(KeyGroups.of(bucket), 3) == task ? 1 : 0;
                }
                assertEquals(30 * buckets, status.counter("1." + task), "the group-by edge: each bucket on the task owning its key group");
            }
        }
    }

    @Test
    void withoutTheJarTheClassesAreNamedAsMissing(@TempDir Path dir) throws Exception {
        byte[] bytes;
        try (URLClassLoader jar = AppJar.build(dir, Map.of("jarred.Pipeline", APP))) {
            bytes = description(jar);
        }

        var e = assertThrows(InvalidApplicationException.class,
                () -> AppDescription.fromBytes(bytes, AppFromItsOwnJarTest.class.getClassLoader()));

        assertTrue(e.getMessage().contains("jarred.Pipeline is not in the application's jar"), e.getMessage());
    }
}
