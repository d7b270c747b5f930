using System.Collections.Frozen;
using System.Globalization;
using Platform.Application.Boards;
using Platform.Domain.Boards;

namespace Platform.Web.Http;

/// <summary>
/// Scrumboy's wording of the Boards module's failures (envelope-dialect.md), used by both of its
/// transports: the /mcp envelope and the /api error object (ProblemDetails included). A failure whose
/// <c>reason</c> is one of <see cref="BoardErrors"/> gets Scrumboy's exact message, and its details lose
/// the reason and any value only the message needed; every other failure passes unchanged (an
/// Organizations or Identity <c>reason</c> stays where it is).
/// </summary>
public static class ScrumboyMessages
{
    private delegate string Text(IReadOnlyDictionary<string, object?> details);

    /// <summary>How Scrumboy says one reason: the message, and the detail keys its wire does not show.</summary>
    private sealed record Wording(Text Message, params string[] Hidden);

    private static readonly FrozenDictionary<string, Wording> Wordings = new Dictionary<string, Wording>(StringComparer.Ordinal)
    {
        [BoardErrors.FieldRequired] = new(d => $"missing {Field(d)}"),
        [BoardErrors.InvalidField] = new(d => $"invalid {Field(d)}"),
        [BoardErrors.FieldNotNullable] = new(d => $"{Field(d)} cannot be null"),
        [BoardErrors.UnsupportedPatchField] = Fixed("unsupported patch field"),
        [BoardErrors.PatchNotObject] = Fixed("invalid patch"),
        [BoardErrors.TooLong] = new(d => $"validation: {Field(d)} too long"),
        [BoardErrors.EmptyColor] = Fixed("color cannot be empty; use null to clear"),
        [BoardErrors.UnsupportedRole] = Fixed("unsupported role"),

        [BoardErrors.OneReferenceOnly] = Fixed("at most one neighbor reference may be set"),
        [BoardErrors.SelfReference] = new(d => $"{Field(d)} cannot equal localId"),
        [BoardErrors.InvalidTodoReference] = Fixed("invalid local todo reference"),
        [BoardErrors.ReferenceNotInColumn] = Fixed("position reference must be in target column"),
        [BoardErrors.AmbiguousReference] = new(d => Field(d) == "afterLocalId"
            ? "afterLocalId is ambiguous unless it is already the last item in the target column"
            : "beforeLocalId is ambiguous unless it is already the first item in the target column"),
        [BoardErrors.UnknownColumnCursor] = Fixed("invalid column cursor"),
        [BoardErrors.InvalidBoardCursor] = Fixed("invalid board cursor"),

        [BoardErrors.InvalidColumnKey] = Fixed("validation: invalid columnKey"),
        [BoardErrors.AssigneeNotFound] = Fixed("validation: assignee does not exist"),
        [BoardErrors.AssigneeNotMember] = Fixed("validation: assignee is not a project member"),
        [BoardErrors.UnknownSprint] = Fixed("validation: sprint not found"),
        [BoardErrors.SprintInOtherProject] = Fixed("validation: sprint does not belong to project"),
        [BoardErrors.SprintNameTaken] = Fixed("validation: a sprint with this name already exists in the project"),
        [BoardErrors.SlugUnavailable] = Fixed("conflict: could not allocate a unique slug"),
        [BoardErrors.TagExists] = Fixed("conflict: tag already exists in project"),
        [BoardErrors.AlreadyMember] = Fixed("conflict: user is already a member"),

        [BoardErrors.MaintainerRequired] = Fixed("maintainer or higher required"),
        [BoardErrors.MaintainerRoleRequired] = Fixed("forbidden"),
        [BoardErrors.NotAssignee] = Fixed("forbidden"),
        [BoardErrors.ProjectNotFound] = Fixed("not found"),
        [BoardErrors.TodoNotFound] = Fixed("not found"),
        [BoardErrors.SprintNotFound] = Fixed("not found"),
        [BoardErrors.TagNotFound] = Fixed("not found"),
        [BoardErrors.MemberNotFound] = Fixed("not found"),
        [BoardErrors.UserNotFound] = Fixed("not found"),

        [BoardErrors.InvalidTitle] = Fixed("validation: invalid title"),
        [BoardErrors.BodyTooLarge] = Fixed("validation: body too large"),
        [BoardErrors.InvalidEstimation] = Fixed($"validation: estimation points must be one of {string.Join(',', TodoRules.AllowedPoints)}"),
        [BoardErrors.TooManyTags] = Fixed("validation: too many tags"),
        [BoardErrors.InvalidTag] = new(d => $"validation: invalid tag \"{Value(d)}\"", BoardRuleErrors.ValueKey),
        [BoardErrors.InvalidTagColor] = new(d => $"validation: invalid tag color \"{Value(d)}\"", BoardRuleErrors.ValueKey),
        [BoardErrors.InvalidSlug] = Fixed("validation: invalid slug"),
        [BoardErrors.InvalidProjectName] = Fixed("validation: invalid name"),
        [BoardErrors.SlugNotDerivable] = Fixed("validation: name cannot produce a valid slug"),
        [BoardErrors.WorkflowColumnCount] = Fixed($"validation: workflow must have {Workflow.MinColumns} to {Workflow.MaxColumns} columns"),
        [BoardErrors.InvalidWorkflowKey] = new(d => $"validation: invalid workflow column key \"{Value(d)}\"", BoardRuleErrors.ValueKey),
        [BoardErrors.DuplicateWorkflowKey] = new(d => $"validation: duplicate workflow column key \"{Value(d)}\"", BoardRuleErrors.ValueKey),
        [BoardErrors.InvalidWorkflowName] = new(d => $"validation: invalid workflow column name for \"{Value(d)}\"", BoardRuleErrors.ValueKey),
        [BoardErrors.InvalidWorkflowColor] = new(d => $"validation: invalid workflow column color \"{Value(d)}\"", BoardRuleErrors.ValueKey),
        [BoardErrors.WorkflowDoneColumn] = Fixed("validation: workflow must have exactly one done column"),
        [BoardErrors.InvalidSprintName] = Fixed("validation: invalid sprint name"),
        [BoardErrors.SprintNotPlanned] = Fixed("sprint must be PLANNED to activate"),
        [BoardErrors.SprintEnded] = Fixed("sprint end date is on or before now; cannot activate"),
        [BoardErrors.SprintNotActive] = Fixed("sprint must be ACTIVE to close"),
        [BoardErrors.ActiveSprintDates] = Fixed("validation: only endAt can be updated for ACTIVE sprint"),
        [BoardErrors.ClosedSprintDates] = Fixed("validation: dates cannot be updated for CLOSED sprint"),
        [BoardErrors.InvalidSprintRange] = Fixed("validation: end_at must be >= start_at"),
        [BoardErrors.ReferencesOutOfOrder] = Fixed("conflict: afterId must come before beforeId"),
        [BoardErrors.RankUnavailable] = Fixed("conflict: cannot compute rank"),
        [BoardErrors.CannotDemoteSelf] = Fixed("conflict: cannot demote yourself"),
        [BoardErrors.LastMaintainerDemotion] = Fixed("conflict: cannot demote the last maintainer"),
        [BoardErrors.LastMaintainerRemoval] = Fixed("validation: cannot remove last maintainer"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The reasons Scrumboy words (every reason of <see cref="BoardErrors"/>).</summary>
    public static IReadOnlyCollection<string> Reasons => Wordings.Keys;

    /// <summary>The failure as Scrumboy words it (unchanged unless its reason is a Boards reason).</summary>
    public static ClassifiedError Apply(ClassifiedError error)
    {
        if (error.Rule is null || !TryWord(error.Message, error.Details, out var message, out var details))
        {
            return error;
        }

        return error with { Message = message, Details = details };
    }

    /// <summary>
    /// Scrumboy's message and details for a failure with a Boards <c>reason</c>; false (and the
    /// inputs unchanged) for any other failure.
    /// </summary>
    public static bool TryWord(
        string message, IReadOnlyDictionary<string, object?> details, out string wordedMessage, out IReadOnlyDictionary<string, object?> wordedDetails)
    {
        if (!details.TryGetValue(BoardErrors.ReasonKey, out var reason) || reason is not string code || !Wordings.TryGetValue(code, out var wording))
        {
            (wordedMessage, wordedDetails) = (message, details);
            return false;
        }

        wordedMessage = wording.Message(details);
        var shown = new Dictionary<string, object?>(details.Count, StringComparer.Ordinal);
        foreach (var (key, value) in details)
        {
            if (key != BoardErrors.ReasonKey && Array.IndexOf(wording.Hidden, key) < 0)
            {
                shown[key] = value;
            }
        }

        wordedDetails = shown;
        return true;
    }

    private static Wording Fixed(string message) => new(_ => message);

    private static string Field(IReadOnlyDictionary<string, object?> details) => Detail(details, "field");

    private static string Value(IReadOnlyDictionary<string, object?> details) => Detail(details, BoardRuleErrors.ValueKey);

    private static string Detail(IReadOnlyDictionary<string, object?> details, string key) =>
        details.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" : "";
}
