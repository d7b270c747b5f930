using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Application.Organizations;
using Platform.Application.Organizations.Tasks;
using Platform.Domain.Organizations;
using Platform.Web.Http;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// A tool result in the /api/mcp (Zuko) wire shape: the text block (the data as 2-space indented
/// JSON, as the original's <c>JSON.stringify(x, null, 2)</c>) and the structured content (always an
/// object: the same object, or <c>{"tasks": [...]}</c> / <c>{"organizations": [...]}</c> for lists).
/// </summary>
public sealed record ZukoToolResult(string Text, JsonElement StructuredContent);

/// <summary>
/// Hand-written writers for the Zuko output shapes: field order as the original, dates as ISO 8601
/// UTC with exactly three fraction digits and Z, no reflection on the hot path.
/// </summary>
internal static class ZukoWire
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        IndentSize = 2,
        IndentCharacter = ' ',
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonEncodedText NAssignedAt = JsonEncodedText.Encode("assignedAt");
    private static readonly JsonEncodedText NAssignee = JsonEncodedText.Encode("assignee");
    private static readonly JsonEncodedText NCompletedAt = JsonEncodedText.Encode("completedAt");
    private static readonly JsonEncodedText NCreatedAt = JsonEncodedText.Encode("createdAt");
    private static readonly JsonEncodedText NDescription = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText NEmail = JsonEncodedText.Encode("email");
    private static readonly JsonEncodedText NId = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText NIsPrimary = JsonEncodedText.Encode("isPrimary");
    private static readonly JsonEncodedText NName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText NOrganizationId = JsonEncodedText.Encode("organizationId");
    private static readonly JsonEncodedText NOwners = JsonEncodedText.Encode("owners");
    private static readonly JsonEncodedText NParent = JsonEncodedText.Encode("parent");
    private static readonly JsonEncodedText NParentId = JsonEncodedText.Encode("parentId");
    private static readonly JsonEncodedText NRole = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText NSlug = JsonEncodedText.Encode("slug");
    private static readonly JsonEncodedText NStatus = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText NSubtasks = JsonEncodedText.Encode("subtasks");
    private static readonly JsonEncodedText NTaskId = JsonEncodedText.Encode("taskId");
    private static readonly JsonEncodedText NTitle = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText NUpdatedAt = JsonEncodedText.Encode("updatedAt");
    private static readonly JsonEncodedText NUser = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText NUserId = JsonEncodedText.Encode("userId");

    public static ZukoToolResult Object<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        using var buffer = new PooledBufferWriter(4096);
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            write(writer, value);
        }

        return new ZukoToolResult(Encoding.UTF8.GetString(buffer.WrittenSpan), JsonElement.Parse(buffer.WrittenSpan));
    }

    public static ZukoToolResult List<T>(string key, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        using var buffer = new PooledBufferWriter(1024 + (items.Count * 1024));
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                write(writer, item);
            }

            writer.WriteEndArray();
        }

        var array = buffer.WrittenSpan;
        var text = Encoding.UTF8.GetString(array);

        // {"<key>":<the same array>} without writing the items twice (the parse copies what it keeps).
        var prefixLength = key.Length + 4;
        var length = prefixLength + array.Length + 1;
        var wrapped = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            wrapped[0] = (byte)'{';
            wrapped[1] = (byte)'"';
            Encoding.ASCII.GetBytes(key, wrapped.AsSpan(2));
            wrapped[key.Length + 2] = (byte)'"';
            wrapped[key.Length + 3] = (byte)':';
            array.CopyTo(wrapped.AsSpan(prefixLength));
            wrapped[length - 1] = (byte)'}';
            return new ZukoToolResult(text, JsonElement.Parse(wrapped.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(wrapped);
        }
    }

    public static void Organization(Utf8JsonWriter w, OrganizationMembershipDto o)
    {
        w.WriteStartObject();
        w.WriteNumber(NId, o.Id);
        w.WriteString(NName, o.Name);
        w.WriteString(NSlug, o.Slug);
        w.WriteString(NRole, o.Role.ToWire());
        w.WriteEndObject();
    }

    public static void TaskSummary(Utf8JsonWriter w, TaskSummaryDto t)
    {
        w.WriteStartObject();
        w.WriteNumber(NId, t.Id);
        w.WriteNumber(NOrganizationId, t.OrganizationId);
        w.WriteString(NTitle, t.Title);
        Json(w, NDescription, t.Description);
        w.WriteString(NStatus, StatusValue(t.Status));
        Date(w, NCompletedAt, t.CompletedAt);
        NullableString(w, NAssignee, t.Assignee);
        Date(w, NCreatedAt, t.CreatedAt);
        Date(w, NUpdatedAt, t.UpdatedAt);
        w.WriteEndObject();
    }

    public static void TaskDetail(Utf8JsonWriter w, TaskDetailDto t)
    {
        w.WriteStartObject();
        w.WriteNumber(NId, t.Id);
        w.WriteNumber(NOrganizationId, t.OrganizationId);
        w.WriteString(NTitle, t.Title);
        Json(w, NDescription, t.Description);
        w.WriteString(NStatus, StatusValue(t.Status));
        Date(w, NCompletedAt, t.CompletedAt);
        if (t.ParentId is { } parentId)
        {
            w.WriteNumber(NParentId, parentId);
        }
        else
        {
            w.WriteNull(NParentId);
        }

        NullableString(w, NAssignee, t.Assignee);
        Date(w, NCreatedAt, t.CreatedAt);
        Date(w, NUpdatedAt, t.UpdatedAt);

        w.WriteStartArray(NOwners);
        foreach (var owner in t.Owners)
        {
            w.WriteStartObject();
            w.WriteNumber(NId, owner.Id);
            w.WriteNumber(NTaskId, owner.TaskId);
            w.WriteNumber(NUserId, owner.UserId);
            w.WriteBoolean(NIsPrimary, owner.IsPrimary);
            Date(w, NAssignedAt, owner.AssignedAt);
            if (owner.User is { } user)
            {
                w.WriteStartObject(NUser);
                w.WriteNumber(NId, user.Id);
                w.WriteString(NName, user.Name);
                w.WriteString(NEmail, user.Email);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull(NUser);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray(NSubtasks);
        foreach (var subtask in t.Subtasks)
        {
            w.WriteStartObject();
            w.WriteNumber(NId, subtask.Id);
            w.WriteString(NTitle, subtask.Title);
            w.WriteString(NStatus, StatusValue(subtask.Status));
            Date(w, NCompletedAt, subtask.CompletedAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        if (t.Parent is { } parent)
        {
            w.WriteStartObject(NParent);
            w.WriteNumber(NId, parent.Id);
            w.WriteString(NTitle, parent.Title);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(NParent);
        }

        w.WriteEndObject();
    }

    public static void CreatedTask(Utf8JsonWriter w, CreatedTaskDto t)
    {
        w.WriteStartObject();
        w.WriteNumber(NId, t.Id);
        w.WriteNumber(NOrganizationId, t.OrganizationId);
        w.WriteString(NTitle, t.Title);
        Json(w, NDescription, t.Description);
        w.WriteString(NStatus, StatusValue(t.Status));
        NullableString(w, NAssignee, t.Assignee);
        Date(w, NCreatedAt, t.CreatedAt);
        w.WriteEndObject();
    }

    public static void UpdatedTask(Utf8JsonWriter w, UpdatedTaskDto t)
    {
        w.WriteStartObject();
        w.WriteNumber(NId, t.Id);
        w.WriteNumber(NOrganizationId, t.OrganizationId);
        w.WriteString(NTitle, t.Title);
        Json(w, NDescription, t.Description);
        w.WriteString(NStatus, StatusValue(t.Status));
        NullableString(w, NAssignee, t.Assignee);
        Date(w, NCompletedAt, t.CompletedAt);
        Date(w, NUpdatedAt, t.UpdatedAt);
        w.WriteEndObject();
    }

    private static readonly JsonEncodedText[] StatusValues =
        [.. Enum.GetValues<WorkTaskStatus>().Select(status => JsonEncodedText.Encode(status.ToWire()))];

    private static JsonEncodedText StatusValue(WorkTaskStatus status) => StatusValues[(int)status];

    /// <summary>ISO 8601 UTC with exactly three fraction digits and Z (JavaScript's Date.toJSON()).</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Date(Utf8JsonWriter w, JsonEncodedText name, DateTimeOffset? value)
    {
        if (value is not { } v)
        {
            w.WriteNull(name);
            return;
        }

        Span<byte> utf8 = stackalloc byte[24];
        FormatTimestamp(v.UtcDateTime, utf8);
        w.WriteString(name, utf8);
    }

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

    private static void NullableString(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void Json(Utf8JsonWriter w, JsonEncodedText name, JsonElement? value)
    {
        w.WritePropertyName(name);
        if (value is { } element)
        {
            element.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
    }
}
