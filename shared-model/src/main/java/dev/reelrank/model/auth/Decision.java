package dev.reelrank.model.auth;

/**
 * The answer of {@link EdgeAuthorization}: allowed, or refused with the reason a 403 problem
 * shows. {@code index} is the refused event's position in the request (batch mode), else null.
 */
public record Decision(boolean allowed, String reason, Integer index) {
    private static final Decision ALLOW = new Decision(true, null, null);

    public static Decision allow() {
        return ALLOW;
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason, null);
    }

    public static Decision deny(String reason, int index) {
        return new Decision(false, reason, index);
    }
}
