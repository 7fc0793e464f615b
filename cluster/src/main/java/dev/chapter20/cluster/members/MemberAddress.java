package dev.chapter20.cluster.members;

import com.hazelcast.cluster.Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a cluster member listens: a host and a port, written {@code host:port} ({@code [::1]:5701}
 * for an IPv6 address).
 *
 * <p><b>Threading:</b> immutable.
 *
 * @param host a host name or IP address
 * @param port a TCP port, 1 to 65535
 */
public record MemberAddress(String host, int port) {

  /** Checks the host and the port. */
  public MemberAddress {
    if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("no host in member address '" + host + ":" + port + "'");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
  }

  /**
   * Parses {@code host:port}.
   *
   * @throws IllegalArgumentException with a one-line message saying what is wrong
   */
  public static MemberAddress parse(String text) {
    String trimmed = text.trim();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw new IllegalArgumentException(
          "malformed member address '" + text + "': expected host:port, such as 127.0.0.1:5701");
    }
    String host = trimmed.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "malformed member address '" + text + "': write an IPv6 address as [::1]:5701");
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "malformed member address '" + text + "': the port is not a number");
    }
    try {
      return new MemberAddress(host, port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "malformed member address '" + text + "': " + e.getMessage());
    }
  }

  /**
   * Returns the address of a member Hazelcast knows; its own {@link Address#toString()} writes
   * {@code [127.0.0.1]:5701}, brackets even around an IPv4 address.
   */
  public static MemberAddress of(Address address) {
    return new MemberAddress(address.getHost(), address.getPort());
  }

  /** Parses a comma-separated list: {@code 10.0.0.5:5701,10.0.0.6:5701}. */
  public static List<MemberAddress> parseList(String text) {
    List<MemberAddress> addresses = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      addresses.add(parse(part));
    }
    return List.copyOf(addresses);
  }

  /** Returns {@code host:port}, the form Hazelcast's configuration takes. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
