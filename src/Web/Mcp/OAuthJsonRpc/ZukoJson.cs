using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Application.Common;
using Platform.Application.Organizations;
using Platform.Application.Organizations.ListOrganizations;
using Platform.Application.Organizations.Tasks;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Application.Organizations.Tasks.GetTask;
using Platform.Application.Organizations.Tasks.ListTasks;
using Platform.Application.Organizations.Tasks.UpdateTask;
using Platform.Domain.Organizations;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// The /api/mcp dialect's JSON, source-generated: tool arguments decode into the requests, results
/// encode from the DTOs (members in declaration order, which is the original's order). Member names
/// are camelCase and case-sensitive, numbers strict, statuses and roles by their wire names, dates
/// ISO 8601 UTC with exactly three fraction digits and Z (JavaScript's <c>Date.toJSON()</c>).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false,
    Converters = [typeof(ZukoStatusConverter), typeof(ZukoRoleConverter), typeof(ZukoTimestampConverter), typeof(JsonTextConverter)])]
[JsonSerializable(typeof(ListOrganizationsQuery))]
[JsonSerializable(typeof(ListTasksQuery))]
[JsonSerializable(typeof(GetTaskQuery))]
[JsonSerializable(typeof(CreateTaskCommand))]
[JsonSerializable(typeof(UpdateTaskCommand))]
[JsonSerializable(typeof(IReadOnlyList<OrganizationMembershipDto>))]
[JsonSerializable(typeof(IReadOnlyList<TaskListItemDto>))]
[JsonSerializable(typeof(TaskDetailDto))]
[JsonSerializable(typeof(CreatedTaskDto))]
[JsonSerializable(typeof(UpdatedTaskDto))]
internal sealed partial class ZukoJson : JsonSerializerContext;

/// <summary>TODO, IN_PROGRESS, DONE, CANCELLED (exact case).</summary>
internal sealed class ZukoStatusConverter : JsonConverter<WorkTaskStatus>
{
    private static readonly JsonEncodedText[] Names =
        [.. Enum.GetValues<WorkTaskStatus>().Select(status => JsonEncodedText.Encode(status.ToWire()))];

    public override WorkTaskStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && WorkTaskStatusNames.TryParse(reader.GetString(), out var status)
            ? status
            : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, WorkTaskStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Names[(int)value]);
}

/// <summary>owner, admin, member.</summary>
internal sealed class ZukoRoleConverter : JsonConverter<OrganizationRole>
{
    public override OrganizationRole Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && OrganizationRoleNames.TryParse(reader.GetString(), out var role) ? role : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, OrganizationRole value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToWire());
}

/// <summary>
/// Writes yyyy-MM-ddTHH:mm:ss.fffZ (UTC); reads yyyy-MM-dd, optionally followed by a time and an
/// offset (UTC when none is given).
/// </summary>
internal sealed class ZukoTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && TryParseIso8601(reader.GetString()!, out var value) ? value : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> utf8 = stackalloc byte[24];
        FormatTimestamp(value.UtcDateTime, utf8);
        writer.WriteStringValue(utf8);
    }

    /// <summary>ISO 8601 UTC with exactly three fraction digits and Z.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>yyyy-MM-ddTHH:mm:ss.fffZ as UTF-8 into exactly 24 bytes (no format-string parsing per value).</summary>
    internal static void FormatTimestamp(DateTime utc, Span<byte> destination)
    {
        Digits(destination[..4], utc.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), utc.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), utc.Day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), utc.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), utc.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), utc.Second);
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 3), utc.Millisecond);
        destination[23] = (byte)'Z';

        static void Digits(Span<byte> target, int value)
        {
            for (var i = target.Length - 1; i >= 0; i--)
            {
                target[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }
    }

    /// <summary>yyyy-MM-dd, optionally followed by a time and an offset (UTC when none is given).</summary>
    internal static bool TryParseIso8601(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 10 || text.Length > 40 || !char.IsAsciiDigit(text[0]) || text[4] != '-' || text[7] != '-'
            || (text.Length > 10 && text[10] is not ('T' or 't' or ' ')))
        {
            return false;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}

/// <summary>
/// Writes a <see cref="JsonText"/> token by token from its text into the writer (no tree): the writer
/// indents and escapes as it would a parsed element's <c>WriteTo</c>, so the output is byte-identical
/// (decision 0213). Numbers that are plain integers are written from their value; any other number
/// (fraction, exponent, beyond 64 bits, -0) goes through a one-token element to keep its exact text.
/// </summary>
internal sealed class JsonTextConverter : JsonConverter<JsonText>
{
    private const int StackLimit = 512;

    public override JsonText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("JsonText is written only.");

    public override void Write(Utf8JsonWriter writer, JsonText value, JsonSerializerOptions options)
    {
        var text = value.Value;
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            Copy(rented.AsSpan(0, length), writer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Copies the JSON value <paramref name="json"/> into <paramref name="writer"/>, token by token.</summary>
    internal static void Copy(ReadOnlySpan<byte> json, Utf8JsonWriter writer)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.PropertyName:
                case JsonTokenType.String:
                    WriteText(ref reader, writer);
                    break;
                case JsonTokenType.Number:
                    WriteNumber(ref reader, writer);
                    break;
                case JsonTokenType.True:
                    writer.WriteBooleanValue(true);
                    break;
                case JsonTokenType.False:
                    writer.WriteBooleanValue(false);
                    break;
                case JsonTokenType.Null:
                    writer.WriteNullValue();
                    break;
                default:
                    throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
            }
        }
    }

    private static void WriteText(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        var property = reader.TokenType == JsonTokenType.PropertyName;
        if (!reader.ValueIsEscaped)
        {
            Write(writer, reader.ValueSpan, property);
            return;
        }

        var escaped = reader.ValueSpan.Length;
        byte[]? rented = null;
        var buffer = escaped <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(escaped));
        try
        {
            var length = reader.CopyString(buffer);
            Write(writer, buffer[..length], property);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8, bool property)
        {
            if (property)
            {
                writer.WritePropertyName(utf8);
            }
            else
            {
                writer.WriteStringValue(utf8);
            }
        }
    }

    private static void WriteNumber(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        var raw = reader.ValueSpan;
        if (IsPlainInteger(raw) && reader.TryGetInt64(out var integer))
        {
            writer.WriteNumberValue(integer);
            return;
        }

        using var number = JsonDocument.Parse(raw.ToArray());
        number.RootElement.WriteTo(writer);
    }

    /// <summary>Digits with an optional minus sign, and not -0 (whose text a long cannot keep).</summary>
    private static bool IsPlainInteger(ReadOnlySpan<byte> raw)
    {
        var digits = raw.Length > 0 && raw[0] == (byte)'-' ? raw[1..] : raw;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        return !(raw[0] == (byte)'-' && digits is [(byte)'0']);
    }
}
