package io.gearpump.core.state;

/** The kinds of managed state, as a snapshot records them. */
public enum StateKind {
    VALUE, MAP, KEYED_VALUE, KEYED_MAP;

    String describe() {
        return switch (this) {
            case VALUE -> "value state";
            case MAP -> "map state";
            case KEYED_VALUE -> "keyed value state";
            case KEYED_MAP -> "keyed map state";
        };
    }
}
