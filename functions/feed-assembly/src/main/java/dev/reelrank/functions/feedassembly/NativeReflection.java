package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedItem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What Jackson reaches by reflection in a native image and Quarkus cannot see from the resource
 * signatures: the problem body travels as a {@code Response} entity (an {@code Object}), and the
 * feed types live in shared-model, which carries no framework annotations. The JVM needs none of it.
 */
@RegisterForReflection(targets = {Problem.class, Problem.InvalidParam.class, Feed.class, FeedItem.class})
final class NativeReflection {
    private NativeReflection() {}
}
