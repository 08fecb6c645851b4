package io.gearpump.core.api;

import java.io.Serializable;

/**
 * Chooses which downstream task of an edge receives a message. Return a task index in
 * {@code [0, partitionNum)}, {@link #DROP} to drop the message, or {@link #ALL} to send it to every
 * task. Each upstream task gets its own copy of the partitioner (made through the form in which it
 * travels to executors), so a partitioner may keep state such as a round-robin position.
 *
 * <p>How it travels: the built-in ones ({@link Partitioners}) by a registered id; a lambda as its
 * serialized form (the class that wrote it and its captured values), which is why this interface is
 * {@code Serializable}; a class of the application by its name and fields. What a partitioner holds
 * or captures must be a registered wire type (String, boxed primitives, byte[], int[], long[],
 * String[], Object[], ArrayList, HashMap, TaskId) or a class of the application's own jar; anything
 * else is refused at submission.
 * Java serialization itself is never used.
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
