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

    /** The current message's key, checked: of the declared type and of a group this task owns ({@code state} is named if not). */
    Object key(String state) {
        Object key = current.key();
        if (!type.isInstance(key)) {
            throw new IllegalStateException(owner + ": keyed state declared for keys of " + type.getName() + " got the key "
                    + key + (key == null ? "" : " (a " + key.getClass().getName() + ")"));
        }
        checkOwned(current.group(key), state);
        return key;
    }

    /** Changes with every message handled ({@link CurrentKey#serial}). */
    long serial() {
        return current.serial();
    }

    /** Checks that a key a checkpoint gave back is of a group this task owns. */
    void checkRestored(Object key, String state) {
        checkOwned(KeyGroups.of(key), state);
    }

    private void checkOwned(int group, String state) {
        if (group < first || group >= end) {
            throw new IllegalStateException(owner + ": keyed state '" + state + "' got a key of group " + group
                    + ", but this task owns groups " + first + " to " + (end - 1)
                    + ": the edge must route by KeyGroups (a KeyedPartitioner that keeps its getPartition)");
        }
    }
}
