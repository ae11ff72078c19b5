package dev.reelrank.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.internal.core.config.typesafe.DefaultProgrammaticDriverConfigLoaderBuilder;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The shipped application.conf, loaded the way the Quarkus Cassandra extension loads it
 * (application.conf over the driver's reference.conf): a lost node is retried within seconds, so
 * feeds leave their fallback soon after Cassandra is back (issue 21's ~40 s came from the driver's
 * 60 s default).
 */
class DriverReconnectionConfigTest {
    @Test
    void aLostNodeIsRetriedAtLeastEveryTwoSeconds() {
        var loader = new DefaultProgrammaticDriverConfigLoaderBuilder(
                () -> ConfigFactory.parseResources("application.conf")
                        .withFallback(ConfigFactory.defaultReference(CqlSession.class.getClassLoader())),
                "datastax-java-driver").build();
        var profile = loader.getInitialConfig().getDefaultProfile();
        assertEquals("ExponentialReconnectionPolicy", profile.getString(DefaultDriverOption.RECONNECTION_POLICY_CLASS));
        assertEquals(Duration.ofMillis(500), profile.getDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY));
        assertEquals(Duration.ofSeconds(2), profile.getDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY));
        assertTrue(profile.getDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY).compareTo(Duration.ofSeconds(10)) <= 0);
    }
}
