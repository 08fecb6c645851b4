package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.master.raft.LinearizabilityChecker.Operation;
import io.gearpump.master.raft.RegisterModel.Put;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The checker itself: it must reject what is not linearizable and accept what is. */
class LinearizabilityCheckerTest {

    private static final long NEVER = Long.MAX_VALUE;
    private final LinearizabilityChecker checker = new LinearizabilityChecker(1_000_000);

    private static Operation put(long call, long ret, String value, String previous) {
        return new Operation(call, ret, new Put(value), previous);
    }

    private static Operation get(long call, long ret, String value) {
        return new Operation(call, ret, RegisterModel.GET, value);
    }

    private boolean linearizable(Operation... history) {
        return checker.check(new RegisterModel(), List.of(history));
    }

    @Test
    void aStaleReadAfterACompletedWriteIsRejected() {
        // put(1) finished before the read started, yet the read saw the initial value
        assertFalse(linearizable(put(1, 2, "1", ""), get(3, 4, "")));
    }

    @Test
    void readsThatGoBackInTimeAreRejected() {
        // two writes race; one reader sees b then a later reader sees a: only one order exists
        assertFalse(linearizable(put(1, 10, "a", ""), put(2, 11, "b", "a"),
                get(3, 4, "b"), get(5, 6, "a")));
    }

    @Test
    void aWriteAppliedTwiceIsRejected() {
        // x, then y, then a read of x again: x's put took effect after y's (or twice)
        assertFalse(linearizable(put(1, 2, "x", ""), put(3, 4, "y", "x"), get(5, 6, "x")));
    }

    @Test
    void aPutAnsweringAPreviousValueThatNeverExistedIsRejected() {
        assertFalse(linearizable(put(1, 2, "a", ""), put(3, 4, "b", "z")));
    }

    @Test
    void concurrentOperationsMayTakeEffectInEitherOrder() {
        // the read overlaps both writes; b took effect before a
        assertTrue(linearizable(put(1, 10, "a", "b"), put(2, 9, "b", ""), get(3, 8, "a")));
        assertTrue(linearizable(put(1, 4, "a", ""), get(2, 3, "a"), get(5, 6, "a")));
    }

    @Test
    void aWriteThatNeverReturnedMayOrMayNotHaveHappened() {
        assertTrue(linearizable(put(1, NEVER, "a", null), get(2, 3, "")), "not yet");
        assertTrue(linearizable(put(1, NEVER, "a", null), get(2, 3, "a")), "already");
        assertFalse(linearizable(put(1, NEVER, "a", null), get(2, 3, "a"), get(4, 5, "")), "not undone later");
    }

    /** Sequential histories of a real register are linearizable; one corrupted read makes them not. */
    @Test
    void randomSequentialHistoriesAndTheirCorruptions() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Operation> ops = new ArrayList<>();
            String value = "";
            long t = 0;
            for (int i = 0; i < 30; i++) {
                if (random.nextBoolean()) {
                    String next = "v" + i;
                    ops.add(put(++t, ++t, next, value));
                    value = next;
                } else {
                    ops.add(get(++t, ++t, value));
                }
            }
            assertTrue(checker.check(new RegisterModel(), ops));
            int victim = random.nextInt(ops.size());
            Operation o = ops.get(victim);
            List<Operation> corrupted = new ArrayList<>(ops);
            corrupted.set(victim, new Operation(o.call(), o.ret(), o.input(), "never-written"));
            assertFalse(checker.check(new RegisterModel(), corrupted));
        }
    }

    @Test
    void theSearchIsBounded() {
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ops.add(put(i + 1, 1000 + i, "v" + i, null)); // all concurrent, answers unknown
        }
        ops.add(get(2000, 2001, "nothing like it"));
        assertThrows(IllegalStateException.class, () -> new LinearizabilityChecker(10_000).check(new RegisterModel(), ops));
    }
}
