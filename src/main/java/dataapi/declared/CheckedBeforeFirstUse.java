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
 * Endpoints each checked against the warehouse ({@link DeclaredEndpoints}) before its first query
 * runs, on whichever family serves it: by the start ({@link #checkNow()}), once the data is there,
 * or, when the warehouse could not be reached then, by the first request. One whose SQL does not
 * fit never runs: its requests get {@link MisdeclaredEndpointException}, and the log says why,
 * once. While the warehouse stays out of reach, or fails for another reason than the SQL (a
 * timeout, a lock), nothing is concluded and the next request checks again.
 */
public final class CheckedBeforeFirstUse {
    private static final Logger log = LoggerFactory.getLogger(CheckedBeforeFirstUse.class);

    private final Warehouse warehouse;
    /** In the order given: the start names the first that does not fit. */
    private final List<Check> checks;
    /** By endpoint id; an endpoint leaves once its check has passed. */
    private final Map<String, Check> unchecked = new ConcurrentHashMap<>();

    public CheckedBeforeFirstUse(Warehouse warehouse, List<CheckedEndpoint> endpoints) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.checks = endpoints.stream().map(Check::new).toList();
        checks.forEach(check -> unchecked.put(check.endpoint.endpoint().id(), check));
    }

    /**
     * {@code family}, its queries of these endpoints run once they are checked; itself when it serves
     * none. Every family shares the one check of an endpoint.
     */
    public QueryFamily of(QueryFamily family) {
        requireNonNull(family, "family is null");
        return checks.stream().anyMatch(check -> family.serves(check.endpoint.endpoint())) ? new CheckedFamily(family) : family;
    }

    /**
     * Checks the endpoints not checked yet, as a start does once its data is there: requests that
     * come meanwhile share these checks, and an endpoint that passes is not checked again. When the
     * warehouse cannot be reached, or fails for another reason than the SQL, the rest are left to
     * their first requests.
     *
     * @throws IllegalArgumentException naming the first endpoint, in the order given, that does not fit
     */
    public void checkNow() {
        for (Check check : checks) {
            try {
                check.pass(false);
            } catch (MisdeclaredEndpointException e) {
                throw e.reason();
            } catch (SQLException e) {
                log.warn("The endpoints' SQL will be checked before each one's first query: {}",
                        String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                return;
            }
            unchecked.remove(check.endpoint.endpoint().id(), check);
        }
    }

    /** A family whose queries of the checked endpoints wait for their checks. */
    private final class CheckedFamily implements QueryFamily {
        private final QueryFamily family;

        CheckedFamily(QueryFamily family) {
            this.family = family;
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
                check.pass(true);
                unchecked.remove(endpoint.id(), check);
            }
            return family.run(endpoint, parameters, cancel, reader);
        }
    }

    /**
     * One endpoint's check. One request at a time makes an attempt, and the requests that arrive
     * meanwhile share its outcome rather than each making their own: a pass or a refusal is kept
     * for good; a failure that says nothing of the SQL (the warehouse out of reach, a timeout) is
     * answered to all of them, and the next request tries again.
     */
    private final class Check {
        private final CheckedEndpoint endpoint;
        private final AtomicReference<CompletableFuture<Void>> attempt = new AtomicReference<>();

        Check(CheckedEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        /**
         * Returns once the endpoint is known to fit; throws what the warehouse does, or {@link MisdeclaredEndpointException}.
         *
         * @param byRequest whether a request asks, which logs what its attempt finds; the start tells it itself
         */
        void pass(boolean byRequest) throws SQLException {
            CompletableFuture<Void> current = attempt.get();
            if (current == null) {
                CompletableFuture<Void> mine = new CompletableFuture<>();
                current = attempt.compareAndExchange(null, mine);
                if (current == null) {
                    current = mine;
                    attempt(mine, byRequest);
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

        private void attempt(CompletableFuture<Void> mine, boolean byRequest) {
            try {
                DeclaredEndpoints.check(endpoint, warehouse);
                if (byRequest) {
                    log.info("{} checked before its first query", endpoint.name());
                }
                mine.complete(null);
            } catch (IllegalArgumentException e) {
                if (byRequest) {
                    log.error("{}; its requests get 500 until {} and the server started again", e.getMessage(), endpoint.correction());
                }
                mine.completeExceptionally(new MisdeclaredEndpointException(endpoint, e));
            } catch (SQLException | RuntimeException | Error e) {
                // Nothing is known of the SQL yet: those waiting get this failure, the next request tries again.
                attempt.compareAndSet(mine, null);
                mine.completeExceptionally(e);
            }
        }
    }
}
