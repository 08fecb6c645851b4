package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.api.UserConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task that completes while it aligns a checkpoint still drains every input, held ones included, and ends. */
@Timeout(30)
class EarlyCompletionTest {

    @Test
    void completingWhileAChannelIsHeldForAlignmentStillEndsTheTask() throws Exception {
        AtomicReference<TaskSupervisor.Outcome> outcome = new AtomicReference<>();
        TaskSpec spec = new TaskSpec(RunId.of(1), "app", new TaskId(1, 0), "quitter", 1, QuitsAtTheFifth.class, UserConfig.empty(), Instant.EPOCH);
        TaskRunner runner = new TaskRunner(spec, 64, false, 100_000_000L, name -> delta -> { }, (t, o, c) -> outcome.set(o),
                NanoClock.SYSTEM);
        int held = runner.addInputChannel();
        int other = runner.addInputChannel();
        runner.checkpointing(Guarantee.EXACTLY_ONCE, CheckpointListener.NONE, type -> true);
        Inbox inbox = runner.inbox();
        inbox.put(Batch.barrier(held, 0, 1)); // channel 0 gives checkpoint 1's barrier first: it is held
        inbox.put(Batch.of(messages(4), 4, held, 0, 0));
        inbox.put(Batch.endOfStream(held));
        inbox.put(Batch.of(messages(5), 5, other, 0, 0)); // the fifth message makes the task complete, still aligning
        inbox.put(Batch.endOfStream(other));

        runner.start();

        assertTrue(runner.awaitEnd(Duration.ofSeconds(10)), "the task ended instead of waiting on its held input");
        assertEquals(TaskSupervisor.Outcome.FINISHED, outcome.get());
        assertEquals(0, inbox.queued(), "the held input was drained too");
    }

    private static Message[] messages(int n) {
        Message[] m = new Message[n];
        for (int i = 0; i < n; i++) {
            m[i] = new Message(i, i);
        }
        return m;
    }

    /** Completes at its fifth message. */
    public static final class QuitsAtTheFifth extends Task {
        private int seen;

        public QuitsAtTheFifth(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            if (++seen == 5) {
                context.complete();
            }
        }
    }
}
