package io.gearpump.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of an application. {@code clock} is the application clock: the minimum watermark over
 * its tasks ({@code null} until every task has one). {@code failure} holds the cause with its stack
 * trace when the state is FAILED. {@code lastCheckpoint} is the last checkpoint it completed, on a
 * cluster ({@link CheckpointStatus#NONE} without a guarantee, or on the bare engine);
 * {@code checkpointFailure} why the last checkpoint that failed did (a snapshot that could not be
 * written names its file), or null; {@code restarts} how often its tasks were restarted after a
 * failure (0 on the bare engine).
 */
public record AppStatus(int appId, String name, AppState state, Instant submitted, Instant finished,
                        Instant clock, List<ProcessorStatus> processors, Map<String, Long> counters,
                        String failure, CheckpointStatus lastCheckpoint, String checkpointFailure, int restarts) {

    /** A status without checkpoints (the engine alone takes none). */
    public AppStatus(int appId, String name, AppState state, Instant submitted, Instant finished, Instant clock,
                     List<ProcessorStatus> processors, Map<String, Long> counters, String failure) {
        this(appId, name, state, submitted, finished, clock, processors, counters, failure, CheckpointStatus.NONE);
    }

    /** A status without checkpoint failures and restarts. */
    public AppStatus(int appId, String name, AppState state, Instant submitted, Instant finished, Instant clock,
                     List<ProcessorStatus> processors, Map<String, Long> counters, String failure,
                     CheckpointStatus lastCheckpoint) {
        this(appId, name, state, submitted, finished, clock, processors, counters, failure, lastCheckpoint, null, 0);
    }

    public Optional<String> checkpointFailureCause() {
        return Optional.ofNullable(checkpointFailure);
    }

    public Optional<String> failureCause() {
        return Optional.ofNullable(failure);
    }

    public ProcessorStatus processor(String description) {
        return processors.stream().filter(p -> p.description().equals(description)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("application " + appId + " has no processor '"
                        + description + "'"));
    }

    /** Messages received by the named processor's tasks; 0 while it has not reported yet. */
    public long received(String description) {
        return processors.stream().filter(p -> p.description().equals(description)).mapToLong(ProcessorStatus::received).sum();
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
