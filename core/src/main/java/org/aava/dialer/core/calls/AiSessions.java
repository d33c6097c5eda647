package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AttachMode;
import org.aava.dialer.core.model.AiSessionKey;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live calls an AI engine can reach: by AI session key or AudioSocket UUID, both random; never by the attempt
 * id, which anyone can guess. Only while the call is live and attached to the AI.
 */
final class AiSessions {
    private final Map<AiSessionKey, LiveCall> byKey = new ConcurrentHashMap<>();
    private final Map<String, LiveCall> byAudioSocketUuid = new ConcurrentHashMap<>();

    /** The call is being handed to the AI: its engine may call back at once. */
    void attached(LiveCall call) {
        if (call.aiSessionKey != null) byKey.put(call.aiSessionKey, call);
        if (call.aiContext.attach().mode() == AttachMode.AUDIOSOCKET && call.audioSocketUuid != null) {
            byAudioSocketUuid.put(call.audioSocketUuid, call);
        }
    }

    /** A call adopted after a restart whose AI was attached by the previous process: its engine holds the key already. */
    void adopted(LiveCall call) {
        if (call.aiSessionKey != null) byKey.put(call.aiSessionKey, call);
    }

    void remove(LiveCall call) {
        if (call.audioSocketUuid != null) byAudioSocketUuid.remove(call.audioSocketUuid, call);
        if (call.aiSessionKey != null) byKey.remove(call.aiSessionKey, call);
    }

    Optional<LiveCall> find(String key) {
        if (key == null || key.isBlank()) return Optional.empty();
        // (a hash lookup: the time it takes says nothing useful about how close a guess came)
        LiveCall call = byKey.get(new AiSessionKey(key));
        if (call == null) call = byAudioSocketUuid.get(key);
        if (call == null || call.state.closed() || call.phase() != CallPhase.AI_ATTACHED) return Optional.empty();
        return Optional.of(call);
    }
}
