package io.gearpump.core.api;

/** Identifies one task: the processor it belongs to (its position in the graph) and its index. */
public record TaskId(int processorId, int index) {

    @Override
    public String toString() {
        return processorId + "." + index;
    }
}
