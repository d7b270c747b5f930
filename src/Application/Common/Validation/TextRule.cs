using System.Text.Json;
using FluentValidation;
using Platform.Domain.Common;

namespace Platform.Application.Common.Validation;

/// <summary>
/// The one rule for text the application accepts, whatever the transport: a string must be valid
/// Unicode (every UTF-16 surrogate paired: a lone <c>\ud800</c> or <c>\udc00</c> is no character and
/// cannot be stored as UTF-8) and must not contain NUL (U+0000, which PostgreSQL cannot store in
/// <c>text</c> or <c>jsonb</c>). Everything else is allowed: other control characters, noncharacters,
/// zero-width and bidirectional controls (U+202A–U+202E, U+2066–U+2069) are legitimate in
/// right-to-left and mixed text, and showing them safely is the reader's job (decision 0005).
/// </summary>
public static class TextRule
{
    public const string NulMessage = TextRules.NulMessage;

    public const string InvalidUnicodeMessage = TextRules.InvalidUnicodeMessage;

    /// <summary>Null when <paramref name="value"/> is acceptable, else the problem (without the field).</summary>
    public static string? Problem(ReadOnlySpan<char> value) => TextRules.Problem(value);

    public static bool IsValid(ReadOnlySpan<char> value) => Problem(value) is null;

    public const string NameControlMessage = TextRules.NameControlMessage;

    /// <summary>The rule for names shown to other people (<see cref="TextRules.NameProblem"/>).</summary>
    public static string? NameProblem(ReadOnlySpan<char> value) => TextRules.NameProblem(value);

    /// <summary>The message of a failure: <c>title: text contains a NUL character</c>.</summary>
    public static string Message(string field, string problem) => $"{field}: {problem}";

    /// <summary>The validation error a transport throws when its own decoding meets invalid text.</summary>
    public static ValidationFailedException Invalid(string field, string problem) =>
        ValidationFailedException.ForField(Message(field, problem), field);

    /// <summary>
    /// The first problem inside a JSON value (strings and member names at any depth), with the path
    /// below <paramref name="field"/> where it was found; null when the value is clean. A lone
    /// surrogate written as an escape (<c>"\ud800"</c>) cannot even be read as a .NET string.
    /// </summary>
    public static (string Path, string Problem)? FindInJson(JsonElement value, string field) => FindInJson(value, field, 0);

    private static (string Path, string Problem)? FindInJson(JsonElement value, string path, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return ReadString(value) is { } problem ? (path, problem) : null;
            case JsonValueKind.Array when depth < RequestText.MaxDepth:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (FindInJson(item, $"{path}[{index}]", depth + 1) is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;
            case JsonValueKind.Object when depth < RequestText.MaxDepth:
                foreach (var property in value.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return (path, InvalidUnicodeMessage);
                    }

                    if (Problem(name) is { } nameProblem)
                    {
                        return (path, nameProblem);
                    }

                    if (FindInJson(property.Value, path + Segment(name), depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string? ReadString(JsonElement value)
    {
        try
        {
            return Problem(value.GetString());
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape a lone surrogate.
            return InvalidUnicodeMessage;
        }
    }

    /// <summary>A member name joins the path only when it is a plain identifier (never echo odd text).</summary>
    private static string Segment(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return "";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return "";
            }
        }

        return "." + name;
    }
}

/// <summary>FluentValidation rules of <see cref="TextRule"/>, for validators that name a field explicitly.</summary>
public static class TextRuleExtensions
{
    /// <summary>Fails a string that holds NUL or a lone surrogate: <c>title: text contains a NUL character</c>.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> ValidText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((value, context) =>
        {
            if (value is not null && TextRule.Problem(value) is { } problem)
            {
                var field = RequestText.CamelPath(context.PropertyPath);
                context.AddFailure(context.PropertyPath, TextRule.Message(field, problem));
            }
        });

    /// <summary>The same for a JSON value: its strings and member names at any depth.</summary>
    public static IRuleBuilderOptionsConditions<T, JsonElement?> ValidText<T>(this IRuleBuilder<T, JsonElement?> rule) =>
        rule.Custom((value, context) =>
        {
            if (value is { } json && TextRule.FindInJson(json, RequestText.CamelPath(context.PropertyPath)) is { } found)
            {
                context.AddFailure(context.PropertyPath, TextRule.Message(found.Path, found.Problem));
            }
        });
}

/// <summary>
/// Exempts a request (or one property) from the generic text check of <see cref="RequestText"/>:
/// only for protocol values whose transport answers with its own error protocol and checks them
/// itself (the OAuth authorization server). The reason is required, to be read in review.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, Inherited = false)]
public sealed class TextRuleExemptAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

/// <summary>
/// A request property holding a name shown to other people: <see cref="TextRule.NameProblem"/> applies
/// to it (and to each string of a list) instead of the general rule.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class NameTextAttribute : Attribute;
