package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Message;
import io.gearpump.core.testing.Poll;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InboxTest {

    private Thread helper;

    @AfterEach
    void stopHelper() throws InterruptedException {
        if (helper != null) {
            helper.interrupt();
            helper.join(5_000);
            assertFalse(helper.isAlive(), "helper thread did not end");
        }
    }

    private static Batch data(int n) {
        return Batch.of(new Message[n], n, 0, Long.MIN_VALUE, 0);
    }

    /** Starts {@code body} on a helper thread; records what it threw. */
    private AtomicReference<Throwable> startHelper(ThrowingRunnable body) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        helper = Thread.ofPlatform().name("inbox-test-helper").start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        return thrown;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Polls (bounded) until the helper thread parks; the only place it can park is the call under test. */
    private void awaitHelperWaiting() {
        Thread.State state = Poll.until("the helper to wait (or end)", Duration.ofSeconds(5), helper::getState,
                s -> s == Thread.State.WAITING || s == Thread.State.TERMINATED);
        assertEquals(Thread.State.WAITING, state, "helper did not wait");
    }

    private void awaitHelperEnd() throws InterruptedException {
        helper.join(5_000);
        assertFalse(helper.isAlive(), "helper is still blocked: " + helper.getState());
    }

    @Test
    void producerWaitsWhileFullAndResumesOnceDrainedToHalf() throws Exception {
        Inbox inbox = new Inbox(8);
        inbox.put(data(2));
        inbox.put(data(2));
        inbox.put(data(2));
        inbox.put(data(2));
        AtomicReference<Throwable> thrown = startHelper(() -> inbox.put(data(3)));

        awaitHelperWaiting();
        assertEquals(8, inbox.queued(), "the waiting batch is not in the inbox yet");

        assertEquals(2, inbox.poll().size());
        assertEquals(6, inbox.queued(), "above half: the producer is not woken yet");
        assertEquals(Thread.State.WAITING, helper.getState());

        assertEquals(2, inbox.poll().size());
        awaitHelperEnd();
        assertNull(thrown.get());
        assertEquals(7, inbox.queued());
        assertEquals(2, inbox.poll().size());
        assertEquals(2, inbox.poll().size());
        assertEquals(3, inbox.poll().size(), "the waiting batch came last");
        assertNull(inbox.poll());
        assertEquals(0, inbox.queued());
    }

    @Test
    void batchesWithoutMessagesNeverWaitEvenWhenFull() throws Exception {
        Inbox inbox = new Inbox(4);
        inbox.put(data(4));

        inbox.put(Batch.watermarkOnly(0, 123));
        inbox.put(Batch.endOfStream(0));

        assertEquals(4, inbox.queued());
        assertEquals(4, inbox.poll().size());
        assertEquals(123, inbox.poll().watermark());
        assertTrue(inbox.poll().endOfStream());
    }

    @Test
    void aWaitingProducerIsReleasedByInterruptWithoutAddingItsBatch() throws Exception {
        Inbox inbox = new Inbox(2);
        inbox.put(data(2));
        AtomicReference<Throwable> thrown = startHelper(() -> inbox.put(data(1)));
        awaitHelperWaiting();

        helper.interrupt();

        awaitHelperEnd();
        assertTrue(thrown.get() instanceof InterruptedException, "thrown: " + thrown.get());
        assertEquals(2, inbox.queued());
    }

    @Test
    void wakeMakesAWaitingOwnerReturn() throws Exception {
        Inbox inbox = new Inbox(4);
        AtomicReference<Throwable> thrown = startHelper(() -> inbox.awaitWork(Long.MAX_VALUE));
        awaitHelperWaiting();

        inbox.wake();

        awaitHelperEnd();
        assertNull(thrown.get());
    }

    @Test
    void wakeBeforeAwaitWorkMakesTheNextAwaitReturnAtOnce() throws Exception {
        Inbox inbox = new Inbox(4);

        inbox.wake();
        inbox.awaitWork(Long.MAX_VALUE); // would hang (and time out) if the wake were lost

        assertNull(inbox.poll());
    }

    @Test
    void putWakesAWaitingOwner() throws Exception {
        Inbox inbox = new Inbox(4);
        AtomicReference<Throwable> thrown = startHelper(() -> inbox.awaitWork(Long.MAX_VALUE));
        awaitHelperWaiting();

        inbox.put(data(1));

        awaitHelperEnd();
        assertNull(thrown.get());
        assertEquals(1, inbox.queued());
    }

    @Test
    void awaitWorkReturnsAtOnceWhenWorkIsQueuedAndAfterTheTimeoutOtherwise() throws Exception {
        Inbox inbox = new Inbox(4);

        inbox.awaitWork(1_000_000); // nothing queued: returns after 1 ms
        inbox.put(data(1));
        inbox.awaitWork(Long.MAX_VALUE); // work queued: returns at once

        assertEquals(1, inbox.poll().size());
    }

    private static Batch data(int channel, int n) {
        return Batch.of(new Message[n], n, channel, Long.MIN_VALUE, 0);
    }

    @Test
    void aHeldChannelsBatchesArePassedByAndComeBackInOrderOnRelease() throws Exception {
        Inbox inbox = new Inbox(100);
        inbox.put(data(0, 1));
        inbox.put(data(1, 2));
        inbox.put(data(0, 3));
        inbox.put(data(1, 4));

        inbox.hold(0);

        assertEquals(2, inbox.poll().size());
        assertEquals(4, inbox.poll().size());
        assertNull(inbox.poll(), "only the held channel's batches are left");
        inbox.releaseAll();
        assertEquals(1, inbox.poll().size());
        assertEquals(3, inbox.poll().size());
        assertNull(inbox.poll());
    }

    @Test
    void anInboxFullOfAHeldChannelStillTakesTheOtherChannelsSoAlignmentCannotDeadlock() throws Exception {
        Inbox inbox = new Inbox(4);
        inbox.put(data(0, 4)); // the held channel filled the whole inbox
        inbox.hold(0);

        inbox.put(data(1, 3)); // would wait forever if held messages counted against channel 1

        assertEquals(7, inbox.queued());
        assertEquals(3, inbox.poll().size());
    }

    @Test
    void aHeldChannelsProducerWaitsOnceItsOwnShareIsFull() throws Exception {
        Inbox inbox = new Inbox(4);
        inbox.hold(0);
        inbox.put(data(0, 4));
        AtomicReference<Throwable> thrown = startHelper(() -> inbox.put(data(0, 1)));

        awaitHelperWaiting(); // memory stays bounded: one capacity per held channel
        inbox.releaseAll();
        assertEquals(4, inbox.poll().size());

        awaitHelperEnd();
        assertNull(thrown.get());
        assertEquals(1, inbox.poll().size());
    }

    @Test
    void anOwnerWithOnlyHeldBatchesWaitsForAnotherChannel() throws Exception {
        Inbox inbox = new Inbox(10);
        inbox.put(data(0, 1));
        inbox.hold(0);
        AtomicReference<Throwable> thrown = startHelper(() -> inbox.awaitWork(Long.MAX_VALUE));
        awaitHelperWaiting();

        inbox.put(Batch.barrier(1, 5, 7));

        awaitHelperEnd();
        assertNull(thrown.get());
        assertEquals(7, inbox.poll().barrier());
    }
}
