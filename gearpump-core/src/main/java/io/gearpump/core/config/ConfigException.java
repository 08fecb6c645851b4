package io.gearpump.core.config;

/** A configuration file or override that cannot be used; the message names the key and value. */
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
