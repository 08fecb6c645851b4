package io.gearpump.master.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a method, a path and a query into an {@link ApiCall}: an unknown path is a 404, a known path
 * with another method a 405 that lists the allowed ones, a bad parameter a 400 that names it.
 * Stateless; any thread.
 */
final class Routes {

    static final String BASE = "/api/v1";
    static final long DEFAULT_SUBMIT_WAIT_MILLIS = 10_000;
    static final long MAX_SUBMIT_WAIT_MILLIS = 60_000;
    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}\\.jar");
    private static final Pattern SUBMISSION_ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,9}");

    private Routes() {
    }

    static ApiCall parse(String method, String rawPath, String rawQuery) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        if (!path.equals(BASE) && !path.startsWith(BASE + "/")) {
            throw ApiException.notFound("no such path: " + rawPath + " (the API is under " + BASE + ")");
        }
        String[] parts = path.substring(BASE.length()).split("/", -1); // "", "apps", "7", "stop"
        Map<String, List<String>> query = query(rawQuery);
        return switch (parts.length) {
            case 2 -> switch (parts[1]) {
                case "masters" -> only("GET", method, path, new ApiCall.ListMasters());
                case "workers" -> only("GET", method, path, new ApiCall.ListWorkers());
                case "apps" -> switch (method) {
                    case "GET" -> new ApiCall.ListApps();
                    case "POST" -> submit(query);
                    default -> throw ApiException.methodNotAllowed(method, path, "GET, POST");
                };
                default -> throw unknown(rawPath);
            };
            case 3 -> switch (parts[1]) {
                case "apps" -> switch (method) {
                    case "GET" -> new ApiCall.GetApp(appId(parts[2]));
                    case "DELETE" -> new ApiCall.KillApp(appId(parts[2]));
                    default -> throw ApiException.methodNotAllowed(method, path, "GET, DELETE");
                };
                case "submissions" -> only("GET", method, path, new ApiCall.GetSubmission(submissionId(parts[2])));
                default -> throw unknown(rawPath);
            };
            case 4 -> {
                if (!parts[1].equals("apps")) {
                    throw unknown(rawPath);
                }
                yield switch (parts[3]) {
                    case "stop" -> only("POST", method, path, new ApiCall.StopApp(appId(parts[2])));
                    case "metrics" -> only("GET", method, path, new ApiCall.GetAppMetrics(appId(parts[2]),
                            number(query, "since", 0, 0, Long.MAX_VALUE)));
                    default -> throw unknown(rawPath);
                };
            }
            default -> throw unknown(rawPath);
        };
    }

    private static ApiCall only(String allowed, String method, String path, ApiCall call) {
        if (!allowed.equals(method)) {
            throw ApiException.methodNotAllowed(method, path, allowed);
        }
        return call;
    }

    private static ApiException unknown(String path) {
        return ApiException.notFound("no such path: " + path);
    }

    static int appId(String s) {
        try {
            int id = Integer.parseInt(s);
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("the application id must be a positive number, got '" + s + "'");
        }
    }

    private static String submissionId(String s) {
        if (!SUBMISSION_ID.matcher(s).matches()) {
            throw ApiException.badRequest("the submission id must look like 1700000000000-1, got '" + s + "'");
        }
        return s;
    }

    /** {@code POST /apps?main=CLASS&executors=N&arg=A&arg=B&jar=NAME.jar&wait=MILLIS}; only {@code arg} may repeat. */
    private static ApiCall.Submit submit(Map<String, List<String>> query) {
        for (String name : query.keySet()) {
            if (!List.of("main", "executors", "arg", "jar", "wait").contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + name + "' (known: main, executors, arg, jar, wait)");
            }
        }
        String main = single(query, "main", null);
        if (main != null && !main.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw ApiException.badRequest("parameter 'main' is not a class name: '" + main + "'");
        }
        String jar = single(query, "jar", "app.jar");
        if (!JAR_NAME.matcher(jar).matches()) {
            throw ApiException.badRequest("parameter 'jar' must be a file name ending in .jar (letters, digits, . _ -), got '" + jar + "'");
        }
        int executors = (int) number(query, "executors", 2, 1, 10_000);
        long wait = number(query, "wait", DEFAULT_SUBMIT_WAIT_MILLIS, 0, MAX_SUBMIT_WAIT_MILLIS);
        return new ApiCall.Submit(jar, main, executors, List.copyOf(query.getOrDefault("arg", List.of())), wait);
    }

    private static String single(Map<String, List<String>> query, String name, String defaultValue) {
        List<String> values = query.get(name);
        if (values == null) {
            return defaultValue;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("parameter '" + name + "' is given " + values.size() + " times");
        }
        return values.get(0);
    }

    private static long number(Map<String, List<String>> query, String name, long defaultValue, long min, long max) {
        String s = single(query, name, null);
        if (s == null) {
            return defaultValue;
        }
        try {
            long v = Long.parseLong(s);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be a number from " + min + " to " + max + ", got '" + s + "'");
        }
    }

    /** The query's parameters in order; a name without '=' has the value "". */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the query is not URL-encoded properly: " + e.getMessage());
        }
    }
}
