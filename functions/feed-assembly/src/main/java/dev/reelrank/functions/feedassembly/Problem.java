package dev.reelrank.functions.feedassembly;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An RFC 9457 problem details body. {@code invalid-params} (the RFC's own example extension)
 * names each parameter at fault, so a client can point at the field without parsing prose.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      @JsonProperty("invalid-params") List<InvalidParam> invalidParams) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String INVALID_PARAMETER_TYPE = "https://reelrank.dev/problems/invalid-parameter";

    /** @param in {@code path}, {@code query} or {@code header} */
    public record InvalidParam(String name, String in, String reason) {}

    /** 401 (no valid token) or 403 (the token may not read this feed). */
    public static Problem auth(int status, String detail, String instance) {
        return status == 401
                ? new Problem("https://reelrank.dev/problems/unauthorized", "Unauthorized", 401, detail, instance, null)
                : new Problem("https://reelrank.dev/problems/forbidden", "Forbidden", status, detail, instance, null);
    }

    // A detail may quote the client's input: the answer should stay smaller than the request.
    private static final int MAX_DETAIL_CHARS = 1000;

    static String clip(String s) {
        return s == null || s.length() <= MAX_DETAIL_CHARS ? s : s.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    public static Problem invalidParameter(InvalidParameterException e, String instance) {
        return new Problem(INVALID_PARAMETER_TYPE, "Invalid request parameter", 400,
                e.name() + ": " + e.getMessage(), instance, List.of(new InvalidParam(e.name(), e.in(), e.getMessage())));
    }
}
