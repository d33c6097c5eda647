package org.aava.dialer.ari;

import ch.loway.oss.ari4java.generated.models.ChannelDestroyed;
import ch.loway.oss.ari4java.generated.models.ChannelHangupRequest;
import ch.loway.oss.ari4java.tools.BaseAriAction;
import ch.loway.oss.ari4java.tools.RestException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes ari4java's event decoding tolerant of what newer Asterisk versions add. ari4java decodes every event
 * with one static Jackson mapper that refuses unknown fields, and Asterisk adds event fields in minor releases
 * (Asterisk 22 adds {@code tech_cause} on PJSIP hang-ups): one such field would make every hang-up undecodable.
 * The mapper is private, so it is reached once by reflection and told to ignore unknown fields. The same hook
 * keeps {@code tech_cause} (the SIP status), which no ari4java model has, per channel id until the channel's
 * {@code ChannelDestroyed} is handled.
 */
final class AriEventDecoding {
    private static final Logger log = LoggerFactory.getLogger(AriEventDecoding.class);
    /** Bounds the side table should a channel's hang-up request never be followed by its destruction. */
    private static final int MAX_PENDING = 20_000;
    private static final Map<String, Integer> TECH_CAUSES = new ConcurrentHashMap<>();
    private static final boolean INSTALLED = install();

    private AriEventDecoding() {
    }

    /** Idempotent; true when ari4java's mapper now ignores unknown fields. */
    static boolean ensureInstalled() {
        return INSTALLED;
    }

    private static boolean install() {
        try {
            Field f = BaseAriAction.class.getDeclaredField("mapper");
            f.setAccessible(true);
            ObjectMapper mapper = (ObjectMapper) f.get(null);
            mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
            mapper.configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, true);
            mapper.registerModule(new SimpleModule("aava-tech-cause").setDeserializerModifier(new TechCauseCapture()));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // ari4java's own lenient mode (it logs each unknown field) is the fallback if its internals moved.
            log.warn("could not configure ari4java's event mapper ({}); using its lenient mode", e.toString());
            BaseAriAction.setObjectMapperLessStrict();
            return false;
        }
    }

    /** The SIP status Asterisk gave with this channel's hang-up, or 0; forgets it. */
    static int takeTechCause(String channelId) {
        Integer c = channelId == null ? null : TECH_CAUSES.remove(channelId);
        return c == null ? 0 : c;
    }

    /** A failure to decode one event's JSON, as opposed to a failure of the connection itself. */
    static boolean isUndecodableEvent(RestException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException) return true;
        }
        return false;
    }

    private static void remember(JsonNode event) {
        int code = event.path("tech_cause").asInt(0);
        String id = event.path("channel").path("id").asText("");
        if (code <= 0 || id.isEmpty()) return;
        if (TECH_CAUSES.size() >= MAX_PENDING) TECH_CAUSES.clear();
        TECH_CAUSES.put(id, code);
    }

    private static final class TechCauseCapture extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc, JsonDeserializer<?> deser) {
            Class<?> c = desc.getBeanClass();
            boolean hangup = ChannelDestroyed.class.isAssignableFrom(c) || ChannelHangupRequest.class.isAssignableFrom(c);
            return hangup && !c.isInterface() ? new TechCauseDeserializer(deser) : deser;
        }
    }

    /** Reads the event as a tree, notes its {@code tech_cause}, then lets ari4java's deserializer build the model. */
    private static final class TechCauseDeserializer extends DelegatingDeserializer {
        TechCauseDeserializer(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new TechCauseDeserializer(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            remember(tree);
            try (JsonParser again = tree.traverse(p.getCodec())) {
                again.nextToken();
                return _delegatee.deserialize(again, ctxt);
            }
        }
    }
}
