package dev.reelrank.functions.eventarchiver;

import dev.reelrank.eventarchive.PseudonymKeys;
import dev.reelrank.eventarchive.Pseudonymizer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one pseudonymizer both bindings share: rows written over Kafka and over HTTP must carry the
 * same user_key for the same user. Resolved when first needed, so a disabled archive needs no key.
 */
public class ArchivePseudonymizer {
    @Produces
    @Singleton
    Pseudonymizer pseudonymizer(ArchiverSettings config) {
        byte[] key = PseudonymKeys.resolve(config.pseudonymKey().orElse(null), config.pseudonymKeyFile(), config.pseudonymKeyGenerate());
        return new Pseudonymizer(key);
    }
}
