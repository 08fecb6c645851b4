package io.gearpump.core.testing;

import io.gearpump.core.state.TaskSnapshot;
import io.gearpump.core.task.CheckpointListener;
import io.gearpump.core.task.TaskRunner;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The snapshots tasks took, by checkpoint and task (a task without state as 0): for checkpoint tests. */
public final class Snapshots implements CheckpointListener {

    private record Taken(String description, long value) {
    }

    private final Map<Long, Map<String, Taken>> byCheckpoint = new ConcurrentHashMap<>();

    @Override
    public void snapshotted(TaskRunner task, long checkpointId, TaskSnapshot snapshot) {
        Object state = snapshot.custom();
        byCheckpoint.computeIfAbsent(checkpointId, k -> new ConcurrentHashMap<>())
                .put(task.spec().taskId().toString(), new Taken(task.spec().description(), state == null ? 0 : (Long) state));
    }

    /** Waits until {@code tasks} tasks have taken checkpoint {@code id}. */
    public void await(long id, int tasks) {
        Poll.until(tasks + " tasks to take checkpoint " + id, () -> byCheckpoint.getOrDefault(id, Map.of()).size() == tasks);
    }

    /** The snapshots of the tasks of processor {@code description} in checkpoint {@code id}, added up. */
    public long sum(long id, String description) {
        return byCheckpoint.get(id).values().stream().filter(t -> t.description().equals(description)).mapToLong(Taken::value).sum();
    }

    /** Checkpoint {@code id} as a string, for failure messages. */
    public String describe(long id) {
        return String.valueOf(byCheckpoint.get(id));
    }
}
