using System.Buffers.Text;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Infrastructure.Security.Jwt;

/// <summary>A compact JWS split and decoded, not yet verified.</summary>
public sealed class ParsedJws : IDisposable
{
    internal ParsedJws(JsonDocument header, JsonDocument payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonDocument Header { get; }

    public JsonDocument Payload { get; }

    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public string? Algorithm => Header.RootElement.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;

    public string? KeyId => Header.RootElement.TryGetProperty("kid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;

    /// <summary>True only when the header's alg is the key's own algorithm and the signature checks.</summary>
    public bool VerifyWith(SigningKey key) => string.Equals(Algorithm, key.Algorithm, StringComparison.Ordinal) && key.Verify(SigningInput, Signature);

    public void Dispose()
    {
        Header.Dispose();
        Payload.Dispose();
    }
}

/// <summary>Compact JWS (RFC 7515) with the BCL only: signing, and strict parsing for verification.</summary>
public static class Jws
{
    public const int DefaultMaxTokenLength = 8 * 1024;

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    /// <summary>Signs <paramref name="claims"/> with <paramref name="key"/>; the header gets alg, kid and typ.</summary>
    public static string Sign(JsonObject claims, SigningKey key, string type = "JWT")
    {
        var header = new JsonObject { ["alg"] = key.Algorithm, ["kid"] = key.KeyId, ["typ"] = type };
        var signingInput = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header)) + "." +
                           Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// Splits and decodes a compact JWS. Rejects oversize tokens, anything but three base64url parts,
    /// non-object or duplicate-member JSON. Says nothing about the signature or the claims.
    /// </summary>
    public static bool TryParse(string token, [NotNullWhen(true)] out ParsedJws? parsed, out string error, int maxLength = DefaultMaxTokenLength)
    {
        parsed = null;
        if (token.Length == 0 || token.Length > maxLength)
        {
            error = "token size out of bounds";
            return false;
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0)
        {
            error = "malformed token";
            return false;
        }

        JsonDocument? header = null;
        try
        {
            header = ParseObject(token.AsSpan(0, first));
            var payload = ParseObject(token.AsSpan(first + 1, second - first - 1));
            if (header is null || payload is null)
            {
                header?.Dispose();
                payload?.Dispose();
                error = "malformed token";
                return false;
            }

            var signature = Base64Url.DecodeFromChars(token.AsSpan(second + 1));
            parsed = new ParsedJws(header, payload, Encoding.ASCII.GetBytes(token, 0, second), signature);
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            header?.Dispose();
            error = "malformed token";
            return false;
        }
    }

    private static JsonDocument? ParseObject(ReadOnlySpan<char> part)
    {
        foreach (var c in part)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return null; // padding or the standard alphabet is not base64url
            }
        }

        var bytes = Base64Url.DecodeFromChars(part);
        var document = JsonDocument.Parse(bytes, StrictJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return null;
        }

        return document;
    }
}
