package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Reason;
import dev.reelrank.model.ServedContext;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Describes the served feed's and item's fields in the OpenAPI document. FeedItem lives in shared-model, which
 * takes no framework annotations, so its schema is completed here (registered as mp.openapi.filter).
 */
public class FeedItemSchema implements OASFilter {
    static final List<Object> REASONS = List.of(Reason.BECAUSE_YOU_WATCHED, Reason.POPULAR_IN_REGION,
            Reason.NEW_FROM_SUBSCRIPTION, Reason.TRENDING, Reason.FRESH, Reason.EXPLORE, Reason.RECOMMENDED);
    static final List<Object> SOURCES = List.of(ServedContext.HEADER, ServedContext.PROFILE, ServedContext.NONE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) return;
        Schema feed = openAPI.getComponents().getSchemas().get("Feed");
        if (feed != null && feed.getProperties() != null) {
            describe(feed, "context", "The request context the feed was served with (device, region, local hour) "
                    + "and where each value came from");
            describe(feed, "bucket", "The experiment bucket whose pipeline served the list (reelrank.experiments.*; "
                    + "control when no experiment runs). Stable for a user while the experiment's buckets and salt stay; "
                    + "clients echo it in their impression events");
        }
        Schema context = openAPI.getComponents().getSchemas().get("ServedContext");
        if (context != null && context.getProperties() != null) {
            describe(context, "device", "Device class the feed was served for (X-Device), null when unknown");
            describe(context, "region", "Region the feed was served for: X-Region, else the user's home region; null when unknown");
            describe(context, "localHour", "The user's local hour 0-23 (X-Local-Time, else X-Timezone), null when unknown");
            for (String p : List.of("deviceSource", "regionSource", "localHourSource")) {
                Schema s = describe(context, p, "Where the value came from: header (the gateway's), profile (the user's "
                        + "stored home region; region only) or none (unknown)");
                if (s != null) s.setEnumeration(SOURCES);
            }
        }
        Schema item = openAPI.getComponents().getSchemas().get("FeedItem");
        if (item == null || item.getProperties() == null) return;
        describe(item, "source", "The candidate source that proposed the video first (ann, up_next, subscriptions, "
                + "trending, fresh, popular, explore)");
        Schema reason = describe(item, "reason", "Why the item is served, for the client to render: because_you_watched (ann, up_next), "
                + "popular_in_region (trending with the region known), new_from_subscription, trending (trending "
                + "without a region, the global popular list), fresh, explore; recommended for any other source");
        if (reason != null) reason.setEnumeration(REASONS);
        describe(item, "reasonVideoId", "For because_you_watched: the video meant (Up Next: the video being watched; "
                + "ann: the user's latest watch), null when there is none; null for every other reason");
    }

    private static Schema describe(Schema item, String property, String description) {
        Schema p = item.getProperties().get(property);
        if (p != null) p.setDescription(description);
        return p;
    }
}
