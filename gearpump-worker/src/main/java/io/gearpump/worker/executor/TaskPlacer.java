package io.gearpump.worker.executor;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Processor;
import io.gearpump.core.cluster.AppMasterProtocol.TaskPlacement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Where an attempt's tasks run: task i of the whole application (processors in order) goes to
 * executor i mod n, unless its processor's config names an executor ({@value #PLACEMENT_KEY} = k:
 * the k-th executor, mod n).
 */
final class TaskPlacer {

    /** Processor config: run every task of this processor on the k-th executor (mod their number). */
    static final String PLACEMENT_KEY = "placement.executor";

    private TaskPlacer() {
    }

    /** {@code workerOf} names the worker each executor runs on. */
    static ArrayList<TaskPlacement> place(Application app, List<Integer> executors, IntUnaryOperator workerOf) {
        ArrayList<TaskPlacement> out = new ArrayList<>();
        int i = 0;
        List<Processor> processors = app.graph().processors();
        for (int pid = 0; pid < processors.size(); pid++) {
            int pinned = processors.get(pid).config().getInt(PLACEMENT_KEY, -1);
            for (int index = 0; index < processors.get(pid).parallelism(); index++) {
                int slot = pinned >= 0 ? pinned : i;
                i++;
                int executor = executors.get(slot % executors.size());
                out.add(new TaskPlacement(pid, index, executor, workerOf.applyAsInt(executor)));
            }
        }
        return out;
    }
}
