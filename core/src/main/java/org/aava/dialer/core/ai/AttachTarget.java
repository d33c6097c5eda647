package org.aava.dialer.core.ai;

/**
 * Where a HUMAN call goes. Fields not used by the mode are null/0.
 *
 * @param app      Stasis app ({@link AttachMode#STASIS})
 * @param context  dialplan context, with {@code extension} and {@code priority} ({@link AttachMode#DIALPLAN})
 * @param host     AudioSocket server, with {@code port} ({@link AttachMode#AUDIOSOCKET})
 */
public record AttachTarget(AttachMode mode, String app, String context, String extension, int priority, String host,
                           int port) {
    public AttachTarget {
        if (mode == null) throw new IllegalArgumentException("attach.mode is required");
        switch (mode) {
            case STASIS -> require(app, "attach.app");
            case DIALPLAN -> {
                require(context, "attach.context");
                require(extension, "attach.extension");
                if (priority < 1) priority = 1;
            }
            case AUDIOSOCKET -> {
                require(host, "attach.host");
                if (port < 1 || port > 65535) throw new IllegalArgumentException("attach.port must be between 1 and 65535");
            }
        }
    }

    private static void require(String v, String field) {
        if (v == null || v.isBlank()) throw new IllegalArgumentException(field + " is required");
    }

    public static AttachTarget stasis(String app) {
        return new AttachTarget(AttachMode.STASIS, app, null, null, 0, null, 0);
    }

    public static AttachTarget dialplan(String context, String extension, int priority) {
        return new AttachTarget(AttachMode.DIALPLAN, null, context, extension, priority, null, 0);
    }

    public static AttachTarget audioSocket(String host, int port) {
        return new AttachTarget(AttachMode.AUDIOSOCKET, null, null, null, 0, host, port);
    }
}
