package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Message;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** A sender's output to all of a wide processor's tasks through one fan-out, as its router drives it. */
class LocalFanOutTest {

    private final Inbox[] inboxes = {new Inbox(100), new Inbox(100), new Inbox(100), new Inbox(100)};
    private final int[] firstChannels = {0, 10, 20, 30}; // where each receiver numbers this edge's senders from
    private final OutputRouter router = new OutputRouter(true);
    private final LocalLinks links = new LocalLinks(3, router::watermark, NanoClock.SYSTEM, false);

    /** Sender 2 of the edge, batch size 3, each message to the receiver its value names. */
    private OutputRouter routerOfSender2() {
        router.addLocalLinks(links);
        router.addEdge(new OutputRouter.Edge("src -> wide", (m, n) -> (Integer) m.value() / 100, new OutputChannel[0], 2,
                new LocalFanOut(links, inboxes, firstChannels, 2)));
        return router;
    }

    private static Object[] values(Batch b) {
        return Arrays.stream(b.messages(), 0, b.size()).map(Message::value).toArray();
    }

    @Test
    void eachReceiverGetsItsOwnBatchesOnItsOwnChannelFromThisSender() {
        OutputRouter r = routerOfSender2();
        r.output(new Message(101, 1));
        r.output(new Message(301, 2));
        r.output(new Message(102, 3));
        for (int i = 0; i < 3; i++) {
            r.output(new Message(200 + i, 4 + i)); // a full batch goes at once
        }

        assertEquals(3, inboxes[2].queued());
        assertEquals(0, inboxes[1].queued(), "receivers 1 and 3 wait for the flush");
        r.flushAll();

        Batch toOne = inboxes[1].poll();
        assertArrayEquals(new Object[] {101, 102}, values(toOne));
        assertEquals(12, toOne.channel(), "receiver 1 numbers sender 2 as 10 + 2");
        assertEquals(6, toOne.watermark());
        assertArrayEquals(new Object[] {301}, values(inboxes[3].poll()));
        assertArrayEquals(new Object[] {200, 201, 202}, values(inboxes[2].poll()));
        assertNull(inboxes[0].poll(), "no data and no watermark alone for a receiver that got nothing");
        assertEquals(6, r.sent());
    }

    @Test
    void aFlushAfterAFlushSendsOnlyWhatCameInBetween() {
        OutputRouter r = routerOfSender2();
        r.output(new Message(0, 1));
        r.flushAll();
        r.output(new Message(300, 2));
        r.flushAll();
        r.flushAll();

        assertArrayEquals(new Object[] {0}, values(inboxes[0].poll()));
        assertNull(inboxes[0].poll());
        assertArrayEquals(new Object[] {300}, values(inboxes[3].poll()));
        assertNull(inboxes[3].poll());
    }

    @Test
    void barriersAndTheEndOfTheStreamReachEveryReceiverAfterTheDataBeforeThem() {
        OutputRouter r = routerOfSender2();
        r.output(new Message(100, 1));

        r.barrier(7);
        r.endOfStream();

        assertArrayEquals(new Object[] {100}, values(inboxes[1].poll()), "data first");
        for (int i = 0; i < inboxes.length; i++) {
            Batch barrier = inboxes[i].poll();
            assertEquals(7, barrier.barrier(), "receiver " + i);
            assertEquals(firstChannels[i] + 2, barrier.channel());
            Batch end = inboxes[i].poll();
            assertTrue(end.endOfStream(), "receiver " + i);
            assertEquals(firstChannels[i] + 2, end.channel());
        }
    }
}
