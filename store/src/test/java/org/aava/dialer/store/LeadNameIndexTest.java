package org.aava.dialer.store;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeadView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Name search answers the same as a plain "name contains" over every lead, newest first, whether the
 * leads are in the background-filled trigram index yet or not, and after names change and leads go.
 */
class LeadNameIndexTest {
    @TempDir
    Path dir;
    private static final String[] PARTS = {"Ann", "anna", "Bob", "Zoë", "O'Brien", "Smith", "smithson", "Lee", "李", "Nguyen", "50%", "a_b"};

    @Test
    void searchesMatchAPlainContainsBeforeAndAfterTheIndexCatchesUp() throws Exception {
        long seed = Long.getLong("aava.names.seed", System.nanoTime());
        Random random = new Random(seed);
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "names");
            Campaign other = StoreFixture.runningCampaign(store, "other");
            store.leads().insertBatch(c.id(), leads(c.id(), 0, 400, random), true).join();
            store.leads().insertBatch(other.id(), leads(other.id(), 0, 50, random), true).join();
            String where = "seed " + seed + " (-Daava.names.seed)";
            checkSearches(store, c.id(), random, where + ", nothing indexed yet");

            awaitIndexed(store);
            checkSearches(store, c.id(), random, where + ", all indexed");

            // newer leads wait above the mark (read by scan); renamed and deleted ones leave the index
            store.leads().insertBatch(c.id(), leads(c.id(), 400, 100, random), true).join();
            Lead renamed = store.leads().page(new LeadQuery(c.id(), null, null, 3, 50)).join().items().get(0).lead();
            store.leads().insertBatch(c.id(), List.of(Lead.newPending(c.id(), renamed.phoneNumber(), renamed.phoneNormalized(),
                    "Quentin Renamed", "{}", null, null, null)), false).join();
            Lead deleted = store.leads().page(new LeadQuery(c.id(), null, null, 5, 50)).join().items().get(0).lead();
            store.leads().delete(deleted.id()).join();
            long backlog = store.nameIndexBacklog().join();
            // the 100 new leads, unless the background step (one transaction for all of them) already ran
            assertTrue(backlog == 100 || backlog == 0, "name index backlog " + backlog);
            checkSearches(store, c.id(), random, where + ", half indexed after a rename and a delete");
            assertEquals(List.of(renamed.id()), ids(store, new LeadQuery(c.id(), null, "quentin", 1, 50)));

            awaitIndexed(store);
            checkSearches(store, c.id(), random, where + ", all indexed again");
            assertEquals(List.of(renamed.id()), ids(store, new LeadQuery(c.id(), null, "renamed", 1, 50)));
            assertTrue(ids(store, new LeadQuery(c.id(), null, deleted.name(), 1, 500)).stream().noneMatch(id -> id == deleted.id()));
        }
    }

    private static List<Lead> leads(long campaignId, int from, int count, Random random) {
        List<Lead> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String n = "+1555" + String.format("%07d", i);
            String name = random.nextInt(10) == 0 ? null
                    : PARTS[random.nextInt(PARTS.length)] + " " + PARTS[random.nextInt(PARTS.length)] + " " + i;
            out.add(Lead.newPending(campaignId, n, n, name, "{}", null, null, null));
        }
        return out;
    }

    private static void checkSearches(Store store, long campaignId, Random random, String where) throws Exception {
        List<Lead> all = new ArrayList<>();
        store.leads().forEach(campaignId, v -> all.add(v.lead())).join();
        List<String> terms = new ArrayList<>(List.of("smith", "SMITH", "ann", "an", "zoë", "ZOË", "'br", "李", "50%", "a_b", "th 1", "nobody"));
        for (int i = 0; i < 20; i++) {
            Lead l = all.get(random.nextInt(all.size()));
            if (l.name() == null || l.name().length() < 4) continue;
            int start = random.nextInt(l.name().length() - 3);
            String term = l.name().substring(start, start + 3 + random.nextInt(l.name().length() - start - 2));
            // a term without a letter is a number search
            if (term.chars().anyMatch(Character::isLetter)) terms.add(term);
        }
        for (String term : terms) {
            // as SQLite's LIKE: ASCII letters match either case, other characters as typed; PostgreSQL's ILIKE folds every letter
            String folded = fold(term.strip());
            List<Long> expected = all.stream().filter(l -> l.name() != null && fold(l.name()).contains(folded))
                    .map(Lead::id).sorted(Comparator.reverseOrder()).toList();
            assertEquals(expected, ids(store, new LeadQuery(campaignId, null, term, 1, 500)), "search '" + term + "', " + where);
            List<Long> pending = all.stream().filter(l -> l.state() == LeadState.PENDING && expected.contains(l.id())).map(Lead::id)
                    .sorted(Comparator.reverseOrder()).toList();
            assertEquals(pending, ids(store, new LeadQuery(campaignId, LeadState.PENDING, term, 1, 500)),
                    "search '" + term + "' among pending leads, " + where);
        }
    }

    private static String fold(String s) {
        return TestDatabases.postgres() ? s.toLowerCase(java.util.Locale.ROOT) : foldAscii(s);
    }

    private static String foldAscii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) b.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch);
        return b.toString();
    }

    private static List<Long> ids(Store store, LeadQuery q) {
        return store.leads().page(q).join().items().stream().map(LeadView::lead).map(Lead::id).toList();
    }

    private static void awaitIndexed(Store store) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (store.nameIndexBacklog().join() == 0) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the name index did not catch up within 20 s");
    }
}
