package io.gearpump.core.task;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks chained below one task (operator chaining), all run by that task's thread: started
 * before it, given their turn between its own, flushed when it runs out of work, waited for when it
 * parks, and ended with it. A failure of one of them is marked as its own ({@link ChainedTaskFailure}).
 * Confined to the driving thread once it runs.
 */
final class ChainedTasks {

    private final List<TaskRunner> direct = new ArrayList<>(1); // fed by the driver itself; before start
    private List<TaskRunner> all = List.of(); // the whole chain below the driver, upstream first

    void add(TaskRunner task) {
        direct.add(task);
    }

    boolean isEmpty() {
        return direct.isEmpty();
    }

    /** Starts every task of the chain on {@code thread}, the last of the chain first: each is ready before anything reaches it. */
    void start(Thread thread) {
        all = everyTask();
        for (TaskRunner t : all.reversed()) {
            try {
                t.startOnDriver(thread);
            } catch (RuntimeException e) {
                throw ChainedTaskFailure.of(t, e);
            } catch (Exception e) {
                throw new ChainedTaskFailure(t, e);
            }
        }
    }

    private List<TaskRunner> everyTask() {
        List<TaskRunner> chain = new ArrayList<>();
        collect(chain);
        return chain;
    }

    private void collect(List<TaskRunner> into) {
        for (TaskRunner t : direct) {
            into.add(t);
            t.chained().collect(into);
        }
    }

    /** Their timers, self messages, checkpoint news and periodic flush, once per turn of the driver. */
    void turn(long now) {
        for (TaskRunner t : all) {
            if (!t.hasEnded()) {
                try {
                    t.core().turnAsChained(now);
                } catch (RuntimeException e) {
                    throw ChainedTaskFailure.of(t, e);
                }
            }
        }
    }

    /** They flush what they output since their last flush, as the driver does when it runs out of work. */
    void flushWanted() {
        for (TaskRunner t : all) {
            if (!t.hasEnded()) {
                t.core().flushWanted();
            }
        }
    }

    /** Whether one of them has messages to itself waiting (the driver must not park). */
    boolean haveSelfMessages() {
        for (TaskRunner t : all) {
            if (!t.hasEnded() && t.core().hasSelfMessages()) {
                return true;
            }
        }
        return false;
    }

    /** Until one of them next needs the driver: its next timer, or its periodic flush if a watermark is owed. */
    long nanosUntilNeeded(long now) {
        long wait = Long.MAX_VALUE;
        for (TaskRunner t : all) {
            if (!t.hasEnded()) {
                wait = Math.min(wait, t.core().nanosUntilNeeded(now));
            }
        }
        return wait;
    }

    /** The driver ended: those that have not ended yet end with it, killed (or failed, where the engine failed them). */
    void endAll() {
        for (TaskRunner t : all.isEmpty() ? everyTask() : all) { // empty: the driver ended before it started them
            t.endWithDriver();
        }
    }
}
