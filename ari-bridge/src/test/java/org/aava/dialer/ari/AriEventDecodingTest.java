package org.aava.dialer.ari;

import ch.loway.oss.ari4java.generated.ari_10_0_0.models.Message_impl_ari_10_0_0;
import ch.loway.oss.ari4java.tools.AriAsyncHandler;
import ch.loway.oss.ari4java.generated.models.Message;
import ch.loway.oss.ari4java.tools.AriConnectionEvent;
import ch.loway.oss.ari4java.tools.AriWSCallback;
import org.aava.dialer.core.ports.CallEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events go through ari4java's own WebSocket handler ({@link AriAsyncHandler}) exactly as they do off the wire, so
 * this shows what the bridge makes of an event with a field ari4java's models do not know, and of a broken one.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
class AriEventDecodingTest {
    private static final String DESTROYED_WITH_TECH_CAUSE = """
            {"type":"ChannelDestroyed","timestamp":"2026-12-03T11:00:00.000+0000","cause":17,"cause_txt":"User busy",
             "tech_cause":486,"asterisk_id":"02:42:ac:11:00:02","application":"aava",
             "channel":{"id":"c-486","name":"PJSIP/trunk-00000001","state":"Ring","protocol_id":"abc@127.0.0.1",
                        "caller":{"name":"","number":""},"connected":{"name":"","number":""},"accountcode":"",
                        "dialplan":{"context":"default","exten":"s","priority":1,"app_name":"","app_data":""},
                        "creationtime":"2026-12-03T10:59:58.000+0000","language":"en",
                        "some_future_object":{"nested":{"deep":[1,2,{"x":"y"}]}}}}""";

    private final List<String> destroyed = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionChanges = new AtomicInteger();
    private final AtomicInteger undecodable = new AtomicInteger();
    private final AriBridge bridge = new AriBridge(new AriSettings(URI.create("http://127.0.0.1:1/"), "u", "p", "aava"),
            new Recorder(), new AriMetrics() {
        @Override
        public void undecodableEvent() {
            undecodable.incrementAndGet();
        }
    });

    @AfterEach
    void close() {
        bridge.close();
    }

    @Test
    void an_event_with_unknown_fields_decodes_and_keeps_the_sip_code() throws Exception {
        AriAsyncHandler<Message> wire = connectedWire();
        wire.onSuccess(DESTROYED_WITH_TECH_CAUSE);
        assertEquals(List.of("c-486 17 User busy 486"), destroyed);
        assertEquals(0, undecodable.get());
    }

    @Test
    void an_undecodable_event_is_counted_and_the_connection_stays_up() throws Exception {
        AriAsyncHandler<Message> wire = connectedWire();
        wire.onSuccess("{\"type\":\"ChannelDestroyed\",\"cause\":\"not a number\",\"channel\":{\"id\":\"x\"}}");
        wire.onSuccess("{not json at all");
        wire.onSuccess(DESTROYED_WITH_TECH_CAUSE);
        Thread.sleep(200); // the supervisor thread would act on a (wrong) disconnect asynchronously
        assertEquals(2, undecodable.get());
        assertTrue(bridge.connected(), "one bad event must not count as a lost connection");
        assertEquals(0, bridge.reconnects());
        assertEquals(1, connectionChanges.get(), "only the connect");
        assertEquals(List.of("c-486 17 User busy 486"), destroyed);
    }

    @Test
    void a_real_transport_failure_still_drops_the_connection() throws Exception {
        AriAsyncHandler<Message> wire = connectedWire();
        wire.onFailure(new java.io.IOException("Connection reset by peer"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bridge.connected() && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(1, bridge.reconnects());
        assertEquals(0, undecodable.get());
    }

    private AriAsyncHandler<Message> connectedWire() throws InterruptedException {
        AriWSCallback<Message> pump = bridge.eventCallbackForTest();
        AriAsyncHandler<Message> wire = new AriAsyncHandler<Message>(pump, (Class) Message_impl_ari_10_0_0.class);
        pump.onConnectionEvent(AriConnectionEvent.WS_CONNECTED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!bridge.connected() && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(bridge.connected());
        return wire;
    }

    private final class Recorder implements CallEvents {
        @Override public void stasisStart(String channelId, List<String> args) {}
        @Override public void stasisEnd(String channelId) {}
        @Override public void channelDestroyed(String channelId, int cause, String causeText) {
            channelDestroyed(channelId, cause, causeText, 0);
        }
        @Override public void channelDestroyed(String channelId, int cause, String causeText, int sipCode) {
            destroyed.add(channelId + " " + cause + " " + causeText + " " + sipCode);
        }
        @Override public void dialStatus(String channelId, String dialStatus) {}
        @Override public void playbackFinished(String playbackId) {}
        @Override public void connectionChanged(boolean connected) {
            connectionChanges.incrementAndGet();
        }
    }
}
