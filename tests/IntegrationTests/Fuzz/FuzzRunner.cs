using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Platform.IntegrationTests.Fuzz;

/// <summary>Sends generated bodies and checks that no answer is a 5xx, a hang or off-contract.</summary>
public static class FuzzRunner
{
    /// <param name="checkShape">Asserts the contract's error (or success) shape; returns a failure text or null.</param>
    public static async Task<int> RunAsync(
        HttpClient client,
        Func<byte[], HttpRequestMessage> buildRequest,
        IEnumerable<byte[]> bodies,
        Func<HttpStatusCode, JsonElement?, string, string?> checkShape,
        int parallelism = 4)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var sent = 0;
        byte[]? previous = null;
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (body, _) =>
        {
            using var request = buildRequest(body);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                failures.Add($"hang (>15 s) for body {Preview(body)}");
                return;
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"connection dropped ({ex.InnerException?.Message ?? ex.Message}) for body {Preview(body)} after {(previous is null ? "-" : Preview(previous))}");
                return;
            }

            previous = body;
            using (response)
            {
                Interlocked.Increment(ref sent);
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} for body {Preview(body)}: {Truncate(text)}");
                    return;
                }

                JsonElement? json = null;
                if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
                {
                    try
                    {
                        json = JsonDocument.Parse(text).RootElement.Clone();
                    }
                    catch (JsonException)
                    {
                        failures.Add($"non-JSON body with a JSON content type for {Preview(body)}: {Truncate(text)}");
                        return;
                    }
                }

                if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
                {
                    failures.Add($"leaked exception text for {Preview(body)}: {Truncate(text)}");
                    return;
                }

                if (checkShape(response.StatusCode, json, text) is { } problem)
                {
                    failures.Add($"{(int)response.StatusCode} {problem} for body {Preview(body)}: {Truncate(text)}");
                }
            }
        });

        Assert.That(failures.Take(10), Is.Empty, $"{failures.Count} of {sent} fuzzed requests broke the contract");
        return sent;
    }

    /// <summary>
    /// Sends each case (with its own expectation) and returns every failure: a 5xx, a hang, a dropped
    /// connection, leaked exception text, or what <paramref name="check"/> reports. A response sent as
    /// server-sent events is checked by its last <c>data:</c> payload.
    /// </summary>
    public static async Task<IReadOnlyList<(TCase Case, string Failure)>> CollectAsync<TCase>(
        HttpClient client,
        IReadOnlyList<TCase> cases,
        Func<TCase, HttpRequestMessage> buildRequest,
        Func<TCase, HttpStatusCode, JsonElement?, string, string?> check,
        int parallelism = 4)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<(TCase, string)>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (fuzzCase, _) =>
        {
            using var request = buildRequest(fuzzCase);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                failures.Add((fuzzCase, "hang (>15 s)"));
                return;
            }
            catch (HttpRequestException ex)
            {
                failures.Add((fuzzCase, $"connection dropped ({ex.InnerException?.Message ?? ex.Message})"));
                return;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    failures.Add((fuzzCase, $"{status}: {Truncate(text)}"));
                    return;
                }

                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
                var payload = text;
                if (mediaType == "text/event-stream")
                {
                    payload = text.Split('\n').LastOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal))?["data: ".Length..] ?? "";
                }

                JsonElement? json = null;
                if (payload.Length > 0 && (mediaType.Contains("json", StringComparison.Ordinal) || mediaType == "text/event-stream"))
                {
                    try
                    {
                        json = JsonDocument.Parse(payload).RootElement.Clone();
                    }
                    catch (JsonException)
                    {
                        failures.Add((fuzzCase, $"{status} non-JSON body with a JSON content type: {Truncate(text)}"));
                        return;
                    }
                }

                if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
                {
                    failures.Add((fuzzCase, $"{status} leaked exception text: {Truncate(text)}"));
                    return;
                }

                if (check(fuzzCase, response.StatusCode, json, payload) is { } problem)
                {
                    failures.Add((fuzzCase, $"{status} {problem}: {Truncate(payload)}"));
                }
            }
        });

        return failures.ToList();
    }

    public static HttpRequestMessage JsonPost(string path, byte[] body, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        headers?.Invoke(request.Headers);
        return request;
    }

    private static string Preview(byte[] body)
    {
        var s = System.Text.Encoding.UTF8.GetString(body);
        return s.Length > 80 ? s[..80] + $"…({body.Length} bytes)" : s;
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
