package io.gearpump.core.state;

import java.util.HashMap;

/**
 * One declared state as a checkpoint took it: a value state's value, or the segments of a map (by
 * key group for keyed state, starting at group {@code firstGroup}). Nothing here changes afterwards,
 * so it may be encoded on another thread while the task goes on.
 */
record FrozenState(String name, StateKind kind, Object value, int firstGroup, HashMap<Object, Object>[] segments) {
}
