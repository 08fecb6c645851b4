package io.gearpump.master.rest;

import java.util.List;

/** One request to the REST API, as {@link Routes} understood it: what {@link ApiHandler} answers. */
sealed interface ApiCall {

    /** Whether the call changes something: then it always needs the token when a secret is set. */
    default boolean changes() {
        return false;
    }

    /** {@code GET /masters}: every master as it sees itself (any master answers). */
    record ListMasters() implements ApiCall {
    }

    /** {@code GET /workers}: the leader's workers. */
    record ListWorkers() implements ApiCall {
    }

    /** {@code GET /apps}. */
    record ListApps() implements ApiCall {
    }

    /** {@code GET /apps/{id}}. */
    record GetApp(int appId) implements ApiCall {
    }

    /**
     * {@code GET /apps/{id}/metrics[?since=MILLIS]}: the latest metrics and their recent history; with
     * {@code since}, only the samples after it and no minutes (what a page polling every second needs).
     */
    record GetAppMetrics(int appId, long sinceMillis) implements ApiCall {
    }

    /** {@code DELETE /apps/{id}}: kill. */
    record KillApp(int appId) implements ApiCall {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** {@code POST /apps/{id}/stop}: stop gracefully (drain). */
    record StopApp(int appId) implements ApiCall {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /**
     * {@code POST /apps}: the body is the jar; {@code main} may be null (the jar's manifest names it),
     * {@code waitMillis} is how long the answer waits for the application id.
     */
    record Submit(String jarName, String main, int executors, List<String> args, long waitMillis) implements ApiCall {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** {@code GET /submissions/{id}}: a submission this master started. */
    record GetSubmission(String id) implements ApiCall {
    }
}
