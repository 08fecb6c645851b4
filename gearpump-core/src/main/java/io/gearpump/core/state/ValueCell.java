package io.gearpump.core.state;

/**
 * A keyed value in its segment, changed in place while no snapshot holds it: one made in the
 * segments' current epoch is in no frozen segment (a snapshot bumps the epoch), so setting it needs
 * no write to the segment's map; an older one is replaced by a new cell instead.
 */
final class ValueCell {

    final int epoch;
    Object value;

    ValueCell(int epoch, Object value) {
        this.epoch = epoch;
        this.value = value;
    }
}
