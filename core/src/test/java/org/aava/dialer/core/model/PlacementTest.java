package org.aava.dialer.core.model;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PlacementTest {
    @Test
    void aServerIsNamedByItsAriAddressAndAppAlone() {
        assertEquals("127.0.0.1:8088/aava-dialer", Placement.serverName(URI.create("http://127.0.0.1:8088"), "aava-dialer"));
        assertEquals("127.0.0.1:8088/aava-dialer", Placement.serverName(URI.create("http://127.0.0.1:8088/"), "aava-dialer"),
                "a trailing slash names the same server");
        assertEquals("pbx.example:80/app", Placement.serverName(URI.create("http://PBX.example"), "app"), "default port, host case");
        assertEquals("pbx.example:443/app", Placement.serverName(URI.create("https://pbx.example"), "app"));
        assertEquals("pbx:8088/app", Placement.serverName(URI.create("http://user:secret@pbx:8088"), "app"), "never the credentials");
        assertEquals("proxy:443/asterisk-b/app", Placement.serverName(URI.create("https://proxy/asterisk-b/"), "app"));
        assertNotEquals(Placement.serverName(URI.create("http://pbx:8088"), "a"), Placement.serverName(URI.create("http://pbx:8088"), "b"),
                "another Stasis app on the same Asterisk is another name");
    }
}
