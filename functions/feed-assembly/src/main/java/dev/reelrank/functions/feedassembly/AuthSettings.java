package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.auth.EdgeAuthProperties;
import io.smallrye.config.ConfigMapping;

/** The edge's authentication settings (names in shared-model); each value and its default is in application.properties. */
@ConfigMapping(prefix = "reelrank.auth")
public interface AuthSettings extends EdgeAuthProperties {}
