package dataapi.endpoint;

/**
 * Whose values a query runs with, which decides whether the warehouse's refusal of them is the
 * request's fault ({@link dataapi.warehouse.ValuesRefusedException}) or the server's or the data's.
 */
public enum ValuesOrigin {
    /** At least one value is the request's own: a declared endpoint's parameter that the request gave. */
    REQUEST,
    /**
     * Every value is the server's: a report's (the request's dates and clerk numbers, which the server
     * checked and made SQL values of), a declared parameter's default (the deployer's), or the NULL of an
     * optional parameter that the request left out.
     */
    SERVER
}
