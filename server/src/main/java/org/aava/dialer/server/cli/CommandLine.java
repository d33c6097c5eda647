package org.aava.dialer.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code [command] [--config FILE] [args...]}; the command defaults to {@code run}. */
public record CommandLine(String command, Path config, List<String> args) {
    public static final List<String> COMMANDS = List.of("run", "dialplan", "check", "import", "backup", "help");

    public static CommandLine parse(String[] argv) {
        String command = "run";
        Path config = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--config") || a.equals("-c")) {
                if (i + 1 >= argv.length) throw new IllegalArgumentException("--config needs a file");
                config = Path.of(argv[++i]);
            } else if (a.startsWith("--config=")) {
                config = Path.of(a.substring("--config=".length()));
            } else if (a.equals("--help") || a.equals("-h")) {
                command = "help";
            } else if (rest.isEmpty() && command.equals("run") && COMMANDS.contains(a)) {
                command = a;
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            } else {
                rest.add(a);
            }
        }
        return new CommandLine(command, config, List.copyOf(rest));
    }

    public static String usage() {
        return """
                usage: java -jar aava-dialer.jar [command] [--config FILE]
                  run                       start the dialer (default)
                  dialplan                  print the [aava-outbound-amd] snippet for extensions_custom.conf
                  check                     validate the config, reach ARI, verify the dialplan context and media
                  import CAMPAIGN_ID FILE   import a lead CSV into a campaign (with progress)
                  backup TARGET             online backup of the SQLite database to TARGET
                Every config key can be set by an environment variable: web.port -> AAVA_DIALER_WEB_PORT.
                """;
    }
}
