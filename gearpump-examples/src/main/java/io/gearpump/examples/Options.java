package io.gearpump.examples;

import io.gearpump.core.api.SubmissionContext;
import io.gearpump.core.config.ClosestName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line options of an example, GearPump style: {@code -name value}. Each option is declared
 * with its default and a description; unknown options and values that are not numbers are refused
 * with a message that names them and shows the usage. Paths are checked here too, before anything
 * runs: a missing input is one line naming it, not a task failing on every restart.
 */
public final class Options {

    private record Option(String defaultValue, String description) {
    }

    /** How {@code gear submit} runs an example: its own options, then the example's. */
    private static final String SUBMITTED = "gear submit -jar FILE -main CLASS [-executors N] [-master HOST:PORT[,...]]";

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
                throw new IllegalArgumentException("unknown option '" + a + "'"
                        + ClosestName.hint(a, declared.keySet().stream().map(n -> "-" + n).toList()) + "\n" + usage());
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

    /** {@code true} or {@code false}; anything else is refused rather than read as false. */
    public boolean getBoolean(String name) {
        String v = getString(name).trim();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("option -" + name + " must be true or false, got '" + v + "'\n" + usage());
        }
        return Boolean.parseBoolean(v);
    }

    /** The file option {@code name} names, which must exist and be readable; empty when the option is left empty. */
    public Optional<Path> getFile(String name) {
        return getInput(name, "file").map(p -> {
            if (Files.isDirectory(p)) {
                throw new IllegalArgumentException("option -" + name + ": " + p + " is a directory, not a file");
            }
            return p;
        });
    }

    /** The file or directory option {@code name} names, which must exist and be readable; empty when the option is left empty. */
    public Optional<Path> getFileOrDirectory(String name) {
        return getInput(name, "file or directory");
    }

    /** The directory option {@code name} names; it need not exist yet, but must not be something else. */
    public Path getDirectory(String name) {
        Path p = Path.of(getString(name));
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new IllegalArgumentException("option -" + name + ": " + p + " exists and is not a directory");
        }
        return p;
    }

    /** {@code what}: "file" or "file or directory", for the message when it does not exist. */
    private Optional<Path> getInput(String name, String what) {
        String v = getString(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Path p = Path.of(v);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("option -" + name + ": no such " + what + ": " + p);
        }
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("option -" + name + ": cannot read " + p + " (permission denied)");
        }
        return Optional.of(p);
    }

    /** The usage; under {@code gear submit} the options follow its own, as there they are the application's arguments. */
    public String usage() {
        StringBuilder sb = new StringBuilder("usage: " + (SubmissionContext.launched() ? SUBMITTED : command));
        declared.forEach((name, o) -> sb.append(" [-").append(name).append(' ').append(o.defaultValue()).append(']'));
        declared.forEach((name, o) -> sb.append("\n  -").append(name).append(": ").append(o.description())
                .append(" (default ").append(o.defaultValue()).append(')'));
        return sb.toString();
    }
}
