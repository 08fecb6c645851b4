package io.gearpump.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.cluster.AppDescriptionTest.Even;
import io.gearpump.core.cluster.AppDescriptionTest.Modulo;
import io.gearpump.core.cluster.AppDescriptionTest.Numbers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/**
 * A description whose bytes name a class that is neither registered nor the application's (the
 * JDK's, the engine's, or absent) is refused naming it, before that class is even loaded; and the
 * next description decodes as before. The bytes are a real description with one class name swapped:
 * Kryo writes class names in ASCII with the last byte's high bit set, so a name can be replaced by
 * one of another length.
 */
class AppDescriptionRefusalTest {

    /** What a lambda captures: a class of the application. */
    record Holder(int modulus) {
    }

    /** Sees what the test's loader sees; remembers every class it is asked to load. */
    static final class RecordingLoader extends ClassLoader {
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        RecordingLoader() {
            super(AppDescriptionRefusalTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private static byte[] description(Partitioner partitioner) {
        return AppDescription.of(Application.of("app", Graph.of(Processor.of(Numbers.class, 1, "numbers")
                .to(partitioner, Processor.of(Even.class, 2, "even"))))).toBytes();
    }

    private static byte[] withLambdaCapturing() {
        Holder holder = new Holder(3);
        return description((m, n) -> (Integer) m.value() % holder.modulus() % n);
    }

    /** {@code bytes} with the class name {@code from} replaced by {@code to}; {@code from} must occur once. */
    static byte[] swapName(byte[] bytes, String from, String to) {
        byte[] f = ascii(from);
        int at = indexOf(bytes, f, 0);
        assertTrue(at >= 0, from + " is not in the bytes");
        assertEquals(-1, indexOf(bytes, f, at + 1), from + " is in the bytes twice");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(ascii(to));
        out.write(bytes, at + f.length, bytes.length - at - f.length);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        b[b.length - 1] |= (byte) 0x80;
        return b;
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int i = from; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidApplicationException refused(byte[] bytes, RecordingLoader loader) {
        return assertThrows(InvalidApplicationException.class, () -> AppDescription.fromBytes(bytes, loader));
    }

    @Test
    void aJdkClassAsThePartitionerIsRefusedUnloadedAndTheNextDescriptionStillDecodes() {
        byte[] good = description(new Modulo(2));
        byte[] hostile = swapName(good, Modulo.class.getName(), "java.util.concurrent.ThreadPoolExecutor");
        RecordingLoader loader = new RecordingLoader();

        InvalidApplicationException e = refused(hostile, loader);

        assertTrue(e.getMessage().startsWith("the application description cannot be read: "
                + "java.util.concurrent.ThreadPoolExecutor is a JDK class, not one of the application's classes"), e.getMessage());
        assertFalse(loader.asked.contains("java.util.concurrent.ThreadPoolExecutor"), "never loaded");
        AppDescription back = AppDescription.fromBytes(good, loader);
        assertEquals(Modulo.class, back.edges().get(0).partitioner().getClass());
        assertEquals(1, back.toApplication(loader).graph().edges().get(0).partitioner().getPartition(Message.of(7), 2));
    }

    @Test
    void anEngineClassCapturedByALambdaIsRefusedUnloadedNamingItAndWhereItLives() {
        byte[] hostile = swapName(withLambdaCapturing(), Holder.class.getName(), "io.gearpump.core.task.TaskRunner");
        RecordingLoader loader = new RecordingLoader();

        InvalidApplicationException e = refused(hostile, loader);

        assertTrue(e.getMessage().contains("io.gearpump.core.task.TaskRunner is the engine's own ("), e.getMessage());
        assertTrue(e.getMessage().contains("gearpump-core/target/classes/), not one of the application's classes"),
                e.getMessage());
        assertFalse(loader.asked.contains("io.gearpump.core.task.TaskRunner"), "never loaded");
    }

    @Test
    void aJdkClassCapturedByALambdaIsRefused() {
        byte[] hostile = swapName(withLambdaCapturing(), Holder.class.getName(), "java.lang.ProcessBuilder");

        InvalidApplicationException e = refused(hostile, new RecordingLoader());

        assertTrue(e.getMessage().contains("java.lang.ProcessBuilder is a JDK class"), e.getMessage());
    }

    @Test
    void aClassTheJarDoesNotHaveIsNamed() {
        byte[] hostile = swapName(description(new Modulo(2)), Modulo.class.getName(), "com.example.Evil");

        InvalidApplicationException e = refused(hostile, new RecordingLoader());

        assertTrue(e.getMessage().contains("com.example.Evil is not in the application's jar"), e.getMessage());
    }

    @Test
    void somethingThatIsNotAClassNameIsRefusedUnloaded() {
        byte[] hostile = swapName(description(new Modulo(2)), Modulo.class.getName(), "[Ljava.lang.Runtime;");
        RecordingLoader loader = new RecordingLoader();

        InvalidApplicationException e = refused(hostile, loader);

        assertTrue(e.getMessage().contains("[Ljava.lang.Runtime; is not a class name"), e.getMessage());
        assertTrue(loader.asked.isEmpty(), "nothing loaded: " + loader.asked);
    }

    @Test
    void anApplicationClassThatIsNotAPartitionerIsRefusedBeforeItIsBuilt() {
        byte[] hostile = swapName(description(new Modulo(2)), Modulo.class.getName(), Holder.class.getName());

        InvalidApplicationException e = refused(hostile, new RecordingLoader());

        assertTrue(e.getMessage().contains("edge 0 -> 1 names " + Holder.class.getName()
                + " as its partitioner, which is not a " + Partitioner.class.getName()), e.getMessage());
    }

    @Test
    void aLambdaNamedInAClassWithoutSuchLambdasIsRefused() {
        byte[] good = withLambdaCapturing();
        // the lambda's capturing class is this test; Modulo has no lambdas to rebuild
        byte[] hostile = swapName(good, AppDescriptionRefusalTest.class.getName(), Modulo.class.getName());

        InvalidApplicationException e = refused(hostile, new RecordingLoader());

        assertTrue(e.getMessage().contains(Modulo.class.getName() + " has no serializable lambda to rebuild"), e.getMessage());
        assertEquals(List.of(0, 1, 0), routes(AppDescription.fromBytes(good, new RecordingLoader())), "the good one decodes");
    }

    @Test
    void bytesThatAreNotADescriptionAreRefused() {
        byte[] good = description(Partitioners.hash());

        InvalidApplicationException truncated = refused(Arrays.copyOf(good, 10), new RecordingLoader());
        InvalidApplicationException trailing = refused(Arrays.copyOf(good, good.length + 1), new RecordingLoader());

        assertTrue(truncated.getMessage().startsWith("the application description cannot be read: "), truncated.getMessage());
        assertTrue(trailing.getMessage().contains("1 bytes follow the end"), trailing.getMessage());
    }

    private static List<Integer> routes(AppDescription d) {
        Partitioner p = d.edges().get(0).partitioner();
        return List.of(p.getPartition(Message.of(0), 2), p.getPartition(Message.of(1), 2), p.getPartition(Message.of(2), 2));
    }
}
