package io.gearpump.core.config;

import java.util.function.Function;

/**
 * A known configuration property: its name, its typed default, how to parse a value and what a
 * valid value looks like (said in the error when one is not).
 */
public record ConfigKey<T>(String name, T defaultValue, Function<String, T> parser, String expected) {

    public static ConfigKey<Integer> positiveInt(String name, int defaultValue) {
        return new ConfigKey<>(name, defaultValue, s -> {
            int v = Integer.parseInt(s);
            if (v < 1) {
                throw new IllegalArgumentException();
            }
            return v;
        }, "a positive integer");
    }

    public static ConfigKey<Integer> nonNegativeInt(String name, int defaultValue) {
        return new ConfigKey<>(name, defaultValue, s -> {
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw new IllegalArgumentException();
            }
            return v;
        }, "an integer of 0 or more");
    }

    public static ConfigKey<String> string(String name, String defaultValue) {
        return new ConfigKey<>(name, defaultValue, s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException();
            }
            return s;
        }, "a non-empty string");
    }

    /** A string that may be empty (the default). */
    public static ConfigKey<String> optionalString(String name) {
        return new ConfigKey<>(name, "", s -> s, "a string");
    }

    /** {@code true} or {@code false}, nothing else (a typo must not silently mean false). */
    public static ConfigKey<Boolean> bool(String name, boolean defaultValue) {
        return new ConfigKey<>(name, defaultValue, s -> switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        }, "true or false");
    }

    /** One of an enum's constants, by name (any case). */
    public static <E extends Enum<E>> ConfigKey<E> choice(String name, Class<E> type, E defaultValue) {
        E[] all = type.getEnumConstants();
        return new ConfigKey<>(name, defaultValue, s -> Enum.valueOf(type, s.toUpperCase(java.util.Locale.ROOT)),
                "one of " + java.util.Arrays.stream(all).map(Enum::name).collect(java.util.stream.Collectors.joining(", ")));
    }

    /** Parses {@code raw}, naming this key and the value when it is not valid. */
    public T parse(String raw) {
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException("configuration '" + name + "' = '" + raw + "' is not valid: expected " + expected);
        }
    }
}
