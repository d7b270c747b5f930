using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
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
    Converters = [typeof(ZukoStatusConverter), typeof(ZukoRoleConverter), typeof(ZukoTimestampConverter)])]
[JsonSerializable(typeof(ListOrganizationsQuery))]
[JsonSerializable(typeof(ListTasksQuery))]
[JsonSerializable(typeof(GetTaskQuery))]
[JsonSerializable(typeof(CreateTaskCommand))]
[JsonSerializable(typeof(UpdateTaskCommand))]
[JsonSerializable(typeof(IReadOnlyList<OrganizationMembershipDto>))]
[JsonSerializable(typeof(IReadOnlyList<TaskSummaryDto>))]
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
