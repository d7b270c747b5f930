using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Platform.Domain.Common;

namespace Platform.Application.Boards.Common;

/// <summary>
/// The field checks every Boards request makes before touching the database. A failing rule takes
/// its message and details (reason, field) from a <see cref="BoardErrors"/> failure; the validation
/// behavior copies the details (the rule's state) into the error it throws.
/// </summary>
internal static class BoardValidation
{
    public static IRuleBuilderOptions<T, string?> RequiredSlug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(slug => !string.IsNullOrEmpty(slug)).WithError(BoardErrors.Required("projectSlug"));

    public static IRuleBuilderOptions<T, int?> PositiveId<T>(this IRuleBuilder<T, int?> rule, string field) =>
        rule.Must(id => id > 0).WithError(BoardErrors.PositiveIdRequired(field));

    /// <summary>The rule fails with <paramref name="error"/>'s message and details.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithError<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, PlatformException error) =>
        rule.WithMessage(error.Message).WithState(_ => error.Details);

    /// <summary>Adds <paramref name="error"/> as a failure that names no single field (its details say everything).</summary>
    public static void AddUnnamedFailure<T>(this ValidationContext<T> context, PlatformException error) =>
        context.AddFailure(new ValidationFailure(string.Empty, error.Message) { CustomState = error.Details });
}

/// <summary>RFC 3339 date-times with an offset (<c>Z</c> or <c>±hh:mm</c>), fractional seconds allowed.</summary>
public static partial class Rfc3339
{
    public static bool TryParse(string text, out DateTimeOffset value, out string error)
    {
        value = default;
        if (!Pattern().IsMatch(text))
        {
            error = $"parsing time \"{text}\": not an RFC 3339 date-time (e.g. 2026-04-01T00:00:00Z)";
            return false;
        }

        // .NET reads at most 7 fractional digits; RFC 3339 allows more (only milliseconds are kept).
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = text[..(dot + 8)] + text[end..];
            }
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            error = $"parsing time \"{text}\": date or time out of range";
            return false;
        }

        value = UnixMs.Truncate(parsed.ToUniversalTime());
        error = "";
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>Sprint times travel as Unix milliseconds.</summary>
public static class UnixMs
{
    public static readonly long Min = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    public static readonly long Max = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    public static long From(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? From(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();
}

/// <summary>Reading the fields of a JSON patch object (absent, null and wrongly typed values are told apart).</summary>
internal static class JsonPatch
{
    /// <summary>The patch must be a JSON object whose keys are all in <paramref name="supported"/>.</summary>
    public static Dictionary<string, JsonElement> Fields(JsonElement patch, IReadOnlyCollection<string> supported)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw BoardErrors.PatchNotAnObject($"json: cannot unmarshal {Describe(patch.ValueKind)} into an object");
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in patch.EnumerateObject())
        {
            if (!supported.Contains(property.Name))
            {
                throw BoardErrors.PatchFieldUnsupported(property.Name);
            }

            fields[property.Name] = property.Value;
        }

        return fields;
    }

    /// <summary>An integral JSON number (3 and 3.0 both count) that fits <see cref="long"/>; null otherwise.</summary>
    public static long? Integer(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetInt64(out var exact))
        {
            return exact;
        }

        return value.TryGetDouble(out var d) && Math.Floor(d) == d && d is >= long.MinValue and <= long.MaxValue ? (long)d : null;
    }

    public static int? Int32(JsonElement value) => Integer(value) is { } n && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "value",
    };
}
