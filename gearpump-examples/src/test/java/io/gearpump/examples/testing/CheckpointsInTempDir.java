package io.gearpump.examples.testing;

import io.gearpump.core.config.GearConfig;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An example's cluster loads its configuration itself, so its checkpoints would go into the module's
 * directory: for each test they go into a fresh temporary directory instead, removed afterwards.
 */
public final class CheckpointsInTempDir implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CheckpointsInTempDir.class);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory("gear-example-checkpoints");
        context.getStore(NS).put("dir", dir);
        System.setProperty(GearConfig.CHECKPOINT_DIR.name(), dir.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        System.clearProperty(GearConfig.CHECKPOINT_DIR.name());
        Path dir = context.getStore(NS).remove("dir", Path.class);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
