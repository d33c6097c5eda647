package org.aava.dialer.core.phone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneNumbersTest {
    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(value = {
            " +1 (555) 123-4567 |+15551234567", "555.123.4567|5551234567", "555/123 4567|5551234567",
            "2765|2765", "*72#|*72#", "*67 555-0100|*675550100", "#31#5551234|#31#5551234", "+44 20 7946 0958|+442079460958",
            "(0)30-1234 5678|03012345678", "+|+"}, delimiter = '|')
    void stripsFormattingAndKeepsDialableCharacters(String raw, String expected) {
        if (expected.equals("+")) {
            assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.normalize(raw), "no digits");
            return;
        }
        assertEquals(expected, PhoneNumbers.normalize(raw));
        assertEquals(expected, PhoneNumbers.normalize(PhoneNumbers.normalize(raw)), "idempotent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"555-CALL-NOW", "1-800-FLOWERS", "phone 123", "12ab", "ext. 12"})
    void lettersAreRejected(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.normalize(raw));
        assertTrue(e.getMessage().contains("letters"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"12+34", "++15551234", "1+", "555;1234", "555,1234", "555\t1234", "555_1234", "5551234!", "()-", "", "   ", "*#"})
    void otherInvalidInputIsRejected(String raw) {
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.normalize(raw));
    }

    @Test
    void nullAndOverlongAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.normalize(null));
        String max = "1".repeat(32);
        assertEquals(max, PhoneNumbers.normalize(max));
        assertEquals(max, PhoneNumbers.normalize("1-".repeat(32)), "formatting does not count");
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.normalize("1".repeat(33)));
    }

    @Test
    void anInvalidCharacterOutsideTheBmpIsNamedWhole() {
        // found by fuzzing the CSV importer: half an emoji in the reason made the error CSV unwritable
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.normalize("555\uD83D\uDCDE1234"));
        assertEquals("phone number contains an invalid character '\uD83D\uDCDE'", e.getMessage());
    }

    @Test
    void dialableDropsTheLeadingPlusOnly() {
        assertEquals("15551234567", PhoneNumbers.dialable("+15551234567"));
        assertEquals("*72#", PhoneNumbers.dialable("*72#"));
        assertEquals("2765", PhoneNumbers.dialable("2765"));
    }
}
