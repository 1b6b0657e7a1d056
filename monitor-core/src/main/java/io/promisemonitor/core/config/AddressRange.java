package io.promisemonitor.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IP address or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}), as {@code trusted-proxies} lists them. */
public record AddressRange(InetAddress network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public AddressRange {
        network = masked(network, prefix);
    }

    /** {@code 192.0.2.7}, {@code 10.0.0.0/8}, {@code ::1}, {@code [fd00::]/8}; never a host name. */
    public static AddressRange parse(String raw) {
        String text = raw.strip();
        int slash = text.indexOf('/');
        Optional<InetAddress> address = literal(slash < 0 ? text : text.substring(0, slash));
        if (address.isPresent()) {
            int bits = address.get().getAddress().length * 8;
            if (slash < 0) {
                return new AddressRange(address.get(), bits);
            }
            String length = text.substring(slash + 1);
            if (length.matches("\\d{1,3}") && Integer.parseInt(length) <= bits) {
                return new AddressRange(address.get(), Integer.parseInt(length));
            }
        }
        throw new IllegalArgumentException("'" + raw + "' is not an address or range; allowed: an IPv4 or IPv6"
                + " address or a CIDR range such as 192.0.2.7, 10.0.0.0/8 or fd00::/8 (no host names)");
    }

    static List<AddressRange> list(List<String> items) {
        List<AddressRange> out = new ArrayList<>();
        for (String item : items) {
            out.add(parse(item));
        }
        return List.copyOf(out);
    }

    /**
     * The address a literal IPv4 or IPv6 text names, with or without brackets; empty for anything else. Never
     * asks DNS, so a request header can be read with it.
     */
    public static Optional<InetAddress> literal(String raw) {
        String text = raw.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // only literals reach here, which InetAddress parses without a lookup
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == network.getAddress().length && masked(address, prefix).equals(network);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }

    /** {@code address} with every bit after the first {@code prefix} cleared. */
    public static InetAddress masked(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix " + prefix + " of " + address.getHostAddress()
                    + "; allowed: 0 to " + bytes.length * 8);
        }
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            bytes[i] &= (byte) (0xff00 >> keep);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
