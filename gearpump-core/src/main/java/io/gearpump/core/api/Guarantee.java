package io.gearpump.core.api;

/** What an application promises about each message when something fails. */
public enum Guarantee {
    /** No checkpoints: a restart starts from the replicated clock and may lose or repeat messages. */
    NONE,
    /** Checkpoints without barrier alignment: after a failure some messages are processed again, none is lost. */
    AT_LEAST_ONCE,
    /** Checkpoints with aligned barriers: every message affects the state exactly once, failures or not. */
    EXACTLY_ONCE
}
