package org.aava.dialer.server;

import org.aava.dialer.server.config.DialerConfig;
import org.aava.dialer.store.Store;
import org.aava.dialer.store.StoreOptions;
import org.aava.dialer.store.Stores;

/** Opens the store {@code database.*} configures, with the node's phone rules (what migration V6 reads numbers as). */
final class StoreOpener {
    private StoreOpener() {
    }

    static Store open(DialerConfig config) {
        return open(config, StoreOptions.defaults());
    }

    static Store open(DialerConfig config, StoreOptions base) {
        DialerConfig.Database db = config.database();
        return Stores.open(db.url(), db.path(), db.username(), db.password(),
                base.withPhones(config.dial().phones()).withBusyTimeout(db.busyTimeoutMs()));
    }
}
