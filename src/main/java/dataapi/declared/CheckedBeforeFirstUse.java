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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * A family serving declared endpoints that the start could not check, the warehouse being out of
 * reach then: each is checked as the start would have ({@link DeclaredEndpoints}) before its first
 * query runs. One whose SQL does not fit its declaration never runs: its requests get
 * {@link MisdeclaredEndpointException}, and the log says why, once. While the warehouse stays out
 * of reach, or refuses the SQL, nothing is concluded and the next request checks again.
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

    /** One endpoint's check, made by one request at a time; the ones that arrive meanwhile wait for its outcome. */
    private final class Check {
        private final SqlEndpoint endpoint;
        private final Lock lock = new ReentrantLock();
        private boolean passed;
        private String refusal;

        Check(SqlEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        /** Returns once the endpoint is known to fit; throws what the warehouse does, or {@link MisdeclaredEndpointException}. */
        void pass() throws SQLException {
            // A lock rather than synchronized: on Java 21 a virtual thread waiting in synchronized holds its carrier.
            lock.lock();
            try {
                if (!passed && refusal == null) {
                    try {
                        DeclaredEndpoints.check(endpoint, warehouse);
                        passed = true;
                        log.info("Declared endpoint {} checked before its first query", endpoint.id());
                    } catch (IllegalArgumentException e) {
                        refusal = e.getMessage();
                        log.error("{}; its requests get 500 until the endpoints file is corrected and the server started again", refusal);
                    }
                }
                if (refusal != null) {
                    throw new MisdeclaredEndpointException(endpoint.id());
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
