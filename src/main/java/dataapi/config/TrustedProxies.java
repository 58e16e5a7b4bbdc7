package dataapi.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The reverse proxies (load balancers, ingresses) whose {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} the server believes, as address ranges: {@code 10.0.0.0/8},
 * {@code fd00::/8}, or one address. None by default: then a request's client is its connection's
 * peer, and what a caller writes in those headers is ignored.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** With a colon: InetAddress reads text that starts with a hexadecimal digit or a colon as a literal, never as a name. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private record Range(String text, byte[] network, int prefixLength) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            return bytes.length == network.length && Arrays.equals(networkOf(bytes, prefixLength), network);
        }
    }

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Ranges as an operator writes them.
     *
     * @throws IllegalArgumentException naming the first that is not an address or a range of them
     */
    public static TrustedProxies parse(List<String> texts) {
        List<Range> ranges = new ArrayList<>();
        for (String text : texts) {
            ranges.add(range(requireNonNull(text, "text is null").strip()));
        }
        return new TrustedProxies(ranges);
    }

    private static Range range(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = literal(addressText).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not an IP address or a range such as 10.0.0.0/8 or fd00::/8"));
        int bits = address.getAddress().length * 8;
        int prefixLength = bits;
        if (slash >= 0) {
            String prefix = text.substring(slash + 1);
            if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > bits) {
                throw new IllegalArgumentException("'" + text + "': the prefix length after / is a number from 0 to " + bits);
            }
            prefixLength = Integer.parseInt(prefix);
        }
        byte[] network = networkOf(address.getAddress(), prefixLength);
        if (!Arrays.equals(network, address.getAddress())) {
            // 10.1.2.3/8 is more likely a mistyped /32 than a wish for all of 10.0.0.0/8.
            throw new IllegalArgumentException("'" + text + "' has address bits set past its /" + prefixLength + " prefix: the range is "
                    + hostAddress(network) + "/" + prefixLength);
        }
        return new Range(text, network, prefixLength);
    }

    private static String hostAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + address.length + " bytes", e);
        }
    }

    private static byte[] networkOf(byte[] address, int prefixLength) {
        byte[] network = address.clone();
        for (int bit = prefixLength; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return network;
    }

    /**
     * The address an IP literal stands for, with no name ever looked up: four decimal octets, or
     * IPv6's hexadecimal groups with colons (an IPv4-mapped one is its IPv4 address).
     */
    public static Optional<InetAddress> literal(String text) {
        Matcher ipv4 = IPV4.matcher(text);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!IPV6.matcher(text).matches() || text.indexOf(':') < 0) {
            // Anything else could be taken for a host name, and looked up.
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether a range is a whole address family's ({@code 0.0.0.0/0}, {@code ::/0}): every peer is then a proxy. */
    public boolean trustsAnyPeer() {
        return ranges.stream().anyMatch(range -> range.prefixLength() == 0);
    }

    public boolean contains(InetAddress address) {
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return ranges.stream().map(Range::text).toList().toString();
    }
}
