package org.aava.dialer.server;

import org.aava.dialer.server.cli.CommandLine;
import org.aava.dialer.server.config.ConfigException;
import org.aava.dialer.server.config.ConfigLoader;
import org.aava.dialer.server.config.DialerConfig;
import org.aava.dialer.server.ops.LoggingSetup;
import org.aava.dialer.store.Store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar aava-dialer.jar [run|dialplan|check|import|backup] [--config FILE]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.setProperty("org.jboss.logging.provider", "slf4j");
        // below Asterisk's 15 s HTTP keep-alive, so a pooled ARI connection is never reused after Asterisk closed it
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) System.setProperty("jdk.httpclient.keepalive.timeout", "5");
        int code;
        try {
            code = run(CommandLine.parse(argv));
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("aava-dialer: " + e.getMessage());
            code = 2;
        } catch (IllegalStateException e) {
            System.err.println("aava-dialer: " + e.getMessage());
            code = 1;
        }
        if (code != 0 || !"run".equals(argv.length == 0 ? "run" : CommandLine.parse(argv).command())) System.exit(code);
    }

    static int run(CommandLine cli) {
        if (cli.command().equals("help")) {
            System.out.print(CommandLine.usage());
            return 0;
        }
        DialerConfig config = ConfigLoader.load(cli.config(), System.getenv());
        LoggingSetup.configure(config.logging().format(), cli.command().equals("run") ? config.logging().level() : "WARN");
        switch (cli.command()) {
            case "run" -> {
                Application app = Application.start(config, Clock.systemUTC());
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    app.close();
                    stopped.countDown();
                }, "aava-shutdown"));
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }
            case "dialplan" -> {
                System.out.print(new org.aava.dialer.dialplan.DialplanGenerator(new org.aava.dialer.dialplan.DialplanSettings(
                        config.ari().app(), config.agi().advertiseHost(), config.agi().port(), config.amd().defaultOptionsText(),
                        Application.VERSION, config.amd().humanCauses())).generate());
                return 0;
            }
            case "check" -> {
                return new Check(config).run(System.out);
            }
            case "backup" -> {
                if (cli.args().size() != 1) throw new IllegalArgumentException("usage: backup TARGET_FILE");
                try (Store store = StoreOpener.open(config)) {
                    store.backup(Path.of(cli.args().get(0)), false);
                }
                System.out.println("backup written to " + cli.args().get(0));
                return 0;
            }
            case "import" -> {
                if (cli.args().size() != 2) throw new IllegalArgumentException("usage: import CAMPAIGN_ID FILE.csv|FILE.xlsx");
                return new ImportCommand(config).run(Long.parseLong(cli.args().get(0)), Path.of(cli.args().get(1)), System.out);
            }
            default -> throw new IllegalArgumentException("unknown command " + cli.command() + "\n" + CommandLine.usage());
        }
    }
}
