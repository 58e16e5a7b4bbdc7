package dataapi.config;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {
    @Test
    void aRangeHoldsTheAddressesUnderItsPrefix() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/9", "192.168.1.7", "fd00::/8"));
        assertThat(proxies.contains(address("10.0.0.0"))).isTrue();
        assertThat(proxies.contains(address("10.127.255.255"))).isTrue();
        assertThat(proxies.contains(address("10.128.0.0"))).as("past /9").isFalse();
        assertThat(proxies.contains(address("11.0.0.1"))).isFalse();
        assertThat(proxies.contains(address("192.168.1.7"))).isTrue();
        assertThat(proxies.contains(address("192.168.1.8"))).isFalse();
        assertThat(proxies.contains(address("fd12:3456::1"))).isTrue();
        assertThat(proxies.contains(address("fe80::1"))).isFalse();
        // An IPv4 address written as IPv6 is the IPv4 address.
        assertThat(proxies.contains(address("::ffff:10.1.2.3"))).isTrue();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).contains(address("203.0.113.5"))).isTrue();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).contains(address("2001:db8::5"))).as("another family").isFalse();
        assertThat(TrustedProxies.NONE.contains(address("127.0.0.1"))).isFalse();
        assertThat(proxies.trustsAnyPeer()).isFalse();
        assertThat(TrustedProxies.parse(List.of("10.0.0.0/8", "::/0")).trustsAnyPeer()).isTrue();
    }

    @Test
    void whatIsNoRangeIsRefusedNamingIt() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.1.2.3/8")))
                .hasMessage("'10.1.2.3/8' has address bits set past its /8 prefix: the range is 10.0.0.0/8");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33")))
                .hasMessage("'10.0.0.0/33': the prefix length after / is a number from 0 to 32");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/")))
                .hasMessage("'10.0.0.0/': the prefix length after / is a number from 0 to 32");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("fd00::/-1")))
                .hasMessage("'fd00::/-1': the prefix length after / is a number from 0 to 128");
        for (String text : List.of("proxy.internal", "localhost", "10.0.0.256", "10.0.0", "", "fd00:::1:::")) {
            assertThatThrownBy(() -> TrustedProxies.parse(List.of(text))).as(text)
                    .hasMessage("'" + text + "' is not an IP address or a range such as 10.0.0.0/8 or fd00::/8");
        }
    }

    @Test
    void aLiteralIsNeverLookedUpAsAName() {
        assertThat(TrustedProxies.literal("203.0.113.5")).map(InetAddress::getHostAddress).hasValue("203.0.113.5");
        assertThat(TrustedProxies.literal("2001:db8::5")).map(InetAddress::getHostAddress).hasValue("2001:db8:0:0:0:0:0:5");
        // Names a resolver would answer, and one made only of hexadecimal digits.
        assertThat(TrustedProxies.literal("localhost")).isEmpty();
        assertThat(TrustedProxies.literal("cafe")).isEmpty();
        assertThat(TrustedProxies.literal("127.1")).isEmpty();
        assertThat(TrustedProxies.literal("unknown")).isEmpty();
        // A colon does not make a literal of text InetAddress would take for a name: it starts with neither a digit nor a colon.
        assertThat(TrustedProxies.literal(".1:2")).isEmpty();
        assertThat(TrustedProxies.literal("x:1")).isEmpty();
    }

    private static InetAddress address(String literal) {
        return TrustedProxies.literal(literal).orElseThrow();
    }
}
