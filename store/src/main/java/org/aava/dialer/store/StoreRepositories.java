package org.aava.dialer.store;

/** The repositories of one store, built once over its {@link Db}: the same classes serve both databases. */
record StoreRepositories(CampaignStore campaigns, LeadNameIndex nameIndex, LeadStore leads, AttemptStore attempts,
                         CallHistoryStore callHistory, JournalStore journal, DncStore dnc, AuditStore audit,
                         ImportJobStore importJobs, RecordingStore recordings, UserStore users, NodeStore nodes) {
    static StoreRepositories over(Db db) {
        LeadNameIndex names = new LeadNameIndex(db);
        StoreRepositories r = new StoreRepositories(new CampaignStore(db), names, new LeadStore(db, names), new AttemptStore(db),
                new CallHistoryStore(db), new JournalStore(db), new DncStore(db), new AuditStore(db), new ImportJobStore(db),
                new RecordingStore(db), new UserStore(db), new NodeStore(db));
        names.kick(); // leads imported before a restart may still be waiting
        return r;
    }
}
