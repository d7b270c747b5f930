using System.Globalization;
using System.Text;

namespace Platform.Domain.Common;

/// <summary>
/// The core of the application's one text rule (decision 0005), here so that entities enforce the
/// same rule as requests: text is valid Unicode without NUL; names shown to other people also carry
/// no control or format characters. <c>Platform.Application.Common.Validation.TextRule</c> applies it
/// to requests and JSON and words its failures.
/// </summary>
public static class TextRules
{
    public const string NulMessage = "text contains a NUL character";

    public const string InvalidUnicodeMessage = "text is not valid Unicode (unpaired surrogate)";

    /// <summary>Null when <paramref name="value"/> is acceptable, else the problem.</summary>
    public static string? Problem(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return NulMessage;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return InvalidUnicodeMessage;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return InvalidUnicodeMessage;
            }
        }

        return null;
    }

    public const string NameControlMessage = "text contains a control or format character (not allowed in names)";

    /// <summary>
    /// The rule for names shown to other people (users, projects, organizations, OAuth clients, tags):
    /// <see cref="Problem"/>, and no Unicode control (Cc) or format (Cf) character, so a name cannot
    /// reorder what is shown around it (U+202E) or hide text (U+200B, U+FEFF). Zero-width (non-)joiners
    /// U+200C/U+200D stay: Persian and Indic names and emoji sequences need them. Tag characters
    /// (U+E0020–U+E007F, invisible text that can smuggle instructions to an agent) are format characters too.
    /// </summary>
    public static string? NameProblem(ReadOnlySpan<char> value)
    {
        if (Problem(value) is { } problem)
        {
            return problem;
        }

        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is not (0x200C or 0x200D)
                && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                return NameControlMessage;
            }
        }

        return null;
    }
}
