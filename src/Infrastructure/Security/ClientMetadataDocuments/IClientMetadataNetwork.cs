using System.Net;
using System.Net.Sockets;

namespace Platform.Infrastructure.Security.ClientMetadataDocuments;

/// <summary>
/// Name resolution and connecting for metadata-document fetches: the two steps between which the
/// forbidden-address check runs (<see cref="SafeConnector"/>). Tests substitute both, so no test
/// sends a packet beyond loopback.
/// </summary>
public interface IClientMetadataNetwork
{
    /// <summary>The addresses <paramref name="host"/> resolves to (a name, never an address literal).</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);

    /// <summary>An open TCP connection to <paramref name="endpoint"/>, already checked.</summary>
    Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken ct);
}

/// <summary>The operating system's resolver and sockets.</summary>
internal sealed class SystemClientMetadataNetwork : IClientMetadataNetwork
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);

    public async Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A fetch refused before any connection: the host resolves to a forbidden address, or to none.</summary>
public sealed class ForbiddenAddressException(string message) : HttpRequestException(message);

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the metadata-document client: it resolves
/// the host itself and refuses the whole name when any of its addresses is forbidden, then connects
/// to the checked address. The check sits here, at the connection, so a DNS answer that changes
/// between a check and the connection (DNS rebinding) cannot slip through.
/// </summary>
internal sealed class SafeConnector(IClientMetadataNetwork network, bool allowLoopback)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var literal = IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null;
        var addresses = literal is not null ? [literal] : await network.ResolveAsync(host, ct).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new ForbiddenAddressException($"{host} resolves to no address");
        }

        if (addresses.FirstOrDefault(a => ForbiddenAddresses.IsForbidden(a, allowLoopback)) is { } forbidden)
        {
            throw new ForbiddenAddressException($"{host} resolves to {forbidden}, a private, loopback, link-local or otherwise reserved address");
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await network.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                last = e;
            }
        }

        throw new HttpRequestException($"could not connect to {host}", last);
    }
}
