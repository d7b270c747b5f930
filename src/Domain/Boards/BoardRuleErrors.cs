using Platform.Domain.Common;

namespace Platform.Domain.Boards;

/// <summary>
/// The failures of the Boards domain rules (todos, projects, workflows, sprints, tags, members).
/// Messages are neutral; each carries a stable <c>reason</c> in its details, and the values its
/// wording needs, so every dialect words it its own way. The application's
/// <c>Platform.Application.Boards.BoardErrors</c> lists these reasons with its own.
/// </summary>
public static class BoardRuleErrors
{
    public const string ReasonKey = "reason";

    public const string InvalidTitle = "invalid_title";
    public const string BodyTooLarge = "body_too_large";
    public const string InvalidEstimation = "invalid_estimation";
    public const string TooManyTags = "too_many_tags";
    public const string InvalidTag = "invalid_tag";
    public const string InvalidTagColor = "invalid_tag_color";
    public const string InvalidSlug = "invalid_slug";
    public const string InvalidProjectName = "invalid_project_name";
    public const string SlugNotDerivable = "slug_not_derivable";
    public const string WorkflowColumnCount = "workflow_column_count";
    public const string InvalidWorkflowKey = "invalid_workflow_key";
    public const string DuplicateWorkflowKey = "duplicate_workflow_key";
    public const string InvalidWorkflowName = "invalid_workflow_name";
    public const string InvalidWorkflowColor = "invalid_workflow_color";
    public const string WorkflowDoneColumn = "workflow_done_column";
    public const string InvalidSprintName = "invalid_sprint_name";
    public const string SprintNotPlanned = "sprint_not_planned";
    public const string SprintEnded = "sprint_ended";
    public const string SprintNotActive = "sprint_not_active";
    public const string ActiveSprintDates = "active_sprint_fields";
    public const string ClosedSprintDates = "closed_sprint_dates";
    public const string InvalidSprintRange = "invalid_sprint_range";
    public const string ReferencesOutOfOrder = "references_out_of_order";
    public const string RankUnavailable = "rank_unavailable";
    public const string CannotDemoteSelf = "cannot_demote_self";
    public const string LastMaintainerDemotion = "last_maintainer_demotion";
    public const string LastMaintainerRemoval = "last_maintainer_removal";

    /// <summary>The detail naming the value a tag, colour or workflow failure is about.</summary>
    public const string ValueKey = "value";

    public static ValidationFailedException TitleInvalid() =>
        Invalid(InvalidTitle, $"title must be 1 to {TodoRules.MaxTitleBytes} UTF-8 bytes after trimming");

    public static ValidationFailedException BodyTooLong() =>
        Invalid(BodyTooLarge, $"body must be at most {TodoRules.MaxBodyBytes} UTF-8 bytes");

    public static ValidationFailedException EstimationInvalid() =>
        Invalid(InvalidEstimation, $"estimationPoints must be one of {string.Join(", ", TodoRules.AllowedPoints)}");

    public static ValidationFailedException TagsTooMany() =>
        Invalid(TooManyTags, $"a todo has at most {TodoRules.MaxTags} tags");

    /// <summary>A tag name that does not canonicalize (the raw name, possibly null, is the detail <c>value</c>).</summary>
    public static ValidationFailedException TagInvalid(string? name) =>
        Invalid(InvalidTag, $"\"{name}\" is not a valid tag name", (ValueKey, name));

    public static ValidationFailedException TagColorInvalid(string color) =>
        Invalid(InvalidTagColor, $"tag color \"{color}\" is not #RRGGBB", (ValueKey, color));

    public static ValidationFailedException SlugInvalid() =>
        Invalid(InvalidSlug, "the project slug is not valid (1 to 32 of a-z, 0-9 and single inner hyphens)");

    public static ValidationFailedException ProjectNameInvalid() =>
        Invalid(InvalidProjectName, $"project name must be 1 to {Project.MaxNameBytes} UTF-8 bytes after trimming");

    public static ValidationFailedException SlugCannotBeDerived() =>
        Invalid(SlugNotDerivable, "the project name has no letter or digit to build a slug from");

    public static ValidationFailedException WorkflowSize() =>
        Workflow(WorkflowColumnCount, $"a workflow has {Boards.Workflow.MinColumns} to {Boards.Workflow.MaxColumns} columns");

    public static ValidationFailedException WorkflowKeyInvalid(string key) =>
        Workflow(InvalidWorkflowKey, $"workflow column key \"{key}\" is not valid", key);

    public static ValidationFailedException WorkflowKeyDuplicate(string key) =>
        Workflow(DuplicateWorkflowKey, $"workflow column key \"{key}\" is used twice", key);

    public static ValidationFailedException WorkflowNameInvalid(string key) =>
        Workflow(InvalidWorkflowName, $"workflow column \"{key}\" needs a name of 1 to {WorkflowColumn.MaxNameLength} characters", key);

    public static ValidationFailedException WorkflowColorInvalid(string color) =>
        Workflow(InvalidWorkflowColor, $"workflow column color \"{color}\" is not #RRGGBB", color);

    public static ValidationFailedException WorkflowDoneColumnCount() =>
        Workflow(WorkflowDoneColumn, "a workflow has exactly one done column");

    public static ValidationFailedException SprintNameInvalid() =>
        Invalid(InvalidSprintName, $"sprint name must be 1 to {Sprint.MaxNameBytes} UTF-8 bytes after trimming");

    public static ValidationFailedException NotPlanned() =>
        Invalid(SprintNotPlanned, "only a planned sprint can be activated", ("field", "sprintId"));

    public static ValidationFailedException EndedBeforeActivation() =>
        Invalid(SprintEnded, "the sprint's planned end is not after now", ("field", "plannedEndAt"));

    public static ValidationFailedException NotActive() =>
        Invalid(SprintNotActive, "only an active sprint can be closed", ("field", "sprintId"));

    public static ValidationFailedException ActiveSprintChange() =>
        Invalid(ActiveSprintDates, "an active sprint only accepts a new planned end");

    public static ValidationFailedException ClosedSprintChange() =>
        Invalid(ClosedSprintDates, "a closed sprint's dates cannot change");

    public static ValidationFailedException SprintRangeInvalid() =>
        Invalid(InvalidSprintRange, "the planned end must not precede the planned start");

    public static ConflictException ReferencesReversed() =>
        new("the after reference must sort before the before reference", Reason(ReferencesOutOfOrder));

    public static ConflictException NoRankLeft() =>
        new("no rank is left between the references", Reason(RankUnavailable));

    public static ConflictException SelfDemotion() =>
        new("a maintainer cannot demote themselves", Reason(CannotDemoteSelf));

    public static ConflictException LastMaintainerDemoted() =>
        new("the project's last maintainer cannot be demoted", Reason(LastMaintainerDemotion));

    public static ValidationFailedException LastMaintainerRemoved() =>
        Invalid(LastMaintainerRemoval, "the project's last maintainer cannot be removed");

    /// <summary>Details of <paramref name="entries"/> followed by the reason (insertion order is the wire order).</summary>
    public static Dictionary<string, object?> Reason(string reason, params (string Key, object? Value)[] entries)
    {
        var details = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            details[key] = value;
        }

        details[ReasonKey] = reason;
        return details;
    }

    private static ValidationFailedException Invalid(string reason, string message, params (string Key, object? Value)[] entries) =>
        new(message, Reason(reason, entries));

    private static ValidationFailedException Workflow(string reason, string message, string? value = null) =>
        value is null ? Invalid(reason, message, ("field", "workflow")) : Invalid(reason, message, ("field", "workflow"), (ValueKey, value));
}
