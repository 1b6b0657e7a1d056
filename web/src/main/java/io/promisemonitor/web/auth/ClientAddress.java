package io.promisemonitor.web.auth;

import io.promisemonitor.core.config.AddressRange;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address a request's logins are counted under: the peer's, or, when the peer is one of the
 * {@code trusted-proxies}, the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy (entries
 * to its left were written by the client and prove nothing). An IPv6 client counts as its /64, the block one
 * machine or one customer usually gets, so that rotating through it gains nothing.
 */
public final class ClientAddress {

    /** Proxies a request may have passed through before ours; more entries than that are not read. */
    static final int MAX_HOPS = 20;
    static final int IPV6_PREFIX = 64;

    private final List<AddressRange> trustedProxies;

    public ClientAddress(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** {@code forwardedFor}: the values of every X-Forwarded-For header, in order. */
    public String of(InetAddress peer, List<String> forwardedFor) {
        if (peer == null) {
            return "unknown";
        }
        InetAddress client = peer;
        if (trusted(peer) && !forwardedFor.isEmpty()) {
            String[] hops = String.join(",", forwardedFor).split(",", -1);
            for (int i = hops.length - 1; i >= Math.max(0, hops.length - MAX_HOPS); i--) {
                Optional<InetAddress> hop = AddressRange.literal(withoutPort(hops[i].strip()));
                if (hop.isEmpty()) {
                    // what our own proxy wrote is never garbage; keep the last proxy that vouched for the request
                    break;
                }
                client = hop.get();
                if (!trusted(client)) {
                    break;
                }
            }
        }
        return shown(client);
    }

    private boolean trusted(InetAddress a) {
        for (AddressRange r : trustedProxies) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static String shown(InetAddress a) {
        if (a instanceof Inet6Address) {
            return AddressRange.masked(a, IPV6_PREFIX).getHostAddress() + "/" + IPV6_PREFIX;
        }
        return a.getHostAddress();
    }

    /** {@code 192.0.2.1:5678} and {@code [2001:db8::1]:443}, as some proxies write them. */
    private static String withoutPort(String hop) {
        int close = hop.indexOf("]:");
        if (hop.startsWith("[") && close > 0) {
            return hop.substring(1, close);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
