package io.gearpump.core.api;

import java.io.Serializable;

/**
 * Chooses which downstream task of an edge receives a message. Return a task index in
 * {@code [0, partitionNum)}, {@link #DROP} to drop the message, or {@link #ALL} to send it to every
 * task. Each upstream task gets its own copy of the partitioner (it is copied by serialization), so a
 * partitioner may keep state such as a round-robin position.
 */
@FunctionalInterface
public interface Partitioner extends Serializable {

    int DROP = -1;
    int ALL = -2;

    int getPartition(Message message, int partitionNum);

    /** Like {@link #getPartition(Message, int)}, knowing the index of the sending task. */
    default int getPartition(Message message, int partitionNum, int senderIndex) {
        return getPartition(message, partitionNum);
    }
}
