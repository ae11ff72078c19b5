package dev.reelrank.featurestore;

import com.datastax.oss.driver.api.core.servererrors.InvalidConfigurationInQueryException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Tells a failure that will happen again on every retry (the store refuses the value itself: a
 * key over Cassandra's 64 KiB limit, a malformed statement, a row that cannot be decoded) from one
 * that goes away (a node down, a timeout, an overloaded coordinator). A consumer dead-letters the
 * event behind the first kind and pauses on the second, so an outage never loses events and a
 * poison event never stops the stream.
 */
public final class StoreFailures {
    private StoreFailures() {}

    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidQueryException || t instanceof SyntaxError || t instanceof InvalidConfigurationInQueryException
                    || t instanceof CodecNotFoundException || t instanceof InvalidProtocolBufferException
                    || t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }
}
