package dataapi.warehouse;

/** A timestamp that is infinity or -infinity, which no calendar has; {@link #which} says which, for the log. */
public final class InfiniteTimestampException extends RuntimeException {
    private final String which;

    InfiniteTimestampException(String which) {
        super(which);
        this.which = which;
    }

    /** {@code infinity}, {@code -infinity}, or both where the driver does not tell them apart. */
    public String which() {
        return which;
    }
}
