using System.Net;
using System.Net.Sockets;

namespace Platform.Infrastructure.Security.ClientMetadataDocuments;

/// <summary>
/// The addresses a metadata-document fetch must never connect to (server-side request forgery):
/// unspecified, private (RFC 1918, unique-local), carrier-grade NAT, loopback, link-local (which
/// holds the cloud metadata services 169.254.169.254 and fd00:ec2::254 is unique-local), multicast,
/// broadcast, reserved and documentation ranges, and IPv6 forms that embed such an IPv4 address.
/// </summary>
public static class ForbiddenAddresses
{
    private static readonly (IPAddress Network, int Prefix)[] V4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8), // "this network"
        (IPAddress.Parse("10.0.0.0"), 8), // private
        (IPAddress.Parse("100.64.0.0"), 10), // carrier-grade NAT (Alibaba's metadata is 100.100.100.200)
        (IPAddress.Parse("127.0.0.0"), 8), // loopback
        (IPAddress.Parse("169.254.0.0"), 16), // link-local, cloud metadata (169.254.169.254)
        (IPAddress.Parse("172.16.0.0"), 12), // private
        (IPAddress.Parse("192.0.0.0"), 24), // IETF protocol assignments
        (IPAddress.Parse("192.0.2.0"), 24), // documentation
        (IPAddress.Parse("192.88.99.0"), 24), // 6to4 relay anycast
        (IPAddress.Parse("192.168.0.0"), 16), // private
        (IPAddress.Parse("198.18.0.0"), 15), // benchmarking
        (IPAddress.Parse("198.51.100.0"), 24), // documentation
        (IPAddress.Parse("203.0.113.0"), 24), // documentation
        (IPAddress.Parse("224.0.0.0"), 4), // multicast
        (IPAddress.Parse("240.0.0.0"), 4), // reserved, broadcast
    ];

    private static readonly (IPAddress Network, int Prefix)[] V6 =
    [
        (IPAddress.Parse("::"), 128), // unspecified
        (IPAddress.Parse("::1"), 128), // loopback
        (IPAddress.Parse("100::"), 64), // discard
        (IPAddress.Parse("2001::"), 23), // IETF protocol assignments (Teredo and others)
        (IPAddress.Parse("2001:db8::"), 32), // documentation
        (IPAddress.Parse("fc00::"), 7), // unique-local (AWS metadata fd00:ec2::254)
        (IPAddress.Parse("fe80::"), 10), // link-local
        (IPAddress.Parse("fec0::"), 10), // site-local (deprecated)
        (IPAddress.Parse("ff00::"), 8), // multicast
    ];

    /// <summary>
    /// True when a fetch must not connect to <paramref name="address"/>. With
    /// <paramref name="allowLoopback"/> (the test and development switch) 127.0.0.0/8 and ::1 are allowed.
    /// </summary>
    public static bool IsForbidden(IPAddress address, bool allowLoopback = false)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return IsForbidden(address.MapToIPv4(), allowLoopback);
            }

            if (allowLoopback && address.Equals(IPAddress.IPv6Loopback))
            {
                return false;
            }

            if (EmbeddedIPv4(address) is { } embedded)
            {
                return IsForbidden(embedded, allowLoopback: false);
            }

            return V6.Any(range => InRange(address, range.Network, range.Prefix));
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return true;
        }

        if (allowLoopback && InRange(address, IPAddress.Loopback, 8))
        {
            return false;
        }

        return V4.Any(range => InRange(address, range.Network, range.Prefix));
    }

    /// <summary>The IPv4 address inside IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !address.Equals(IPAddress.IPv6Loopback) && !address.Equals(IPAddress.IPv6Any))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (InRange(address, IPAddress.Parse("64:ff9b::"), 96))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return InRange(address, IPAddress.Parse("2002::"), 16) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix) =>
        address.AddressFamily == network.AddressFamily && new IPNetwork(network, prefix).Contains(address);
}
