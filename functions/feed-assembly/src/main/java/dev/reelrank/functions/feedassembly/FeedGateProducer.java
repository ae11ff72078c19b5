package dev.reelrank.functions.feedassembly;

import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Wires {@link FeedGate} and says at start how the feed routes authenticate. */
public class FeedGateProducer {
    private static final Logger LOG = Logger.getLogger(FeedGateProducer.class);
    private static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
    private static final String KEY = "mp.jwt.verify.publickey";

    @Produces
    @Singleton
    FeedGate gate(AuthSettings settings, JWTParser parser) {
        switch (settings.mode()) {
            case JWT -> {
                var config = ConfigProvider.getConfig();
                if (config.getOptionalValue(KEY_LOCATION, String.class).filter(v -> !v.equals("NONE")).isEmpty() && config.getOptionalValue(KEY, String.class).filter(v -> !v.equals("NONE")).isEmpty()) {
                    // Not a start-up failure: images are trained and probed without keys (AotTrain); failing closed is enough.
                    LOG.errorf("reelrank.auth.mode=jwt but neither %s nor %s is set: every feed request gets 401", KEY_LOCATION, KEY);
                }
            }
            case GATEWAY -> LOG.infof("reelrank.auth.mode=gateway: trusting %s/%s set by the API gateway",
                    settings.gateway().subjectHeader(), settings.gateway().scopesHeader());
            case OFF -> LOG.warn("reelrank.auth.mode=off: anyone reads anyone's feed; only for tests");
        }
        return new FeedGate(settings, parser);
    }
}
