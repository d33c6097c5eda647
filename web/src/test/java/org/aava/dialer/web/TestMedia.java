package org.aava.dialer.web;

import org.aava.dialer.prompts.EspeakNgTts;
import org.aava.dialer.store.SqliteStore;

/** The import jobs and recordings of a test's store, with the real espeak-ng. */
final class TestMedia {
    private TestMedia() {
    }

    static ImportsAndMedia of(SqliteStore store) {
        return of(store, ImportSettings.DEFAULTS);
    }

    static ImportsAndMedia of(SqliteStore store, ImportSettings imports) {
        return new ImportsAndMedia(store.importJobs(), store.recordings(), imports, new EspeakNgTts("espeak-ng", "en-us"));
    }
}
