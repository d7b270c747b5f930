using System.Net.Sockets;
using System.Text;

namespace Platform.IntegrationTests.Support;

/// <summary>HTTP/1.1 over a raw socket, for what HttpClient hides: connection reuse and early answers.</summary>
public static class RawHttp
{
    /// <summary>Writes one request (its body on a background task, which may be cut off) and reads one response.</summary>
    public static async Task<(int Status, string Head)> SendAsync(NetworkStream stream, string method, string path, int bodyLength, IEnumerable<string> headers)
    {
        var head = new StringBuilder().Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(bodyLength).Append("\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        var body = new byte[bodyLength];
        Array.Fill(body, (byte)' ');
        var writing = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(body);
            }
            catch (IOException)
            {
                // the server closed after answering: expected only for bodies it does not drain
            }
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new AssertionException("connection closed before a response: " + Encoding.ASCII.GetString([.. received]));
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var headText = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray());
        var contentLength = headText.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var rest = received.GetRange(headEnd + 4, received.Count - headEnd - 4);
        if (headText.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            // the body ends with the last-chunk marker
            while (!Encoding.ASCII.GetString([.. rest]).EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                rest.AddRange(buffer.AsSpan(0, read));
            }
        }
        else
        {
            var missing = contentLength - rest.Count;
            while (missing > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, missing)), timeout.Token);
                if (read == 0)
                {
                    break;
                }

                missing -= read;
            }
        }

        await writing.WaitAsync(timeout.Token);
        var status = int.Parse(headText.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, headText);
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                return i - 3;
            }
        }

        return -1;
    }
}
