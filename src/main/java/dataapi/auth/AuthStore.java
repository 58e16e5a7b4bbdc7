package dataapi.auth;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Where the {@link AuthState} lives. Several servers and the admin commands may share one store:
 * changes are atomic read-modify-write, and {@link #current} notices other writers' changes
 * within {@link #STALENESS}.
 */
public interface AuthStore extends AutoCloseable {
    /** The longest a server keeps using a state after another process changed it, or after the store stopped answering. */
    Duration STALENESS = Duration.ofSeconds(2);

    /**
     * The state as of at most {@link #STALENESS} ago (or as of this store's own last change).
     *
     * @throws AuthStoreException when the store has not been read within that time
     */
    AuthState current();

    /**
     * The state as stored now, for what the cached state does not know yet (a PAT or user just
     * created elsewhere); costs a read of the store.
     *
     * @throws AuthStoreException when the store cannot be read
     */
    AuthState latest();

    /**
     * Whether this process made the store: there was none, and it wrote the first state. Of several
     * processes that open a new store at the same time, exactly one made it; the others read what it wrote.
     */
    boolean made();

    /**
     * Applies {@code change} to the latest state under the store's lock and returns the result.
     *
     * @throws AuthStoreException when the store cannot be read or written
     */
    AuthState update(UnaryOperator<AuthState> change);

    /** Whether {@link #current} can give a state now; asks the store at most about once a second, however often it is called. */
    default boolean isReady() {
        try {
            current();
            return true;
        } catch (AuthStoreException e) {
            return false;
        }
    }

    @Override
    void close();
}
