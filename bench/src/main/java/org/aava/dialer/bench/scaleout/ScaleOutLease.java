package org.aava.dialer.bench.scaleout;

import org.aava.dialer.bench.Percentiles;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.store.Store;
import org.aava.dialer.store.StoreOptions;
import org.aava.dialer.store.Stores;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lease throughput of one campaign from N dialer nodes sharing one database: each node is a store of its own
 * (its own pool and threads, as a separate process has) with one pacer leasing back to back, asking for
 * {@code batch} leads each time. With {@code caps}, each lease carries the campaign's max_concurrent (on PostgreSQL
 * enforced inside the lease, under the campaign's row lock) and the node puts its leads back at once, as finished
 * calls free their slots; without, the lease is the store's alone. Prints leads/s over all nodes and the lease
 * latency percentiles.
 *
 * <pre>java -cp benchmarks.jar org.aava.dialer.bench.scaleout.ScaleOutLease URL|FILE CAMPAIGN_ID NODES SECONDS BATCH caps|nocaps [USER PASSWORD]</pre>
 */
public final class ScaleOutLease {
    private ScaleOutLease() {
    }

    public static void main(String[] args) throws Exception {
        String where = args[0];
        long campaignId = Long.parseLong(args[1]);
        int nodes = Integer.parseInt(args[2]);
        Duration run = Duration.ofSeconds(Long.parseLong(args[3]));
        int batch = Integer.parseInt(args[4]);
        boolean caps = args[5].equals("caps");
        String user = args.length > 6 ? args[6] : "";
        String password = args.length > 7 ? args[7] : "";
        boolean postgres = Stores.isPostgres(where);
        List<Store> stores = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            stores.add(Stores.open(postgres ? where : null, postgres ? Path.of("unused.db") : Path.of(where), user, password,
                    StoreOptions.defaults()));
        }
        Campaign c = stores.get(0).campaigns().find(campaignId).join().orElseThrow();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong leased = new AtomicLong();
        long warmEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long end = warmEnd + run.toNanos();
        List<Thread> pacers = new ArrayList<>();
        for (Store store : stores) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    Instant now = Instant.now();
                    LeaseRequest req = caps ? LeaseRequest.forCampaign(c, batch, Duration.ofMinutes(5), now)
                            : new LeaseRequest(c.id(), batch, Duration.ofMinutes(5), now, 0, false, false);
                    var got = store.leads().lease(req).join();
                    long t1 = System.nanoTime();
                    int n = got.size();
                    if (caps) got.forEach(l -> store.leads().release(l.id(), now.plusSeconds(86_400), "bench").join());
                    if (t0 >= warmEnd) {
                        latencies.add(t1 - t0);
                        leased.addAndGet(n);
                    }
                }
            });
            pacers.add(t);
            t.start();
        }
        for (Thread t : pacers) t.join();
        Percentiles p = new Percentiles(latencies);
        System.out.printf("%s nodes=%d batch=%d %s leads/s=%.0f leases=%d p50=%.2fms p99=%.2fms%n", postgres ? "postgresql" : "sqlite",
                nodes, batch, caps ? "caps" : "nocaps", leased.get() / (run.toNanos() / 1e9), p.count(), p.millis(50), p.millis(99));
        for (Store s : stores) s.close();
    }
}
