using System.Text.RegularExpressions;

namespace Platform.Domain.Boards;

/// <summary>One lane of a project's workflow. Board column order is <see cref="Position"/> ascending.</summary>
public sealed class WorkflowColumn
{
    public const int MaxKeyLength = 32;
    public const int MaxNameLength = 100;

    private WorkflowColumn()
    {
    }

    public int Id { get; private set; }

    public int ProjectId { get; private set; }

    public string Key { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Color { get; private set; } = "";

    public int Position { get; private set; }

    public bool IsDone { get; private set; }

    public static WorkflowColumn For(int projectId, WorkflowColumnSpec spec, int position) =>
        new()
        {
            ProjectId = projectId,
            Key = spec.Key,
            Name = spec.Name,
            Color = spec.Color,
            Position = position,
            IsDone = spec.IsDone,
        };
}

/// <summary>A validated lane description (key, name, color, done flag); the list order is the position.</summary>
public sealed record WorkflowColumnSpec(string Key, string Name, string Color, bool IsDone);

/// <summary>A requested lane, as sent by a caller (unvalidated).</summary>
public sealed record WorkflowColumnRequest(string? Key, string? Name, string? Color, bool IsDone);

/// <summary>The workflow rules: the default five lanes and the invariants of a custom workflow.</summary>
public static partial class Workflow
{
    public const int MinColumns = 2;
    public const int MaxColumns = 12;
    public const string DefaultCustomColor = "#64748b";

    public static readonly IReadOnlyList<WorkflowColumnSpec> Default =
    [
        new("backlog", "Backlog", "#9CA3AF", false),
        new("not_started", "Not Started", "#F59E0B", false),
        new("doing", "In Progress", "#10B981", false),
        new("testing", "Testing", "#3B82F6", false),
        new("done", "Done", "#EF4444", true),
    ];

    public static bool IsValidKey(string key) => key.Length <= WorkflowColumn.MaxKeyLength && KeyPattern().IsMatch(key);

    /// <summary>
    /// Validates a custom workflow: 2..12 lanes, keys matching <c>^[a-z0-9](?:[a-z0-9_]*[a-z0-9])?$</c>
    /// (≤ 32, unique), a name, a <c>#RRGGBB</c> color (blank ⇒ <c>#64748b</c>) and exactly one done lane.
    /// </summary>
    public static IReadOnlyList<WorkflowColumnSpec> Validate(IReadOnlyList<WorkflowColumnRequest> columns)
    {
        if (columns.Count is < MinColumns or > MaxColumns)
        {
            throw BoardRuleErrors.WorkflowSize();
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var specs = new List<WorkflowColumnSpec>(columns.Count);
        foreach (var column in columns)
        {
            var key = (column.Key ?? "").Trim();
            if (!IsValidKey(key))
            {
                throw BoardRuleErrors.WorkflowKeyInvalid(key);
            }

            if (!keys.Add(key))
            {
                throw BoardRuleErrors.WorkflowKeyDuplicate(key);
            }

            var name = (column.Name ?? "").Trim();
            if (name.Length == 0 || name.Length > WorkflowColumn.MaxNameLength)
            {
                throw BoardRuleErrors.WorkflowNameInvalid(key);
            }

            var color = (column.Color ?? "").Trim();
            if (color.Length == 0)
            {
                color = DefaultCustomColor;
            }
            else if (!HexColor.IsValid(color))
            {
                throw BoardRuleErrors.WorkflowColorInvalid(color);
            }

            specs.Add(new WorkflowColumnSpec(key, name, color, column.IsDone));
        }

        if (specs.Count(s => s.IsDone) != 1)
        {
            throw BoardRuleErrors.WorkflowDoneColumnCount();
        }

        return specs;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9_]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}

/// <summary>Column keys as agents type them: trimmed, lower-case, with the common aliases of the default lanes.</summary>
public static class ColumnKeys
{
    public const string Backlog = "backlog";

    /// <summary>
    /// <c>not-started</c> ⇒ <c>not_started</c>; <c>in_progress</c>/<c>in-progress</c> ⇒ <c>doing</c>;
    /// anything else is the trimmed lower-case text (custom lanes). Existence is checked against the workflow later.
    /// </summary>
    public static string Normalize(string? raw)
    {
        var key = (raw ?? "").Trim().ToLowerInvariant();
        return key switch
        {
            "not-started" => "not_started",
            "in_progress" or "in-progress" => "doing",
            _ => key,
        };
    }
}

/// <summary><c>#RRGGBB</c> colors (hex digits of either case).</summary>
public static class HexColor
{
    public static bool IsValid(string? color)
    {
        if (color is not { Length: 7 } || color[0] != '#')
        {
            return false;
        }

        for (var i = 1; i < 7; i++)
        {
            if (!char.IsAsciiHexDigit(color[i]))
            {
                return false;
            }
        }

        return true;
    }
}
