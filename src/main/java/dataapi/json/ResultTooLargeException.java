package dataapi.json;

/** A result whose JSON is longer than the server sends in one answer; the message is for the caller. */
public final class ResultTooLargeException extends RuntimeException {
    private final long maxBytes;

    public ResultTooLargeException(long maxBytes) {
        super(message(maxBytes));
        this.maxBytes = maxBytes;
    }

    /** The most bytes an answer may have. */
    public long maxBytes() {
        return maxBytes;
    }

    /** What the caller is told. */
    public static String message(long maxBytes) {
        return "The answer is longer than " + size(maxBytes) + ", the most this server sends; ask for fewer rows.";
    }

    private static String size(long bytes) {
        if (bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        return bytes % (1 << 10) == 0 ? (bytes >> 10) + " KB" : bytes + " bytes";
    }
}
