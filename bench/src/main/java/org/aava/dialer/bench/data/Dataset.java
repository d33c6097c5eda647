package org.aava.dialer.bench.data;

/**
 * The shape of a benchmark database: how many running campaigns, how many leads each, and whether
 * the first campaign carries some dialing history (closed attempts, retries, live leases, DNC hits).
 *
 * @param name             part of the cached file's name
 * @param campaigns        running campaigns
 * @param leadsPerCampaign leads imported into each
 * @param history          give the first campaign a realistic past (see {@link DatasetBuilder})
 */
public record Dataset(String name, int campaigns, int leadsPerCampaign, boolean history) {
    /** One running campaign with 1M leads and a dialing history: the store benchmarks. */
    public static final Dataset MILLION = new Dataset("1m-leads", 1, 1_000_000, true);
    /** Twenty running campaigns, 1M leads in all: the scheduler's idle cost. */
    public static final Dataset TWENTY_CAMPAIGNS = new Dataset("20x50k-leads", 20, 50_000, false);

    /** Bump when {@link DatasetBuilder} changes what it writes, or the store's schema changes, so stale cached files are rebuilt. */
    static final int GENERATION = 4;

    public Dataset {
        if (campaigns < 1 || leadsPerCampaign < 1) throw new IllegalArgumentException("a dataset needs campaigns and leads");
    }

    public long totalLeads() {
        return (long) campaigns * leadsPerCampaign;
    }

    String fileName() {
        return "aava-bench-" + name + "-g" + GENERATION + ".db";
    }
}
