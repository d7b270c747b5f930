using System.Globalization;
using System.Text.Json;
using Platform.Application.Common;
using Platform.Application.Common.Validation;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// Decodes a tool's JSON arguments with the types its input schema declares. A wrong type or an
/// unknown enum value is a VALIDATION_ERROR naming the field (shown as an isError result, never a
/// 500). Unknown arguments are ignored, as the original (zod) tools did.
/// </summary>
internal readonly struct ZukoArguments
{
    private readonly JsonElement _root;
    private readonly bool _present;

    private ZukoArguments(JsonElement root)
    {
        _root = root;
        _present = true;
    }

    public static ZukoArguments From(JsonElement? input)
    {
        if (input is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return default;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ValidationFailedException.ForField("arguments must be a JSON object", "arguments");
        }

        return new ZukoArguments(element);
    }

    /// <summary>True when the argument is supplied (even as null).</summary>
    public bool TryGet(string name, out JsonElement value)
    {
        if (_present && _root.TryGetProperty(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public int RequiredInt(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Invalid(name, $"{name} is required");
        }

        return AsInt(name, value);
    }

    /// <summary>Absent or null → null.</summary>
    public int? OptionalInt(string name) =>
        TryGet(name, out var value) && value.ValueKind != JsonValueKind.Null ? AsInt(name, value) : null;

    public string? RequiredString(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Invalid(name, $"{name} is required");
        }

        return AsString(name, value);
    }

    /// <summary>Absent or null → null.</summary>
    public string? OptionalString(string name) =>
        TryGet(name, out var value) && value.ValueKind != JsonValueKind.Null ? AsString(name, value) : null;

    /// <summary>For partial updates: absent → none; null → clear (only when <paramref name="nullable"/>).</summary>
    public Optional<string?> StringPatch(string name, bool nullable)
    {
        if (!TryGet(name, out var value))
        {
            return Optional<string?>.None;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return nullable ? Optional<string?>.Of(null) : throw Invalid(name, $"{name} must be a string");
        }

        return AsString(name, value);
    }

    /// <summary>Absent or null → null.</summary>
    public WorkTaskStatus? OptionalStatus(string name) =>
        TryGet(name, out var value) && value.ValueKind != JsonValueKind.Null ? AsStatus(name, value) : null;

    public Optional<WorkTaskStatus> StatusPatch(string name) =>
        TryGet(name, out var value) ? AsStatus(name, value) : Optional<WorkTaskStatus>.None;

    /// <summary>Any JSON value (a JSON null included) when supplied.</summary>
    public Optional<JsonElement> Json(string name) =>
        TryGet(name, out var value) ? value.Clone() : Optional<JsonElement>.None;

    /// <summary>An ISO 8601 timestamp; null clears; absent → none.</summary>
    public Optional<DateTimeOffset?> TimestampPatch(string name)
    {
        if (!TryGet(name, out var value))
        {
            return Optional<DateTimeOffset?>.None;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<DateTimeOffset?>.Of(null);
        }

        var text = value.ValueKind == JsonValueKind.String ? Text(name, value) : "";
        return TryParseIso8601(text, out var parsed)
            ? Optional<DateTimeOffset?>.Of(parsed)
            : throw Invalid(name, $"{name} must be an ISO 8601 timestamp (e.g. 2025-01-31T12:00:00.000Z)");
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

    private static int AsInt(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Invalid(name, $"{name} must be an integer");

    private static string AsString(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? Text(name, value) : throw Invalid(name, $"{name} must be a string");

    /// <summary>
    /// A JSON string as .NET text: System.Text.Json cannot unescape a lone surrogate (<c>"\ud800"</c>),
    /// which is the application's text rule failing, so it is answered with that rule's message.
    /// </summary>
    private static string Text(string name, JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw TextRule.Invalid(name, TextRule.InvalidUnicodeMessage);
        }
    }

    private static WorkTaskStatus AsStatus(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.String && WorkTaskStatusNames.TryParse(Text(name, value), out var status)
            ? status
            : throw Invalid(name, $"{name} must be one of {string.Join(", ", WorkTaskStatusNames.All)}");

    private static ValidationFailedException Invalid(string field, string message) => ValidationFailedException.ForField(message, field);
}
