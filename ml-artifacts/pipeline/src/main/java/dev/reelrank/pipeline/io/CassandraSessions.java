package dev.reelrank.pipeline.io;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The offline commands' Cassandra session: the first contact point of a list, batch-friendly timeouts. */
public final class CassandraSessions {
    private CassandraSessions() {}

    /** @param contactPoint {@code host[:port][,...]}; the first is used, port 9042 by default */
    public static CqlSession open(String contactPoint, String dc) {
        String[] hp = contactPoint.split(",")[0].trim().split(":");
        // The driver's 2 s defaults are too tight for batches and wide reads on a loaded 2-core box.
        var config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(30))
                .build();
        return CqlSession.builder().addContactPoint(new InetSocketAddress(hp[0], hp.length > 1 ? Integer.parseInt(hp[1]) : 9042))
                .withLocalDatacenter(dc).withConfigLoader(config).build();
    }
}
