package dataapi.declared;

import dataapi.endpoint.Endpoint;
import dataapi.family.Family;
import dataapi.family.QueryFamily;
import dataapi.warehouse.CancelSignal;
import dataapi.warehouse.RowsReader;
import dataapi.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * A family serving declared endpoints that the start could not check, the warehouse being out of
 * reach then: each is checked as the start would have ({@link DeclaredEndpoints}) before its first
 * query runs. One whose SQL does not fit its declaration never runs: its requests get
 * {@link MisdeclaredEndpointException}, and the log says why, once. While the warehouse stays out
 * of reach, or fails for another reason than the SQL (a timeout, a lock), nothing is concluded and
 * the next request checks again.
 */
public final class CheckedBeforeFirstUse implements QueryFamily {
    private static final Logger log = LoggerFactory.getLogger(CheckedBeforeFirstUse.class);

    private final QueryFamily family;
    private final Warehouse warehouse;
    /** By endpoint id; an endpoint leaves once its check has passed. */
    private final Map<String, Check> unchecked = new ConcurrentHashMap<>();

    public CheckedBeforeFirstUse(QueryFamily family, Warehouse warehouse, List<SqlEndpoint> unchecked) {
        this.family = requireNonNull(family, "family is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        unchecked.forEach(endpoint -> this.unchecked.put(endpoint.id(), new Check(endpoint)));
    }

    @Override
    public Family family() {
        return family.family();
    }

    @Override
    public boolean serves(Endpoint<?> endpoint) {
        return family.serves(endpoint);
    }

    @Override
    public void prepare(Endpoint<?> endpoint) {
        family.prepare(endpoint);
    }

    @Override
    public <P, R> R run(Endpoint<P> endpoint, P parameters, CancelSignal cancel, RowsReader<R> reader) throws SQLException {
        Check check = unchecked.get(endpoint.id());
        if (check != null) {
            check.pass();
            unchecked.remove(endpoint.id(), check);
        }
        return family.run(endpoint, parameters, cancel, reader);
    }

    /**
     * One endpoint's check. One request at a time makes an attempt, and the requests that arrive
     * meanwhile share its outcome rather than each making their own: a pass or a refusal is kept
     * for good; a failure that says nothing of the SQL (the warehouse out of reach, a timeout) is
     * answered to all of them, and the next request tries again.
     */
    private final class Check {
        private final SqlEndpoint endpoint;
        private final AtomicReference<CompletableFuture<Void>> attempt = new AtomicReference<>();

        Check(SqlEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        /** Returns once the endpoint is known to fit; throws what the warehouse does, or {@link MisdeclaredEndpointException}. */
        void pass() throws SQLException {
            CompletableFuture<Void> current = attempt.get();
            if (current == null) {
                CompletableFuture<Void> mine = new CompletableFuture<>();
                current = attempt.compareAndExchange(null, mine);
                if (current == null) {
                    current = mine;
                    attempt(mine);
                }
            }
            try {
                current.join();
            } catch (CompletionException e) {
                // An attempt ends in one of the three kinds attempt() catches.
                if (e.getCause() instanceof SQLException cause) {
                    throw cause;
                }
                if (e.getCause() instanceof Error cause) {
                    throw cause;
                }
                throw (RuntimeException) e.getCause();
            }
        }

        private void attempt(CompletableFuture<Void> mine) {
            try {
                DeclaredEndpoints.check(endpoint, warehouse);
                log.info("Declared endpoint {} checked before its first query", endpoint.id());
                mine.complete(null);
            } catch (IllegalArgumentException e) {
                log.error("{}; its requests get 500 until the endpoints file is corrected and the server started again", e.getMessage());
                mine.completeExceptionally(new MisdeclaredEndpointException(endpoint.id()));
            } catch (SQLException | RuntimeException | Error e) {
                // Nothing is known of the SQL yet: those waiting get this failure, the next request tries again.
                attempt.compareAndSet(mine, null);
                mine.completeExceptionally(e);
            }
        }
    }
}
