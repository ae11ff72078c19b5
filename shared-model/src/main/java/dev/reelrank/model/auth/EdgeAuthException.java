package dev.reelrank.model.auth;

/** A 401 or 403 the public routes answer, with the reason their problem body shows. */
public final class EdgeAuthException extends RuntimeException {
    private final int status;

    private EdgeAuthException(int status, String detail) {
        // No stack trace: a refused caller is an answer, not a fault, and may come by the thousand.
        super(detail, null, false, false);
        this.status = status;
    }

    public static EdgeAuthException unauthorized(String detail) {
        return new EdgeAuthException(401, detail);
    }

    public static EdgeAuthException forbidden(String detail) {
        return new EdgeAuthException(403, detail);
    }

    public int status() {
        return status;
    }
}
