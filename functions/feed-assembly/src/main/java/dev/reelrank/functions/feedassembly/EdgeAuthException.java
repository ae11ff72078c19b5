package dev.reelrank.functions.feedassembly;

/** A 401 or 403 the feed routes answer, with the reason its problem body shows. */
public final class EdgeAuthException extends RuntimeException {
    private final int status;

    private EdgeAuthException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    static EdgeAuthException unauthorized(String detail) {
        return new EdgeAuthException(401, detail);
    }

    static EdgeAuthException forbidden(String detail) {
        return new EdgeAuthException(403, detail);
    }

    public int status() {
        return status;
    }
}
