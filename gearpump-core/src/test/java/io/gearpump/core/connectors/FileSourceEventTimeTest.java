package io.gearpump.core.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.testing.Poll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** FileSource stamping messages with the event time a user function gives, and its watermark following it. */
@Timeout(60)
class FileSourceEventTimeTest {

    /** "<millis>,<text>": the event time is the number before the comma. */
    private static UserConfig timedLines(Path path, Duration maxOutOfOrder) {
        return FileSource.withEventTime(UserConfig.empty().with("path", path.toString()),
                (String line) -> Long.parseLong(line.substring(0, line.indexOf(','))), maxOutOfOrder);
    }

    @TempDir
    Path dir;

    @Test
    void messagesCarryTheFunctionsTimeAndTheWatermarkIsTheGreatestSeenMinusTheOutOfOrderness() throws IOException {
        Path file = Files.writeString(dir.resolve("events.txt"), "1000,a\n3000,b\n2000,c\n2500,d\n");
        ManualTaskContext context = new ManualTaskContext(new TaskId(0, 0), 1, Guarantee.NONE);
        FileSource source = new FileSource(context, timedLines(file, Duration.ofMillis(500)).with("watch", true));

        source.onStart(Instant.EPOCH);
        context.runSelfMessages(source);

        assertEquals(List.of(1000L, 3000L, 2000L, 2500L), context.outputs.stream().map(Message::timestamp).toList());
        assertEquals(Instant.ofEpochMilli(2500), context.watermark(), "3000 (the greatest) - 500");

        Files.writeString(file, "1500,late\n4000,e\n", java.nio.file.StandardOpenOption.APPEND);
        context.outputs.clear();
        context.fireTimers(source);
        assertEquals(List.of(1500L, 4000L), context.outputs.stream().map(Message::timestamp).toList(), "a late value is still output");
        assertEquals(Instant.ofEpochMilli(3500), context.watermark());
    }

    @Test
    void recordsGetTheirTimeFromTheirBytes() throws IOException {
        Path file = dir.resolve("events.bin");
        Files.write(file, ByteBuffer.allocate(24).putInt(8).putLong(7_000).putInt(8).putLong(9_000).array());
        ManualTaskContext context = new ManualTaskContext(new TaskId(0, 0), 1, Guarantee.NONE);
        UserConfig config = FileSource.withEventTime(UserConfig.empty().with("path", file.toString()).with("format", "records"),
                (byte[] record) -> ByteBuffer.wrap(record).getLong(), Duration.ZERO);
        FileSource source = new FileSource(context, config);

        source.onStart(Instant.EPOCH);
        context.runSelfMessages(source);

        assertEquals(List.of(7_000L, 9_000L), context.outputs.stream().map(Message::timestamp).toList());
        assertEquals(Instant.ofEpochMilli(9_000), context.watermark());
    }

    @Test
    void theApplicationClockFollowsTheEventTimes() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("events.txt"), "1000,a\n5000,b\n2000,c\n");
        STAMPS.clear();
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int app = engine.submit(Application.of("event-time", Graph.of(
                    Processor.of(FileSource.class, 1, "read", timedLines(in, Duration.ofSeconds(1)).with("watch", true))
                            .to(Processor.of(Stamps.class, 1, "stamps")))));

            Poll.until("the application clock at 5000 - 1000 ms", () -> engine.status(app).clock(),
                    clock -> Instant.ofEpochMilli(4000).equals(clock));
            assertEquals(Map.of("1000,a", 1000L, "5000,b", 5000L, "2000,c", 2000L), STAMPS);
            engine.kill(app);
        }
    }

    @Test
    void aFunctionThatThrowsFailsTheTaskNamingTheFileAndTheOffset() throws IOException {
        Path file = Files.writeString(dir.resolve("events.txt"), "1000,a\nno time here\n");
        ManualTaskContext context = new ManualTaskContext(new TaskId(0, 0), 1, Guarantee.NONE);
        FileSource source = new FileSource(context, timedLines(file, Duration.ZERO));
        source.onStart(Instant.EPOCH);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> context.runSelfMessages(source));
        assertTrue(e.getMessage().startsWith("FileSource: the event-time function failed on the value at offset 7 of " + file),
                e.getMessage());
    }

    @Test
    void aFunctionCapturingWhatCannotTravelIsRefusedWhenItIsGiven() {
        Object notSerializable = new Object();
        InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> FileSource.withEventTime(
                UserConfig.empty(), (String line) -> notSerializable.hashCode(), Duration.ZERO));

        assertTrue(e.getMessage().contains("FileSource's event-time function"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Object is a JDK class"), e.getMessage());
    }

    static final Map<String, Long> STAMPS = new ConcurrentHashMap<>();

    /** Keeps each message's timestamp by its value. */
    public static final class Stamps extends Task {
        public Stamps(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            STAMPS.put((String) message.value(), message.timestamp());
        }
    }
}
