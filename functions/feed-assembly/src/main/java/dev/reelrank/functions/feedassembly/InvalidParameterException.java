package dev.reelrank.functions.feedassembly;

/** A request parameter (path, query or header) that cannot be served; becomes a 400 problem. */
public class InvalidParameterException extends RuntimeException {
    private final String name;
    private final String in;

    /**
     * @param name the parameter as the client spells it ({@code limit}, {@code X-Region}...)
     * @param in   where it was: {@code path}, {@code query} or {@code header}
     */
    public InvalidParameterException(String name, String in, String reason) {
        super(reason);
        this.name = name;
        this.in = in;
    }

    public String name() {
        return name;
    }

    public String in() {
        return in;
    }
}
