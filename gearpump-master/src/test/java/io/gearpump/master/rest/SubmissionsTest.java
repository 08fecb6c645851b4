package io.gearpump.master.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** REST submissions leave no jar or secret behind once their child ended, and only the latest few logs. */
@Timeout(120)
class SubmissionsTest {

    @Test
    void endedSubmissionsLoseTheirJarAndConfigAndOnlyTheLatestKeepTheirLog(@TempDir Path dir) throws Exception {
        GearConfig config = GearConfig.defaults().with(GearConfig.CLUSTER_SECRET.name(), "s3cret");
        byte[] notAJar = {'P', 'K', 3, 4}; // the child refuses it at once and ends
        List<Submissions.Submission> started = new ArrayList<>();
        try (Submissions submissions = new Submissions(dir, config, "127.0.0.1:1", Clock.systemUTC(), 2)) {
            for (int i = 0; i < 3; i++) {
                Submissions.Submission s = submissions.start(notAJar, new ApiCall.Submit("app.jar", "x.Main", 1, List.of(), 0));
                started.add(s);
                Poll.until("submission " + s.id() + "'s child to end", Duration.ofSeconds(30), () -> !s.process().isAlive());
            }
            submissions.start(notAJar, new ApiCall.Submit("app.jar", "x.Main", 1, List.of(), 0)); // the next one prunes

            Path first = started.get(0).jar().getParent();
            assertFalse(Files.exists(first), "the oldest ended submission is gone: " + first);
            assertTrue(submissions.get(started.get(0).id()).isEmpty());
            for (Submissions.Submission s : started.subList(1, 3)) {
                Path home = s.jar().getParent();
                assertFalse(Files.exists(s.jar()), "no jar left of an ended submission");
                assertFalse(Files.exists(home.resolve("gear.conf")), "nor its configuration, which holds the secret");
                assertTrue(Files.exists(s.log()), "its log stays");
            }
            assertEquals(3, Files.list(dir).count(), "two ended submissions and the running one");
        }
    }

    @Test
    void aRelativeMasterDirectoryStillGivesTheChildItsConfigurationAndJar() throws Exception {
        // the master's default directory is relative ("data"), and the child runs inside its submission's directory
        Path relative = Path.of("target", "relative-submissions-" + System.nanoTime());
        byte[] notAJar = {'P', 'K', 3, 4};
        try (Submissions submissions = new Submissions(relative, GearConfig.defaults(), "127.0.0.1:1", Clock.systemUTC(), 2)) {
            Submissions.Submission s = submissions.start(notAJar, new ApiCall.Submit("app.jar", "x.Main", 1, List.of(), 0));
            Poll.until("the child to end", Duration.ofSeconds(30), () -> !s.process().isAlive());

            String log = Files.readString(s.log());
            assertFalse(log.contains("cannot read configuration file"), log);
            assertTrue(log.contains("app.jar"), "the child got as far as the jar: " + log);
            assertTrue(Submissions.lastLogLine(s).contains("app.jar"), Submissions.lastLogLine(s));
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(relative)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
