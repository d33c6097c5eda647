package org.aava.dialer.web;

/**
 * The default voicemail text offered for text-to-speech: a prerecorded message must say who called and give a
 * number to call back and to opt out, so the campaign's callback number goes into it.
 */
final class VoicemailText {
    static final String DEFAULT = "Hello, this is a message from {campaign}. Please call us back at {callback_number}. "
            + "If you would rather not receive these calls, call that number and ask to be removed. Thank you.";

    private VoicemailText() {
    }

    /** The default text for a campaign, its callback number spoken digit by digit. */
    static String forCampaign(String campaignName, String callbackNumber) {
        String number = callbackNumber == null || callbackNumber.isBlank() ? "the number this call came from"
                : String.join(" ", callbackNumber.replaceAll("[^0-9+]", "").replace("+", "").split(""));
        return DEFAULT.replace("{campaign}", campaignName).replace("{callback_number}", number);
    }
}
