package org.aava.dialer.store;

import org.aava.dialer.core.testing.RepositoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The repository contract (core's tests) over the real store: a fresh SQLite file, or PostgreSQL database, for each test. */
class StoreContractTest extends RepositoryContract {
    @TempDir
    Path dir;
    private Store store;

    @Override
    protected Ports freshPorts() {
        store = TestDatabases.open(dir, StoreOptions.defaults());
        return new Ports(store.campaigns(), store.leads(), store.attempts(), store.callHistory(), store.dnc(), store.audit(),
                store.journal(), store.nodes());
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }
}
