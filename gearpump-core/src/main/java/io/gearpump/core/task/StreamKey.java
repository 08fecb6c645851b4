package io.gearpump.core.task;

import io.gearpump.core.api.TaskId;

/**
 * Names the stream from one task to one downstream task: {@code stream} numbers every (edge,
 * sender, receiver) triple of the application in graph order, so every JVM that builds the same
 * application gives the same stream the same number. {@code appId} is the run's key
 * ({@link RunId#key()}): the application id on a local engine, the attempt in an executor.
 */
public record StreamKey(int appId, int stream, TaskId from, TaskId to) {
}
