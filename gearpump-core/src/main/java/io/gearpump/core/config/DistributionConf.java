package io.gearpump.core.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The configuration of a daemon started as {@code java -jar gearpump-master.jar} (or the worker's) in
 * the distribution: {@code conf/gear.conf} beside the jar, unless {@code -Dgearpump.conf} names a file.
 * The {@code bin/} scripts always name one; without this the jars ran on the built-in defaults and
 * ignored the distribution's file, typos and all.
 */
public final class DistributionConf {

    private DistributionConf() {
    }

    /** Points {@code -Dgearpump.conf} at the distribution's file when the JVM runs one jar beside it and none is named. */
    public static void useIfUnnamed() {
        if (System.getProperty(GearConfig.CONF_FILE_PROPERTY) == null) {
            besideJar(System.getProperty("java.class.path", "")).ifPresent(
                    conf -> System.setProperty(GearConfig.CONF_FILE_PROPERTY, conf.toString()));
        }
    }

    /** {@code conf/gear.conf} in the directory of the class path's one jar, if both exist. */
    static Optional<Path> besideJar(String classPath) {
        if (classPath.isBlank() || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        Path conf = jar.resolveSibling("conf").resolve("gear.conf");
        return Files.isRegularFile(jar) && Files.isRegularFile(conf) ? Optional.of(conf) : Optional.empty();
    }
}
