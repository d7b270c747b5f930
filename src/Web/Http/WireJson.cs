using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Platform.Domain.Common;

namespace Platform.Web.Http;

/// <summary>Strict JSON for /api request bodies and the Scrumboy wire formats of responses.</summary>
public static class WireJson
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        MaxDepth = 32,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new StrictStringConverter() },
    };

    /// <summary>
    /// Reads the whole body as one <typeparamref name="T"/>; any decoding problem (empty body,
    /// malformed JSON, unknown or duplicate fields, wrong types, trailing data, too large) is a
    /// 400/413 VALIDATION_ERROR "invalid json" with a short detail — never a 500.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        var body = await ReadBodyAsync(request, MaxBodyBytes, static () => new PayloadTooLargeException());
        if (body.Length == 0)
        {
            throw InvalidJson("EOF");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, Options) ?? throw InvalidJson("body must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw InvalidJson(Describe(ex));
        }
    }

    internal static string Describe(JsonException ex)
    {
        var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            return string.Create(CultureInfo.InvariantCulture, $"json: unknown field \"{field}\"");
        }

        if (ex.Message.Contains("NUL character", StringComparison.Ordinal))
        {
            return $"json: NUL character or invalid Unicode in string at {path}";
        }

        if (ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return $"json: duplicate field at {path}";
        }

        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"json: wrong type at {path}";
        }

        return $"json: malformed input at {path}";
    }

    /// <summary>
    /// Reads a whole request body of at most <paramref name="maxBytes"/>; a larger one throws
    /// <paramref name="tooLarge"/>. A declared oversize body of up to twice the limit is read and
    /// discarded first (<see cref="TryDrainAsync"/>), so a client still sending it gets the 413 and
    /// keeps its connection; the rest of any other oversize body is never read, so the connection
    /// cannot be reused: the response says <c>Connection: close</c>, or a keep-alive client would
    /// send its next request into a closing socket.
    /// </summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, long maxBytes, Func<PlatformException> tooLarge)
    {
        if (request.ContentLength > maxBytes)
        {
            if (!await TryDrainAsync(request, maxBytes))
            {
                CloseConnection(request.HttpContext);
            }

            throw tooLarge();
        }

        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            return buffer.Length > maxBytes ? throw TooLarge(request, tooLarge) : buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(request, tooLarge);
        }
    }

    /// <summary>
    /// Reads and discards a body whose declared length is over <paramref name="maxBytes"/> but at most
    /// twice it (or <paramref name="drainAtMost"/>), within 10 s, before the 413 is written: closing a socket with unread data resets it,
    /// and a client still writing would see a broken pipe instead of the answer. False when the body
    /// is larger, undeclared, already being read, or did not arrive in time (then the caller closes).
    /// </summary>
    internal static async Task<bool> TryDrainAsync(HttpRequest request, long maxBytes, long? drainAtMost = null)
    {
        if (request.ContentLength is not { } length || length > (drainAtMost ?? maxBytes * 2)
            || request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } limit)
        {
            return false;
        }

        limit.MaxRequestBodySize = length;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        timeout.CancelAfter(DrainTimeout);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await request.Body.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or BadHttpRequestException or IOException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private static PlatformException TooLarge(HttpRequest request, Func<PlatformException> tooLarge)
    {
        CloseConnection(request.HttpContext);
        return tooLarge();
    }

    private static readonly object ConnectionCloseKey = new();

    /// <summary>
    /// The response says <c>Connection: close</c> (part of the request body stays unread); remembered for
    /// the exception handler, which writes the error on a cleared response.
    /// </summary>
    public static void CloseConnection(HttpContext context)
    {
        context.Response.Headers.Connection = "close";
        context.Items[ConnectionCloseKey] = true;
    }

    /// <summary>True once <see cref="CloseConnection"/> decided it for this request.</summary>
    public static bool ClosesConnection(HttpContext context) => context.Items.ContainsKey(ConnectionCloseKey);

    private static ValidationFailedException InvalidJson(string detail) =>
        new("invalid json", new Dictionary<string, object?> { ["detail"] = detail });

    /// <summary>Scrumboy's timestamps: RFC 3339 UTC, milliseconds, trailing fraction zeros trimmed.</summary>
    public static string Timestamp(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var ms = utc.Millisecond;
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (ms == 0)
        {
            return seconds + "Z";
        }

        return seconds + "." + ms.ToString("000", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
    }

    public static string? Timestamp(DateTimeOffset? value) => value is { } v ? Timestamp(v) : null;

    internal static void LimitBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = MaxBodyBytes;
        }
    }
}

/// <summary>
/// Strings with NUL characters or unpaired surrogates are refused at the boundary: PostgreSQL
/// cannot store the former and the latter are not valid Unicode text.
/// </summary>
public sealed class StrictStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("expected a string");
        }

        var value = reader.GetString()!;
        if (!IsCleanText(value))
        {
            throw new JsonException("NUL character or invalid Unicode in string");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>The application's one text rule (no NUL, no unpaired surrogate; decision 0005).</summary>
    public static bool IsCleanText(string value) => Platform.Application.Common.Validation.TextRule.IsValid(value);
}

/// <summary>The body is over the 1 MiB limit of /api.</summary>
public sealed class PayloadTooLargeException()
    : PlatformException(ErrorCodes.Validation, "request body too large", new Dictionary<string, object?> { ["limitBytes"] = WireJson.MaxBodyBytes }), IHttpStatusError
{
    public int StatusCode => StatusCodes.Status413PayloadTooLarge;
}
