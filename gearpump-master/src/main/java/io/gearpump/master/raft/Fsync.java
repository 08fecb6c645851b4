package io.gearpump.master.raft;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How {@link FileStorage} forces bytes to the disk: the seam where tests count fsyncs or make them
 * fail. {@link #SYSTEM} is the real thing.
 */
public interface Fsync {

    /** Forces the file's content and metadata (its size included) to the disk. */
    void force(FileChannel channel) throws IOException;

    /** Forces a directory's entries (a created or renamed file) to the disk. */
    void forceDirectory(Path directory) throws IOException;

    Fsync SYSTEM = new Fsync() {
        @Override
        public void force(FileChannel channel) throws IOException {
            channel.force(true);
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    };
}
