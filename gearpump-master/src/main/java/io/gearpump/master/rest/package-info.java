/**
 * The masters' REST API under {@code /api/v1}: JSON over the JDK's {@code com.sun.net.httpserver},
 * rendered with jackson-databind, answered on virtual threads. It reads nothing of the master's
 * state itself: every answer comes from asking the master agent, through its mailbox, the same
 * requests {@code bin/gear} sends ({@link io.gearpump.master.cluster.MasterService#ask}), so the
 * agent stays the single writer and a follower refuses them as it refuses a client, with a redirect.
 *
 * <p>{@link io.gearpump.master.rest.RestServer} owns the HTTP server and its threads;
 * {@link io.gearpump.master.rest.Routes} turns a method and path into an {@link io.gearpump.master.rest.ApiCall}
 * (or a 404, 405 or 400); {@link io.gearpump.master.rest.ApiHandler} checks the token, answers the call
 * with one exhaustive switch and maps refusals to status codes; {@link io.gearpump.master.rest.Views}
 * is the JSON's shape; {@link io.gearpump.master.rest.Submissions} stores uploaded jars and runs
 * {@code bin/gear submit} for each in a child JVM, so no user code runs in the master.
 * {@link io.gearpump.master.rest.DashboardFiles} serves the web dashboard at {@code /}: static files
 * (this package's {@code dashboard/} resources and the uPlot webjar) whose scripts read this API.
 *
 * <p>A follower answers with 307 to the leader's REST address, which a leader records through Raft
 * once it serves ({@code SetRestAddress}); 503 while no leader, or its address, is known.
 */
package io.gearpump.master.rest;
