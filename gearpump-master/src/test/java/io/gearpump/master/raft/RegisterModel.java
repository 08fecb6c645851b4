package io.gearpump.master.raft;

import java.util.Objects;

/**
 * A register as a {@link LinearizabilityChecker.Model}: the state is its value ("" when unset).
 * Inputs are {@link Put} (output: the previous value, or null when the put never returned) and
 * {@link Get} (output: the value read).
 */
final class RegisterModel implements LinearizabilityChecker.Model<String> {

    record Put(String value) {
    }

    record Get() {
    }

    static final Get GET = new Get();

    @Override
    public String initial() {
        return "";
    }

    @Override
    public String step(String state, Object input, Object output) {
        return switch (input) {
            case Put p -> output == null || Objects.equals(output, state) ? p.value() : null;
            case Get g -> Objects.equals(output, state) ? state : null;
            default -> throw new IllegalArgumentException("not a register operation: " + input);
        };
    }
}
