package io.gearpump.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.net.auth.ApiToken;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's own checks, before any cluster is involved. */
class GearCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final GearCli cli = new GearCli(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badCommandLinesGetOneLineAndExitCode2() throws Exception {
        assertEquals(2, cli.run(new String[] {"frobnicate"}));
        assertTrue(err().contains("unknown command 'frobnicate'"), err());

        assertEquals(2, cli.run(new String[] {"status", "-appid", "x", "-master", "127.0.0.1:1"}));
        assertTrue(err().contains("-appid must be a number, got 'x'"), err());

        Path text = Files.writeString(dir.resolve("a.jar"), "not a zip");
        assertEquals(2, cli.run(new String[] {"submit", "-jar", text.toString(), "-main", "x.Y", "-master", "127.0.0.1:1"}));
        assertTrue(err().contains("is not a jar"), err());

        assertEquals(2, cli.run(new String[] {"submit", "-jar", text.toString(), "-executors", "0", "-master", "127.0.0.1:1"}));
        assertTrue(err().contains("-executors must be a number of at least 1, got '0'"), err());
    }

    @Test
    void everyCommandRefusesAnUnknownOptionInOneLineNamingIt() {
        assertRefused("gear status: unknown option '-foo'; it takes -appid, -master, -conf", "status", "-appid", "1", "-foo");
        assertRefused("gear status: unknown option '-app' (did you mean '-appid'?)", "status", "-app", "1");
        assertRefused("gear kill: unknown option '-appi' (did you mean '-appid'?)", "kill", "-appi", "1");
        assertRefused("gear list: unknown option '-foo'; it takes -master, -conf", "list", "-foo");
        // an option of another command is no option of this one
        assertRefused("gear list: unknown option '-appid'; it takes -master, -conf", "list", "-appid", "1");
        assertRefused("gear cluster: unknown option '-mastr' (did you mean '-master'?)", "cluster", "-mastr", "127.0.0.1:1");
        assertRefused("gear token: unknown option '-master'; it takes -conf", "token", "-master", "127.0.0.1:1");
    }

    @Test
    void everyCommandButSubmitRefusesAStrayArgument() {
        assertRefused("gear cluster: unexpected argument 'extra'", "cluster", "extra");
        assertRefused("gear list: unexpected argument 'extra'", "list", "-master", "127.0.0.1:1", "extra");
        assertRefused("gear status: unexpected argument '2'", "status", "-appid", "1", "2");
        assertRefused("gear kill: unexpected argument 'now'", "kill", "now", "-appid", "1");
        assertRefused("gear token: unexpected argument 'please'", "token", "please");
    }

    @Test
    void anOptionWithoutItsValueOrGivenTwiceIsRefused() {
        assertRefused("gear status: option -appid needs a value", "status", "-appid");
        assertRefused("gear list: option -master is given twice", "list", "-master", "127.0.0.1:1", "-master", "127.0.0.1:2");
        assertRefused("gear submit: option -jar needs a value", "submit", "-jar");
    }

    @Test
    void aMissingConfigurationFileIsNamedOnceWithTheReason() {
        Path missing = dir.resolve("nope.conf");
        assertRefused("gear list: cannot read configuration file " + missing + ": no such file", "list", "-conf", missing.toString());
    }

    /** {@code args} refused with exit code 2 and exactly {@code line} on stderr, nothing on stdout. */
    private void assertRefused(String line, String... args) {
        err.reset();
        out.reset();
        assertEquals(2, cli.run(args), err());
        assertEquals(line, err().strip());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theApplicationsOwnArgumentsMayReuseTheCommandsOptionNames() throws Exception {
        Path missing = dir.resolve("missing.jar");
        // -jar after the first application argument belongs to the application: the command's -jar is the first
        assertEquals(2, cli.run(new String[] {"submit", "-jar", missing.toString(), "-split", "2", "-jar", "app-arg",
                "-master", "127.0.0.1:1"}));
        assertTrue(err().contains("no such jar: " + missing), err());
    }

    @Test
    void tokenPrintsTheRestApiTokenOfTheConfiguredSecret() throws Exception {
        Path conf = Files.writeString(dir.resolve("gear.conf"), "gearpump.cluster.secret = s3cret\n");
        assertEquals(0, cli.run(new String[] {"token", "-conf", conf.toString()}));
        String token = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals(ApiToken.of("s3cret").value(), token);
        assertTrue(token.matches("[0-9a-f]{64}"), "hex HMAC-SHA256: " + token);
        assertTrue(ApiToken.of("s3cret").matches(token) && !ApiToken.of("other").matches(token));

        Path none = Files.writeString(dir.resolve("none.conf"), "gearpump.cluster.secret =\n");
        assertEquals(2, cli.run(new String[] {"token", "-conf", none.toString()}));
        assertTrue(err().contains("gearpump.cluster.secret is not set"), err());
    }
}
