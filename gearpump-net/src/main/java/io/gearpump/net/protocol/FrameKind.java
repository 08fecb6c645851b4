package io.gearpump.net.protocol;

/**
 * The first byte of every payload: what the rest is. Append only; a kind never changes meaning.
 * Before a connection is authenticated only {@link #AUTH} frames are accepted.
 */
public final class FrameKind {

    /** Handshake: the rest is a Kryo-encoded handshake record. */
    public static final byte AUTH = 1;
    /** Control traffic: the rest is one Kryo-encoded object (requests, responses, heartbeats). */
    public static final byte CONTROL = 2;
    /** Task messages of one stream: varint stream id, then the encoded batch. */
    public static final byte DATA = 3;
    /** Credit for one stream: varint stream id, varint messages. */
    public static final byte CREDIT = 4;

    /** The dialling side of a connection between two executors names itself: varint executor id. */
    public static final byte HELLO = 5;

    /** Raft traffic between masters: one Kryo-encoded Raft message. */
    public static final byte RAFT = 6;

    private FrameKind() {
    }

    public static String name(byte kind) {
        return switch (kind) {
            case AUTH -> "AUTH";
            case CONTROL -> "CONTROL";
            case DATA -> "DATA";
            case CREDIT -> "CREDIT";
            case HELLO -> "HELLO";
            case RAFT -> "RAFT";
            default -> "unknown kind " + kind;
        };
    }
}
