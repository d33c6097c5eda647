package org.aava.dialer.server;

import org.aava.dialer.server.config.DialerConfig;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.aava.dialer.web.LeadImporter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code import CAMPAIGN_ID FILE.csv}: the same importer as the API, with a progress bar on the terminal. */
final class ImportCommand {
    private final DialerConfig config;

    ImportCommand(DialerConfig config) {
        this.config = config;
    }

    int run(long campaignId, Path file, PrintStream out) {
        try (SqliteStore store = SqliteStore.open(config.database().path(), StoreOptions.defaults())) {
            if (store.campaigns().find(campaignId).join().isEmpty()) throw new IllegalArgumentException("campaign " + campaignId + " not found");
            long total = Files.size(file);
            Path errors = file.resolveSibling(file.getFileName() + ".errors.csv");
            long t0 = System.nanoTime();
            LeadImporter.Result r;
            try (InputStream in = new Progress(Files.newInputStream(file), total, out)) {
                r = new LeadImporter(store.leads(), config.contexts(), config.dial().phones()).importCsv(campaignId, in, true, errors);
            }
            out.printf("%nimported %d leads (%d duplicates, %d rejected, %d on DNC) in %.1f s%n", r.accepted(), r.duplicates(),
                    r.rejected(), r.dnc(), (System.nanoTime() - t0) / 1e9);
            if (r.errorCsv() != null) out.println("rejected rows: " + r.errorCsv());
            r.warnings().forEach(w -> out.println("warning: row " + w.get("row_number") + ": " + w.get("warning")));
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Draws a progress bar from the bytes read. */
    private static final class Progress extends FilterInputStream {
        private final long total;
        private final PrintStream out;
        private long read;
        private int shown = -1;

        Progress(InputStream in, long total, PrintStream out) {
            super(in);
            this.total = Math.max(1, total);
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) advance(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) advance(n);
            return n;
        }

        private void advance(int n) {
            read += n;
            int pct = (int) (read * 100 / total);
            if (pct != shown) {
                shown = pct;
                int bars = pct / 2;
                out.print("\r[" + "#".repeat(bars) + " ".repeat(50 - bars) + "] " + pct + "%");
                out.flush();
            }
        }
    }
}
