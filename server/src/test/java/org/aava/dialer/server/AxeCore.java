package org.aava.dialer.server;

import org.aava.dialer.lab.LabAsterisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * axe-core (the accessibility engine) for the browser tests, fetched reproducibly: a pinned version from the npm
 * registry with {@code npm pack} into {@code target/axe-core}, once per clean build (no WebJar of it on Maven Central).
 */
final class AxeCore {
    static final String VERSION = "4.10.3";
    private static final Path DIR = Path.of("target", "axe-core");
    private static final Path SCRIPT = DIR.resolve("package").resolve("axe.min.js");

    private AxeCore() {
    }

    /** The axe.min.js source; skips the test (fails it when the lab/CI run requires everything) when npm cannot fetch it. */
    static synchronized String script() throws IOException, InterruptedException {
        if (!Files.isRegularFile(SCRIPT)) fetch();
        return Files.readString(SCRIPT);
    }

    private static void fetch() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        String tgz = "axe-core-" + VERSION + ".tgz";
        boolean ok = run(DIR, "npm", "pack", "--silent", "axe-core@" + VERSION) && run(DIR, "tar", "xzf", tgz, "package/axe.min.js");
        if (!ok || !Files.isRegularFile(SCRIPT)) {
            String why = "axe-core " + VERSION + " could not be fetched with npm (apt-get install npm)";
            if (LabAsterisk.required()) throw new AssertionError(why);
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }

    private static boolean run(Path dir, String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
