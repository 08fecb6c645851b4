package io.gearpump.core.api;

/** A processor of a running application: messages its tasks received and sent, summed. */
public record ProcessorStatus(int processorId, String description, int parallelism,
                              long received, long sent, int tasksRunning) {
}
