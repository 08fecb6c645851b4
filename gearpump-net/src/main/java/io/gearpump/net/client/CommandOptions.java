package io.gearpump.net.client;

import io.gearpump.core.config.ClosestName;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one {@code gear} command: {@code -name value} pairs, each a name the command takes,
 * each at most once. Anything else is refused, naming the word (with the closest name when it looks
 * like a typo), except where the command passes the rest on: {@code submit}'s first other word starts
 * the application's arguments, which are the application's to check.
 */
final class CommandOptions {

    private final Map<String, String> values;
    private final List<String> rest;

    private CommandOptions(Map<String, String> values, List<String> rest) {
        this.values = values;
        this.rest = rest;
    }

    /** Parses {@code args} of a command that takes {@code names} and nothing else. */
    static CommandOptions parse(List<String> names, List<String> args) {
        CommandOptions options = parseLeading(names, args);
        if (!options.rest.isEmpty()) {
            String word = options.rest.get(0);
            throw new IllegalArgumentException(word.startsWith("-")
                    ? "unknown option '" + word + "'" + ClosestName.of(word, names)
                            .map(name -> " (did you mean '" + name + "'?)").orElse("; it takes " + String.join(", ", names))
                    : "unexpected argument '" + word + "'");
        }
        return options;
    }

    /** Parses the leading options of {@code args} among {@code names}; the rest, from the first other word, is {@link #rest()}. */
    static CommandOptions parseLeading(List<String> names, List<String> args) {
        int i = 0;
        Map<String, String> values = new HashMap<>();
        while (i < args.size() && names.contains(args.get(i))) {
            String name = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            if (values.put(name, args.get(i + 1)) != null) {
                throw new IllegalArgumentException("option " + name + " is given twice");
            }
            i += 2;
        }
        return new CommandOptions(values, List.copyOf(args.subList(i, args.size())));
    }

    /** The value of {@code -name}, or {@code defaultValue} when it was not given. */
    String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** What follows the options: the application's arguments for submit, empty for the other commands. */
    List<String> rest() {
        return rest;
    }
}
