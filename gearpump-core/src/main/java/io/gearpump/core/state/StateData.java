package io.gearpump.core.state;

import java.util.List;

/**
 * One state as a snapshot file gave it back: a value, or the entries as key, value, key, value...
 * (for keyed map state each value is the key's map).
 */
public record StateData(StateKind kind, Object value, List<Object> entries) {
}
