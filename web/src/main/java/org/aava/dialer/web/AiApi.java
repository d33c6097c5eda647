package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import org.aava.dialer.core.admin.AiTools;
import org.aava.dialer.core.ai.AiContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** The AI engine's routes: its call's session and its tools, through {@link AiTools}. The key is never echoed back or logged. */
final class AiApi {
    /** Per AI tool: the arguments it takes. */
    private static final Map<String, BodyFields> TOOL_ARGS = Map.of(
            "hangup_call", BodyFields.NONE,
            "transfer", BodyFields.of("extension", BodyFields.Type.TEXT, "context", BodyFields.Type.TEXT),
            "add_to_dnc", BodyFields.of("reason", BodyFields.Type.TEXT),
            "schedule_callback", BodyFields.of("at", BodyFields.Type.TEXT, "minutes", BodyFields.Type.INTEGER),
            "set_disposition", BodyFields.of("label", BodyFields.Type.TEXT, "notes", BodyFields.Type.TEXT),
            "post_transcript", BodyFields.of("text", BodyFields.Type.TEXT));

    private final AiTools ai;

    AiApi(AiTools ai) {
        this.ai = ai;
    }

    void session(HttpServerExchange ex) {
        AiTools.Session s = ai.session(Http.pathParam(ex, "key"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempt_id", s.attempt().id());
        m.put("audiosocket_uuid", s.audioSocketUuid());
        m.put("live", true);
        m.put("campaign", Map.of("id", s.campaign().id(), "name", s.campaign().name(), "timezone", s.campaign().timezone().getId()));
        m.put("lead", Map.of("id", s.lead().id(), "name", s.lead().name() == null ? "" : s.lead().name(), "phone_number", s.lead().phoneNumber(),
                "custom_vars", Views.parseObject(s.lead().customVarsJson())));
        m.put("context", s.context().name());
        m.put("provider", s.attempt().provider());
        m.put("greeting", s.context().greeting());
        m.put("tools", s.context().tools());
        m.put("effective_prompt", s.prompt());
        Http.json(ex, 200, m);
    }

    void tool(HttpServerExchange ex) {
        String tool = Http.pathParam(ex, "tool");
        if (!AiContext.KNOWN_TOOLS.contains(tool)) throw ApiException.notFound("tool " + tool);
        JsonNode body = TOOL_ARGS.getOrDefault(tool, BodyFields.NONE).check(Http.optionalBody(ex));
        AiTools.Session s = ai.sessionFor(Http.pathParam(ex, "key"), tool);
        Object result = switch (tool) {
            case "hangup_call" -> Map.of("ok", ai.hangup(s));
            case "transfer" -> Map.of("ok", ai.transfer(s, body.path("context").asText(""), body.path("extension").asText("")));
            case "add_to_dnc" -> Map.of("ok", true, "call_ended", ai.addToDnc(s, body.path("reason").asText("asked not to be called (AI)")));
            case "schedule_callback" -> Map.of("ok", true, "next_attempt_at_utc", ai.scheduleCallback(s,
                    body.hasNonNull("at") ? body.get("at").asText() : null, body.hasNonNull("minutes") ? body.get("minutes").asLong() : null).toString());
            case "set_disposition" -> {
                ai.setDisposition(s, body.path("label").asText(""), body.path("notes").asText(null));
                yield Map.of("ok", true);
            }
            case "post_transcript" -> {
                ai.postTranscript(s, body.path("text").asText(""));
                yield Map.of("ok", true);
            }
            default -> throw ApiException.notFound("tool " + tool);
        };
        Http.json(ex, 200, result);
    }
}
