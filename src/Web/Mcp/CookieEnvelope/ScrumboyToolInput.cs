using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Platform.Domain.Common;
using Platform.Web.Http;

namespace Platform.Web.Mcp.CookieEnvelope;

/// <summary>
/// Strict decoding of a tool's <c>input</c> into its request: absent or <c>null</c> input is <c>{}</c>;
/// unknown keys (at any depth), wrong types and non-object input are 400 <c>invalid input</c> with
/// the decoder's detail; integer fields take <c>3</c> and <c>3.0</c> but not <c>3.5</c>.
/// </summary>
internal static class ScrumboyToolInput
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 32,
        Converters = { new IntegralInt32Converter(), new IntegralInt64Converter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static T Decode<T>(JsonElement? input)
    {
        var element = input is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value ? value : EmptyObject;
        try
        {
            return element.Deserialize<T>(Options) ?? throw Invalid("json: input must be an object");
        }
        catch (JsonException ex)
        {
            throw Invalid(WireJson.Describe(ex));
        }
    }

    private static ValidationFailedException Invalid(string detail) =>
        new("invalid input", new Dictionary<string, object?> { ["detail"] = detail });

    /// <summary>A JSON number with an integral value (the Scrumboy envelope re-reads numbers as float64).</summary>
    private static bool TryReadIntegral(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var d) || Math.Floor(d) != d || double.IsInfinity(d))
        {
            return false;
        }

        value = d;
        return true;
    }

    private sealed class IntegralInt32Converter : JsonConverter<int>
    {
        public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var exact))
            {
                return exact;
            }

            return TryReadIntegral(ref reader, out var d) && d is >= int.MinValue and <= int.MaxValue ? (int)d : throw new JsonException();
        }

        public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    private sealed class IntegralInt64Converter : JsonConverter<long>
    {
        public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var exact))
            {
                return exact;
            }

            return TryReadIntegral(ref reader, out var d) && d is >= long.MinValue and < long.MaxValue ? (long)d : throw new JsonException();
        }

        public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }
}
