package org.aava.dialer.prompts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The default consent and voicemail recordings shipped in the jar, installed into the media dir. */
public final class ShippedPrompts {
    public static final String CONSENT = "aava-consent-default";
    public static final String VOICEMAIL = "aava-voicemail-default";
    public static final String CONSENT_URI = "sound:ai-generated/" + CONSENT;
    public static final String VOICEMAIL_URI = "sound:ai-generated/" + VOICEMAIL;
    private static final List<String> NAMES = List.of(CONSENT, VOICEMAIL);

    private ShippedPrompts() {
    }

    /**
     * Copies each shipped prompt to {@code <mediaDir>/ai-generated/<name>.ulaw} when it is missing or
     * of another size (atomically, so Asterisk never plays half a file). Returns what was installed.
     */
    public static List<Path> installMissing(Path mediaDir) throws IOException {
        Path dir = mediaDir.resolve("ai-generated");
        Files.createDirectories(dir);
        List<Path> installed = new ArrayList<>();
        for (String name : NAMES) {
            byte[] data;
            try (InputStream in = ShippedPrompts.class.getResourceAsStream("en-US/" + name + ".ulaw")) {
                if (in == null) throw new IOException("shipped prompt " + name + " missing from the jar");
                data = in.readAllBytes();
            }
            Path target = dir.resolve(name + ".ulaw");
            if (Files.exists(target) && Files.size(target) == data.length) continue;
            Path tmp = dir.resolve("." + name + ".ulaw.tmp");
            Files.write(tmp, data);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            installed.add(target);
        }
        return installed;
    }

    /** True when {@code sound:ai-generated/<name>} exists as a .ulaw file in the media dir. */
    public static boolean exists(Path mediaDir, String mediaUri) {
        if (mediaUri == null || !mediaUri.startsWith("sound:ai-generated/")) return false;
        String name = mediaUri.substring("sound:ai-generated/".length());
        if (!name.matches("[A-Za-z0-9_.-]{1,128}") || name.contains("..")) return false;
        return Files.isRegularFile(mediaDir.resolve("ai-generated").resolve(name + ".ulaw"));
    }
}
