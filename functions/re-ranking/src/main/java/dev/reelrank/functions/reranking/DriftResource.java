package dev.reelrank.functions.reranking;

import dev.reelrank.model.ranking.drift.DriftReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /admin/drift} on the HTTP port: the served ranking version's feature drift over the
 * current window, {@code {modelVersion, windowRows, threshold, features: [{name, kind, psi,
 * unknownShare, drifted}]}} ({@code unknownShare} null for numeric features; no features while the
 * heuristic serves or monitoring is off).
 */
@Path("/admin/drift")
public class DriftResource {
    private final DriftService drift;

    DriftResource(DriftService drift) {
        this.drift = drift;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public DriftReport drift() {
        return drift.report();
    }
}
