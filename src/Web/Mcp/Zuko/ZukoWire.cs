using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Application.Organizations.Organizations;
using Platform.Application.Organizations.Tasks;
using Platform.Domain.Organizations;

namespace Platform.Web.Mcp.Zuko;

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

    public static ZukoToolResult Object<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            write(writer, value);
        }

        return new ZukoToolResult(Encoding.UTF8.GetString(buffer.WrittenSpan), JsonElement.Parse(buffer.WrittenSpan));
    }

    public static ZukoToolResult List<T>(string key, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + (items.Count * 512));
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

        // {"<key>":<the same array>} without writing the items twice.
        var prefixLength = key.Length + 4;
        var wrapped = new byte[prefixLength + array.Length + 1];
        wrapped[0] = (byte)'{';
        wrapped[1] = (byte)'"';
        Encoding.ASCII.GetBytes(key, wrapped.AsSpan(2));
        wrapped[key.Length + 2] = (byte)'"';
        wrapped[key.Length + 3] = (byte)':';
        array.CopyTo(wrapped.AsSpan(prefixLength));
        wrapped[^1] = (byte)'}';
        return new ZukoToolResult(text, JsonElement.Parse(wrapped));
    }

    public static void Organization(Utf8JsonWriter w, OrganizationMembershipDto o)
    {
        w.WriteStartObject();
        w.WriteNumber("id", o.Id);
        w.WriteString("name", o.Name);
        w.WriteString("slug", o.Slug);
        w.WriteString("role", o.Role.ToWire());
        w.WriteEndObject();
    }

    public static void TaskSummary(Utf8JsonWriter w, TaskSummaryDto t)
    {
        w.WriteStartObject();
        w.WriteNumber("id", t.Id);
        w.WriteNumber("organizationId", t.OrganizationId);
        w.WriteString("title", t.Title);
        Json(w, "description", t.Description);
        w.WriteString("status", t.Status.ToWire());
        Date(w, "completedAt", t.CompletedAt);
        NullableString(w, "assignee", t.Assignee);
        Date(w, "createdAt", t.CreatedAt);
        Date(w, "updatedAt", t.UpdatedAt);
        w.WriteEndObject();
    }

    public static void TaskDetail(Utf8JsonWriter w, TaskDetailDto t)
    {
        w.WriteStartObject();
        w.WriteNumber("id", t.Id);
        w.WriteNumber("organizationId", t.OrganizationId);
        w.WriteString("title", t.Title);
        Json(w, "description", t.Description);
        w.WriteString("status", t.Status.ToWire());
        Date(w, "completedAt", t.CompletedAt);
        if (t.ParentId is { } parentId)
        {
            w.WriteNumber("parentId", parentId);
        }
        else
        {
            w.WriteNull("parentId");
        }

        NullableString(w, "assignee", t.Assignee);
        Date(w, "createdAt", t.CreatedAt);
        Date(w, "updatedAt", t.UpdatedAt);

        w.WriteStartArray("owners");
        foreach (var owner in t.Owners)
        {
            w.WriteStartObject();
            w.WriteNumber("id", owner.Id);
            w.WriteNumber("taskId", owner.TaskId);
            w.WriteNumber("userId", owner.UserId);
            w.WriteBoolean("isPrimary", owner.IsPrimary);
            Date(w, "assignedAt", owner.AssignedAt);
            if (owner.User is { } user)
            {
                w.WriteStartObject("user");
                w.WriteNumber("id", user.Id);
                w.WriteString("name", user.Name);
                w.WriteString("email", user.Email);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("user");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("subtasks");
        foreach (var subtask in t.Subtasks)
        {
            w.WriteStartObject();
            w.WriteNumber("id", subtask.Id);
            w.WriteString("title", subtask.Title);
            w.WriteString("status", subtask.Status.ToWire());
            Date(w, "completedAt", subtask.CompletedAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        if (t.Parent is { } parent)
        {
            w.WriteStartObject("parent");
            w.WriteNumber("id", parent.Id);
            w.WriteString("title", parent.Title);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("parent");
        }

        w.WriteEndObject();
    }

    public static void CreatedTask(Utf8JsonWriter w, CreatedTaskDto t)
    {
        w.WriteStartObject();
        w.WriteNumber("id", t.Id);
        w.WriteNumber("organizationId", t.OrganizationId);
        w.WriteString("title", t.Title);
        Json(w, "description", t.Description);
        w.WriteString("status", t.Status.ToWire());
        NullableString(w, "assignee", t.Assignee);
        Date(w, "createdAt", t.CreatedAt);
        w.WriteEndObject();
    }

    public static void UpdatedTask(Utf8JsonWriter w, UpdatedTaskDto t)
    {
        w.WriteStartObject();
        w.WriteNumber("id", t.Id);
        w.WriteNumber("organizationId", t.OrganizationId);
        w.WriteString("title", t.Title);
        Json(w, "description", t.Description);
        w.WriteString("status", t.Status.ToWire());
        NullableString(w, "assignee", t.Assignee);
        Date(w, "completedAt", t.CompletedAt);
        Date(w, "updatedAt", t.UpdatedAt);
        w.WriteEndObject();
    }

    /// <summary>ISO 8601 UTC with exactly three fraction digits and Z (JavaScript's Date.toJSON()).</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Date(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is not { } v)
        {
            w.WriteNull(name);
            return;
        }

        Span<char> chars = stackalloc char[24];
        v.UtcDateTime.TryFormat(chars, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        w.WriteString(name, chars[..written]);
    }

    private static void NullableString(Utf8JsonWriter w, string name, string? value)
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

    private static void Json(Utf8JsonWriter w, string name, JsonElement? value)
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
