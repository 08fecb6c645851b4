package io.gearpump.core.state;

import io.gearpump.core.api.KeyGroups;

/**
 * The key groups a task owns and the key of the message it handles, as one keyed state sees them:
 * checks that the key is of the declared type and that its group is one the task owns (what the
 * partitioners guarantee when they route by key group).
 */
final class OwnedKeys {

    private final String owner;
    private final CurrentKey current;
    private final Class<?> type;
    private final int first;
    private final int end;

    OwnedKeys(String owner, CurrentKey current, Class<?> type, int first, int end) {
        this.owner = owner;
        this.current = current;
        this.type = type;
        this.first = first;
        this.end = end;
    }

    Class<?> type() {
        return type;
    }

    int first() {
        return first;
    }

    int groups() {
        return end - first;
    }

    /** The current message's key. */
    Object key() {
        Object key = current.key();
        if (!type.isInstance(key)) {
            throw new IllegalStateException(owner + ": keyed state declared for keys of " + type.getName() + " got the key "
                    + key + (key == null ? "" : " (a " + key.getClass().getName() + ")"));
        }
        return key;
    }

    /** Changes with every message handled ({@link CurrentKey#serial}). */
    int serial() {
        return current.serial();
    }

    /** The segment of the current message's key group. */
    int segment(Object key, String state) {
        return segmentOf(current.group(key), state);
    }

    /** The segment of a key a checkpoint gave back. */
    int restoredSegment(Object key, String state) {
        return segmentOf(KeyGroups.of(key), state);
    }

    private int segmentOf(int group, String state) {
        if (group < first || group >= end) {
            throw new IllegalStateException(owner + ": keyed state '" + state + "' got a key of group " + group
                    + ", but this task owns groups " + first + " to " + (end - 1)
                    + ": the edge must route by KeyGroups (a KeyedPartitioner that keeps its getPartition)");
        }
        return group - first;
    }
}
