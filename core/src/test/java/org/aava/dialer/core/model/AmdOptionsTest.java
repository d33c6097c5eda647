package org.aava.dialer.core.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmdOptionsTest {
    private static final int[][] BOUNDS = {
            {0, 60000}, {0, 60000}, {0, 60000}, {100, 60000}, {0, 60000}, {0, 60000}, {1, 100}, {0, 32767}, {0, 60000}};

    private static AmdOptions with(int index, Integer value) {
        List<Integer> v = new ArrayList<>(Collections.nCopies(9, null));
        v.set(index, value);
        return new AmdOptions(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7), v.get(8));
    }

    @Test
    void theDialplanArgumentIsPositionalWithGapsFilledFromTheDefaults() {
        assertEquals("2000,2000,1000,5000,100,50,10,256,5000", AmdOptions.DEFAULTS.toDialplanArgument());
        assertEquals("2000,2000,1000,5000,100,50,10,256,5000", AmdOptions.NONE.toDialplanArgument());
        assertEquals("2500,2000,1000,5000,100,50,10,256,5000", AmdOptions.parse("2500").toDialplanArgument());
        assertEquals("2000,2000,1000,5000,100,50,10,256,4000", with(8, 4000).toDialplanArgument(), "a gap never shifts later values");
        assertEquals("2000,2000,1000,5000,100,50,4,300,5000",
                AmdOptions.fromMap(Map.of("maximum_number_of_words", 4, "silence_threshold", "300")).toDialplanArgument());
    }

    @Test
    void parseReadsAPrefixOfThePositionalArguments() {
        AmdOptions o = AmdOptions.parse(" 2500 , 1500 ");
        assertEquals(2500, o.initialSilence());
        assertEquals(1500, o.greeting());
        assertNull(o.afterGreetingSilence());
        assertEquals(AmdOptions.NONE, AmdOptions.parse(""));
        assertEquals(AmdOptions.NONE, AmdOptions.parse(null));
        assertEquals(AmdOptions.DEFAULTS, AmdOptions.parse(AmdOptions.DEFAULTS.toDialplanArgument()));
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.parse("1,2,3,4,5,6,7,8,9,10"), "at most 9");
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.parse("2000,abc"));
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.parse("2000,,1000"), "no empty positions");
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.parse("1.5"));
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.parse("2000,2000,1000,50"), "total analysis time below 100");
    }

    @Test
    void mapsUseTheRestFieldNamesAndRejectTypos() {
        AmdOptions o = AmdOptions.fromMap(Map.of("maximum_number_of_words", 4, "silence_threshold", "300"));
        assertEquals(Map.of("maximum_number_of_words", 4, "silence_threshold", 300), o.toMap());
        assertEquals(List.copyOf(AmdOptions.FIELDS), List.copyOf(AmdOptions.DEFAULTS.toMap().keySet()), "positional order");
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.fromMap(Map.of("greetings", 1)));
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.fromMap(Map.of("greeting", "long")));
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.fromMap(Map.of("silence_threshold", 99999)));
        Map<String, Object> blanks = new HashMap<>();
        blanks.put("greeting", " ");
        blanks.put("initial_silence", null);
        assertEquals(AmdOptions.NONE, AmdOptions.fromMap(blanks), "blank and null mean default");
        assertEquals(AmdOptions.NONE, AmdOptions.fromMap(null));
        assertEquals(Map.of(), AmdOptions.NONE.toMap());
    }

    @Test
    void everyBoundIsInclusiveAndEnforced() {
        for (int i = 0; i < 9; i++) {
            int index = i;
            assertEquals(BOUNDS[i][0], with(i, BOUNDS[i][0]).values().get(i));
            assertEquals(BOUNDS[i][1], with(i, BOUNDS[i][1]).values().get(i));
            IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> with(index, BOUNDS[index][0] - 1));
            assertTrue(low.getMessage().contains(AmdOptions.FIELDS.get(i)), low.getMessage());
            assertThrows(IllegalArgumentException.class, () -> with(index, BOUNDS[index][1] + 1));
            assertThrows(IllegalArgumentException.class, () -> AmdOptions.fromMap(Map.of(AmdOptions.FIELDS.get(index), BOUNDS[index][1] + 1)));
        }
    }

    @Test
    void roundTripsOverRandomOptions() {
        Random r = new Random(5);
        for (int n = 0; n < 2000; n++) {
            Integer[] v = new Integer[9];
            for (int i = 0; i < 9; i++) v[i] = r.nextInt(3) == 0 ? null : BOUNDS[i][0] + r.nextInt(BOUNDS[i][1] - BOUNDS[i][0] + 1);
            AmdOptions o = new AmdOptions(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
            assertEquals(Arrays.asList(v), o.values());
            assertEquals(o, AmdOptions.fromMap(o.toMap()));
            AmdOptions full = o.withDefaults(AmdOptions.DEFAULTS);
            assertEquals(full, AmdOptions.parse(o.toDialplanArgument()));
            for (int i = 0; i < 9; i++) assertEquals(v[i] != null ? v[i] : AmdOptions.DEFAULTS.values().get(i), full.values().get(i));
        }
    }
}
