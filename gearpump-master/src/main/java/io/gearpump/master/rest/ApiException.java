package io.gearpump.master.rest;

/** A request the API refuses with {@code status} and a message for people (sent as JSON, never a stack trace). */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String allow; // for 405: the methods the path takes; else null

    ApiException(int status, String message) {
        this(status, message, null);
    }

    private ApiException(int status, String message, String allow) {
        super(message);
        this.status = status;
        this.allow = allow;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException methodNotAllowed(String method, String path, String allow) {
        return new ApiException(405, method + " is not allowed on " + path + " (allowed: " + allow + ")", allow);
    }

    int status() {
        return status;
    }

    String allow() {
        return allow;
    }
}
