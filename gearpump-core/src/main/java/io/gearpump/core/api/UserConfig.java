package io.gearpump.core.api;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Immutable string settings handed to an application and its tasks. Each {@code with} returns a new
 * config; typed getters parse on read and name the key when a value does not parse.
 */
public final class UserConfig {

    private static final UserConfig EMPTY = new UserConfig(new TreeMap<>());

    private final TreeMap<String, String> values;

    private UserConfig(TreeMap<String, String> values) {
        this.values = values;
    }

    public static UserConfig empty() {
        return EMPTY;
    }

    public static UserConfig of(Map<String, String> values) {
        return new UserConfig(new TreeMap<>(values));
    }

    public UserConfig with(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new UserConfig(copy);
    }

    public UserConfig with(String key, long value) {
        return with(key, Long.toString(value));
    }

    public UserConfig with(String key, boolean value) {
        return with(key, Boolean.toString(value));
    }

    public UserConfig with(String key, double value) {
        return with(key, Double.toString(value));
    }

    /** This config with every entry of {@code other} put over it. */
    public UserConfig withAll(UserConfig other) {
        if (other.values.isEmpty()) {
            return this;
        }
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.putAll(other.values);
        return new UserConfig(copy);
    }

    public Optional<String> getString(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String getString(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return (int) parse(key, defaultValue, Integer::parseInt, "an integer");
    }

    public long getLong(String key, long defaultValue) {
        return parse(key, defaultValue, Long::parseLong, "an integer");
    }

    public double getDouble(String key, double defaultValue) {
        return parse(key, defaultValue, Double::parseDouble, "a number");
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("config '" + key + "' = '" + v + "' is not true or false");
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    private interface Parser<T> {
        T parse(String s);
    }

    private <T extends Number> T parse(String key, T defaultValue, Parser<T> parser, String what) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return parser.parse(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config '" + key + "' = '" + v + "' is not " + what);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
