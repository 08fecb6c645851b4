package io.gearpump.core.cluster;

/** The answer to a request whose only news is that it was carried out. */
public record Done() {

    public static final Done DONE = new Done();
}
