package io.gearpump.core.connectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.testing.Poll;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The binary record format ({@code format = records}) of FileSource and FileSink: both directions, rewinds, damage. */
@Timeout(60)
class RecordFormatTest {

    private static final UserConfig RECORDS = UserConfig.empty().with("format", "records");

    @TempDir
    Path dir;

    /** Records of every size from empty to over the source's first buffer (64 KiB), seeded. */
    private static List<byte[]> records(int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] r = new byte[i == 7 ? 200_000 : random.nextInt(300)];
            random.nextBytes(r);
            records.add(r);
        }
        return records;
    }

    private static byte[] framed(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(r.length).array());
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    @Test
    void recordsAreCopiedByteForByteFromSourceToSink() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<byte[]> records = records(500, 1);
        Files.write(in.resolve("records.bin"), framed(records));
        Path out = dir.resolve("out");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int app = engine.submit(Application.of("copy-records", Graph.of(
                    Processor.of(FileSource.class, 1, "read", RECORDS.with("path", in.toString()))
                            .to(Processor.of(FileSink.class, 1, "write", RECORDS.with("path", out.toString()))))));

            assertEquals(AppState.SUCCEEDED, engine.awaitTermination(app, Poll.TIMEOUT).state());
        }
        try (Stream<Path> parts = Files.list(out)) {
            List<Path> visible = parts.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertEquals(1, visible.size(), "one task, one part at the end: " + visible);
            assertArrayEquals(framed(records), Files.readAllBytes(visible.get(0)), "the same bytes, the same framing");
        }
    }

    @Test
    void aWatchedFileEndingInsideARecordWaitsForTheRestAndARestoreRewindsToTheRecordAfterTheSnapshot() throws IOException {
        Path file = dir.resolve("growing.bin");
        List<byte[]> records = records(4, 2);
        byte[] all = framed(records);
        int firstTwo = framed(records.subList(0, 2)).length;
        Files.write(file, Arrays.copyOf(all, firstTwo + 3)); // two records and the first bytes of the third's length
        UserConfig config = RECORDS.with("path", file.toString()).with("watch", true);

        ManualTaskContext context = new ManualTaskContext(new TaskId(0, 0), 1, Guarantee.EXACTLY_ONCE);
        FileSource source = new FileSource(context, config);
        source.onStart(Instant.EPOCH);
        context.runSelfMessages(source);
        assertRecords(records.subList(0, 2), context.takeValues());
        HashMap<String, Long> snapshot = source.snapshotState();
        assertEquals(firstTwo, snapshot.get("growing.bin"), "the offset of the first record not read");

        Files.write(file, Arrays.copyOfRange(all, firstTwo + 3, firstTwo + 10), StandardOpenOption.APPEND);
        context.fireTimers(source);
        assertEquals(List.of(), context.takeValues(), "still inside the third record: nothing yet");
        Files.write(file, Arrays.copyOfRange(all, firstTwo + 10, all.length), StandardOpenOption.APPEND);
        context.fireTimers(source);
        assertRecords(records.subList(2, 4), context.takeValues());

        ManualTaskContext again = new ManualTaskContext(new TaskId(0, 0), 1, Guarantee.EXACTLY_ONCE);
        FileSource restarted = new FileSource(again, config);
        restarted.restoreState(snapshot);
        restarted.onStart(Instant.EPOCH);
        again.runSelfMessages(restarted);
        assertRecords(records.subList(2, 4), again.takeValues());
    }

    @Test
    void aNegativeLengthFailsTheTaskNamingTheFileAndTheOffset() throws IOException {
        byte[] good = framed(List.of(new byte[] {1, 2, 3}));
        Path file = dir.resolve("damaged.bin");
        Files.write(file, ByteBuffer.allocate(good.length + 8).put(good).putInt(-5).putInt(0).array());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> readAll(RECORDS.with("path", file.toString())));
        assertTrue(e.getMessage().contains(file + " at offset " + good.length), e.getMessage());
        assertTrue(e.getMessage().contains("a record length of -5 bytes"), e.getMessage());
    }

    @Test
    void aLengthOverTheMaximumFailsTheTaskNamingTheFileAndTheOffset() throws IOException {
        Path file = dir.resolve("big.bin");
        Files.write(file, framed(List.of(new byte[10], new byte[11])));

        UserConfig config = RECORDS.with("path", file.toString()).with("record.max.bytes", 10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> readAll(config));
        assertTrue(e.getMessage().contains(file + " at offset 14"), e.getMessage());
        assertTrue(e.getMessage().contains("record.max.bytes = 10"), e.getMessage());
    }

    @Test
    void aFileThatIsNotWatchedAndEndsInsideARecordIsAnError() throws IOException {
        Path file = dir.resolve("cut.bin");
        byte[] two = framed(List.of(new byte[5], new byte[5]));
        Files.write(file, Arrays.copyOf(two, two.length - 2));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> readAll(RECORDS.with("path", file.toString())));
        assertTrue(e.getMessage().contains(file + " at offset 9") && e.getMessage().contains("ends inside a record"), e.getMessage());
    }

    @Test
    void theSinkRefusesAValueThatIsNotBytes() {
        FileSink sink = new FileSink(new ManualTaskContext(new TaskId(1, 0), 1, Guarantee.NONE), RECORDS.with("path", dir.toString()));
        sink.onStart(Instant.EPOCH);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sink.onNext(new Message("text", 0)));
        assertEquals("format = records writes byte[] values, got a java.lang.String", e.getMessage());
    }

    @Test
    void anUnknownFormatIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FileSource(
                new ManualTaskContext(new TaskId(0, 0), 1, Guarantee.NONE), UserConfig.empty().with("path", "x").with("format", "csv")));
        assertEquals("config 'format' = 'csv' is not lines or records", e.getMessage());
    }

    private static List<Object> readAll(UserConfig config) {
        ManualTaskContext context = new ManualTaskContext(new TaskId(0, 0), 1, Guarantee.NONE);
        FileSource source = new FileSource(context, config);
        source.onStart(Instant.EPOCH);
        context.runSelfMessages(source);
        return context.takeValues();
    }

    private static void assertRecords(List<byte[]> expected, List<Object> actual) {
        assertEquals(expected.size(), actual.size(), "how many records");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), (byte[]) actual.get(i), "record " + i);
        }
    }
}
