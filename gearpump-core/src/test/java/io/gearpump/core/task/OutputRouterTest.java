package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class OutputRouterTest {

    private final Inbox first = new Inbox(100);
    private final Inbox second = new Inbox(100);

    /** A router with one edge to two tasks, batch size 3; the second task's channel number is 5. */
    private OutputRouter router(boolean source, Partitioner partitioner) {
        OutputRouter router = new OutputRouter(source);
        LocalLinks links = new LocalLinks(3, router::watermark, NanoClock.SYSTEM, true);
        router.addLocalLinks(links);
        OutputChannel[] targets = {new LocalChannel(links, first, 0), new LocalChannel(links, second, 5)};
        router.addEdge(new OutputRouter.Edge("src -> dst", partitioner, targets, 0));
        return router;
    }

    private static Object[] values(Batch b) {
        return Arrays.stream(b.messages(), 0, b.size()).map(Message::value).toArray();
    }

    @Test
    void messagesAreHandedOverInFullBatchesAndTheRestOnFlush() {
        OutputRouter router = router(true, (m, n) -> 0);
        for (int i = 1; i <= 7; i++) {
            router.output(new Message(i, i));
        }

        assertEquals(6, first.queued(), "two full batches were handed over");
        assertEquals(6, router.sent());
        router.flushAll();

        Batch b1 = first.poll(), b2 = first.poll(), b3 = first.poll();
        assertArrayEquals(new Object[] {1, 2, 3}, values(b1));
        assertEquals(3, b1.watermark(), "a source's watermark follows its output timestamps");
        assertArrayEquals(new Object[] {4, 5, 6}, values(b2));
        assertArrayEquals(new Object[] {7}, values(b3));
        assertEquals(7, b3.watermark());
        assertEquals(0, b3.channel());
        assertNull(first.poll());
        assertEquals(7, router.sent());
    }

    @Test
    void flushSendsTheWatermarkAloneWhereItAdvancedAndOnlyOnce() {
        OutputRouter router = router(true, (m, n) -> 0);
        router.output(new Message("x", 42));

        router.flushAll();
        router.flushAll();

        Batch onlyWatermark = second.poll();
        assertEquals(0, onlyWatermark.size());
        assertEquals(42, onlyWatermark.watermark());
        assertEquals(5, onlyWatermark.channel());
        assertFalse(onlyWatermark.endOfStream());
        assertNull(second.poll(), "an unchanged watermark is not sent again");
    }

    @Test
    void broadcastGoesToEveryTaskAndDropToNone() {
        OutputRouter router = router(false, (m, n) -> (Integer) m.value() == 0 ? Partitioner.DROP : Partitioner.ALL);
        router.output(new Message(0, 0));
        router.output(new Message(1, 0));
        router.flushAll();

        assertArrayEquals(new Object[] {1}, values(first.poll()));
        assertArrayEquals(new Object[] {1}, values(second.poll()));
        assertEquals(2, router.sent(), "sent counts a broadcast message once per receiving task");
    }

    @Test
    void partitionOutOfRangeIsReportedWithEdgeAndValue() {
        OutputRouter router = router(false, (m, n) -> 2);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> router.output(new Message("x", 0)));

        assertTrue(e.getMessage().contains("on edge src -> dst returned 2 for 2 tasks; expected 0..1, DROP or ALL"),
                e.getMessage());
    }

    @Test
    void explicitWatermarkStopsStampingAndNeverMovesBack() {
        OutputRouter router = router(true, (m, n) -> 0);

        router.advanceWatermark(100, true);
        router.output(new Message("late-stamped", 500));
        router.advanceWatermark(50, true);

        assertEquals(100, router.watermark());
    }

    @Test
    void nonSourceWatermarkComesOnlyFromItsInputs() {
        OutputRouter router = router(false, (m, n) -> 0);

        router.output(new Message("x", 500));
        assertEquals(Long.MIN_VALUE, router.watermark());
        router.advanceWatermark(70, false);
        assertEquals(70, router.watermark());
    }

    @Test
    void endOfStreamFlushesPendingMessagesThenEndsEveryChannel() {
        OutputRouter router = router(true, (m, n) -> 1);
        router.output(new Message("last", 9));

        router.endOfStream();

        Batch data = second.poll();
        assertArrayEquals(new Object[] {"last"}, values(data));
        assertEquals(Long.MAX_VALUE, data.watermark());
        assertTrue(second.poll().endOfStream());
        assertEquals(Long.MAX_VALUE, first.poll().watermark(), "an idle channel gets the final watermark");
        assertTrue(first.poll().endOfStream());
        assertEquals(Long.MAX_VALUE, router.watermark());
    }
}
