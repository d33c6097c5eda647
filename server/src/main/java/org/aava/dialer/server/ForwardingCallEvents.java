package org.aava.dialer.server;

import org.aava.dialer.core.ports.CallEvents;

import java.util.List;

/**
 * Breaks the construction cycle between the ARI bridge (which needs somewhere to send events) and
 * the call flow (which needs the bridge to send commands): events arriving before the flow is set
 * are dropped, which only happens before the bridge has connected.
 */
final class ForwardingCallEvents implements CallEvents {
    private volatile CallEvents target;

    void setTarget(CallEvents target) {
        this.target = target;
    }

    @Override
    public void stasisStart(String channelId, List<String> args) {
        CallEvents t = target;
        if (t != null) t.stasisStart(channelId, args);
    }

    @Override
    public void stasisEnd(String channelId) {
        CallEvents t = target;
        if (t != null) t.stasisEnd(channelId);
    }

    @Override
    public void channelDestroyed(String channelId, int cause, String causeText) {
        CallEvents t = target;
        if (t != null) t.channelDestroyed(channelId, cause, causeText);
    }

    @Override
    public void channelDestroyed(String channelId, int cause, String causeText, int sipCode) {
        CallEvents t = target;
        if (t != null) t.channelDestroyed(channelId, cause, causeText, sipCode);
    }

    @Override
    public void dialStatus(String channelId, String dialStatus) {
        CallEvents t = target;
        if (t != null) t.dialStatus(channelId, dialStatus);
    }

    @Override
    public void playbackFinished(String playbackId) {
        CallEvents t = target;
        if (t != null) t.playbackFinished(playbackId);
    }

    @Override
    public void connectionChanged(boolean connected) {
        CallEvents t = target;
        if (t != null) t.connectionChanged(connected);
    }
}
