using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Platform.Application.Common;
using Platform.Application.Common.Validation;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// The dialect's one argument decoder: a tool's JSON arguments deserialize strictly into its request
/// (<see cref="ZukoJson"/>). A missing required argument, a wrong type, an unknown enum value or an
/// unparseable timestamp is a VALIDATION_ERROR naming the field (an isError result, never a 500).
/// Unknown arguments are ignored, as the original (zod) tools did.
/// </summary>
internal static class ZukoArguments
{
    public static T Decode<T>(JsonElement? input, JsonTypeInfo<T> typeInfo, IReadOnlyList<string> required)
    {
        var element = input is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value ? value : EmptyObject;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ValidationFailedException.ForField("arguments must be a JSON object", "arguments");
        }

        foreach (var name in required)
        {
            if (!element.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
            {
                throw ValidationFailedException.ForField($"{name} is required", name);
            }
        }

        try
        {
            return element.Deserialize(typeInfo)!;
        }
        catch (JsonException ex)
        {
            throw Invalid(typeInfo, ex);
        }
    }

    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}");

    /// <summary>The member the decoder stopped at, and what it must be (from the member's declared type).</summary>
    private static ValidationFailedException Invalid(JsonTypeInfo request, JsonException ex)
    {
        var path = ex.Path ?? "$";
        var name = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..].Split('.', '[')[0] : "";
        var property = request.Properties.FirstOrDefault(p => p.Name == name);
        if (property is null)
        {
            return ValidationFailedException.ForField("arguments are not valid", "arguments");
        }

        var type = Unwrap(property.PropertyType);
        if (type == typeof(string) && ex.InnerException is InvalidOperationException)
        {
            // System.Text.Json cannot unescape a lone surrogate ("\ud800"): the application's text rule failing.
            return TextRule.Invalid(name, TextRule.InvalidUnicodeMessage);
        }

        var expected = type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "must be an integer",
            _ when type == typeof(string) => "must be a string",
            _ when type == typeof(WorkTaskStatus) => $"must be one of {string.Join(", ", WorkTaskStatusNames.All)}",
            _ when type == typeof(DateTimeOffset) => "must be an ISO 8601 timestamp (e.g. 2025-01-31T12:00:00.000Z)",
            _ => "is not valid",
        };
        return ValidationFailedException.ForField($"{name} {expected}", name);
    }

    private static Type Unwrap(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            type = type.GetGenericArguments()[0];
        }

        return Nullable.GetUnderlyingType(type) ?? type;
    }
}
