package dev.reelrank.functions.eventingestion;

/** A request the function refuses, carrying the problem body to answer with. */
public final class RejectedEventException extends RuntimeException {
    private final Problem problem;

    public RejectedEventException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public static RejectedEventException attribute(String attribute, String detail) {
        return new RejectedEventException(Problem.invalidEvent(detail, attribute, null));
    }

    public static RejectedEventException field(String field, String detail) {
        return new RejectedEventException(Problem.invalidEvent(detail, null, field));
    }

    public static RejectedEventException invalid(String detail) {
        return new RejectedEventException(Problem.invalidEvent(detail, null, null));
    }

    public Problem problem() {
        return problem;
    }

    /** The same problem, located at position {@code index} of a batch. */
    public RejectedEventException atIndex(int index) {
        return new RejectedEventException(problem.atIndex(index));
    }
}
