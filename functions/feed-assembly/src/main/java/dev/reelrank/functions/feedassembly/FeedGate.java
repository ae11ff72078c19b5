package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.auth.Decision;
import dev.reelrank.model.auth.EdgeAuthException;
import dev.reelrank.model.auth.EdgeAuthentication;
import dev.reelrank.model.auth.EdgeAuthorization;
import jakarta.inject.Singleton;
import java.util.function.UnaryOperator;

/**
 * The feed routes' check: who is calling ({@link EdgeAuthentication}), then
 * {@link EdgeAuthorization#feed}: a caller reads only its own user's feed unless it holds the
 * service scope. A header lookup in, exceptions out, so it is tested without the stores the routes need.
 */
@Singleton
public final class FeedGate {
    private final EdgeAuthentication authentication;
    private final EdgeAuthorization rules;

    public FeedGate(EdgeAuthentication authentication, AuthSettings settings) {
        this.authentication = authentication;
        this.rules = new EdgeAuthorization(settings.producerScope(), settings.serviceScope());
    }

    /**
     * @param header the request's header by name (null when absent)
     * @param userId the feed's user; null for a signed-out Up Next
     * @throws EdgeAuthException 401 or 403
     */
    public void check(UnaryOperator<String> header, String userId) {
        authentication.authenticate(header).ifPresent(caller -> {
            Decision decision = rules.feed(caller, userId);
            if (!decision.allowed()) throw EdgeAuthException.forbidden(decision.reason());
        });
    }
}
