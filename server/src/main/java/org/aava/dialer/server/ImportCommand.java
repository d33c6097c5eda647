package org.aava.dialer.server;

import org.aava.dialer.server.config.DialerConfig;
import org.aava.dialer.store.Store;
import org.aava.dialer.web.ImportJobs;
import org.aava.dialer.web.ImportSettings;
import org.aava.dialer.web.LeadImporter;
import org.aava.dialer.web.RowSource;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code import CAMPAIGN_ID FILE.csv|FILE.xlsx}: the same importer and import job as the API, with a progress bar on the terminal. */
final class ImportCommand {
    private final DialerConfig config;

    ImportCommand(DialerConfig config) {
        this.config = config;
    }

    int run(long campaignId, Path file, PrintStream out) {
        try (Store store = StoreOpener.open(config)) {
            if (store.campaigns().find(campaignId).join().isEmpty()) throw new IllegalArgumentException("campaign " + campaignId + " not found");
            Path errorDir = config.database().path().toAbsolutePath().getParent().resolve("import-errors");
            LeadImporter importer = new LeadImporter(store.leads(), config.contexts(), config.dial().phones());
            ImportJobs jobs = new ImportJobs(store.importJobs(), importer, store.audit(), errorDir,
                    new ImportSettings(config.imports().errorRetention(), config.imports().maxErrorFileBytes()));
            long t0 = System.nanoTime();
            LeadImporter.Result r;
            // XLSX is read by its zip directory (no byte stream to follow): its bar moves by rows committed instead
            try (RowSource rows = open(file, out)) {
                ImportJobs.Started job = jobs.start(campaignId, file.getFileName().toString(), rows.format(), "cli");
                out.println("import " + job.job().id() + " (" + rows.format() + ")");
                r = jobs.run(job, rows, true, java.util.Map.of());
            } catch (LeadImporter.PartlyImported e) {
                out.printf("%nimport failed: %s%n", e.getMessage());
                if (e.partial().errorCsv() != null) out.println("rejected rows: " + e.partial().errorCsv());
                return 2;
            }
            out.printf("%nimported %d leads (%d duplicates, %d rejected, %d on DNC) in %.1f s%n", r.accepted(), r.duplicates(),
                    r.rejected(), r.dnc(), (System.nanoTime() - t0) / 1e9);
            if (r.errorCsv() != null) out.println("rejected rows: " + r.errorCsv());
            if (r.errorRowsOmitted() > 0) out.println(r.errorRowsOmitted() + " rejected rows are not in that file (its size limit)");
            r.warnings().forEach(w -> out.println("warning: row " + w.get("row_number") + ": " + w.get("warning")));
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A CSV with a byte-progress bar, or an XLSX workbook. */
    private static RowSource open(Path file, PrintStream out) throws IOException {
        RowSource probe = LeadImporter.open(file);
        if (probe.format().equals("xlsx")) return probe;
        probe.close();
        return LeadImporter.csv(new Progress(Files.newInputStream(file), Files.size(file), out));
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
