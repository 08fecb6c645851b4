package io.gearpump.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line options of an example, GearPump style: {@code -name value}. Each option is declared
 * with its default and a description; unknown options and values that are not numbers are refused
 * with a message that names them and shows the usage.
 */
public final class Options {

    private record Option(String defaultValue, String description) {
    }

    private final String command;
    private final Map<String, Option> declared = new LinkedHashMap<>();
    private final Map<String, String> given = new LinkedHashMap<>();

    public Options(String command) {
        this.command = command;
    }

    public Options option(String name, Object defaultValue, String description) {
        declared.put(name, new Option(String.valueOf(defaultValue), description));
        return this;
    }

    /** Parses {@code args}; throws {@link IllegalArgumentException} with the usage on a bad option. */
    public Options parse(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-help") || a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException(usage());
            }
            String name = a.startsWith("-") ? a.substring(1) : null;
            if (name == null || !declared.containsKey(name)) {
                throw new IllegalArgumentException("unknown option '" + a + "'\n" + usage());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option '" + a + "' needs a value\n" + usage());
            }
            given.put(name, args[++i]);
        }
        return this;
    }

    public String getString(String name) {
        Option o = declared.get(name);
        if (o == null) {
            throw new IllegalArgumentException("no option '" + name + "' is declared");
        }
        return given.getOrDefault(name, o.defaultValue());
    }

    public int getInt(String name) {
        String v = getString(name);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option -" + name + " must be an integer, got '" + v + "'\n" + usage());
        }
    }

    /** An integer that must be at least {@code min}. */
    public int getInt(String name, int min) {
        int v = getInt(name);
        if (v < min) {
            throw new IllegalArgumentException("option -" + name + " must be at least " + min + ", got " + v + "\n" + usage());
        }
        return v;
    }

    public String usage() {
        StringBuilder sb = new StringBuilder("usage: " + command);
        declared.forEach((name, o) -> sb.append(" [-").append(name).append(' ').append(o.defaultValue()).append(']'));
        declared.forEach((name, o) -> sb.append("\n  -").append(name).append(": ").append(o.description())
                .append(" (default ").append(o.defaultValue()).append(')'));
        return sb.toString();
    }
}
