package dataapi.auth;

/**
 * A PAT just created, with the only copy of its secret.
 *
 * @param pat what is stored
 * @param secret what the user keeps; never stored or logged
 */
public record NewPat(Pat pat, String secret) {
    @Override
    public String toString() {
        return pat.toString();
    }
}
