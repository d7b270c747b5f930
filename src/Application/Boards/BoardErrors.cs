using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.Application.Boards;

/// <summary>
/// The Boards module's expected failures. Messages are neutral; each carries a stable <c>reason</c>
/// (and, for a field, the <c>field</c>) in its details so a dialect can word it its own way: the
/// Scrumboy wording of /mcp and /api lives in <c>Platform.Web.Http.ScrumboyMessages</c>. The domain
/// rules' failures are created by <see cref="BoardRuleErrors"/>; their reasons are listed here too,
/// so this class names every reason of the module. The admin use cases' own failures (Platform's
/// wording, read by no other dialect) carry no reason.
/// </summary>
public static class BoardErrors
{
    public const string ReasonKey = BoardRuleErrors.ReasonKey;

    // Field checks (validators and patch parsing); details {"field"} unless noted.
    public const string FieldRequired = "field_required";
    public const string InvalidField = "invalid_field";
    public const string FieldNotNullable = "field_not_nullable";
    public const string UnsupportedPatchField = "unsupported_patch_field";
    public const string PatchNotObject = "patch_not_object";
    public const string TooLong = "too_long";
    public const string EmptyColor = "empty_color";
    public const string UnsupportedRole = "unsupported_role";

    // Neighbour references and board cursors.
    public const string OneReferenceOnly = "one_reference_only";
    public const string SelfReference = "self_reference";
    public const string InvalidTodoReference = "invalid_todo_reference";
    public const string ReferenceNotInColumn = "reference_not_in_column";
    public const string AmbiguousReference = "ambiguous_reference";
    public const string UnknownColumnCursor = "unknown_column_cursor";
    public const string InvalidBoardCursor = "invalid_board_cursor";

    // Rules of the use cases.
    public const string InvalidColumnKey = "invalid_column_key";
    public const string AssigneeNotFound = "assignee_not_found";
    public const string AssigneeNotMember = "assignee_not_member";
    public const string UnknownSprint = "unknown_sprint";
    public const string SprintInOtherProject = "sprint_in_other_project";
    public const string SprintNameTaken = "sprint_name_taken";
    public const string SlugUnavailable = "slug_unavailable";
    public const string TagExists = "tag_exists";
    public const string AlreadyMember = "already_member";

    // Permissions and lookups.
    public const string MaintainerRequired = "maintainer_required";
    public const string MaintainerRoleRequired = "maintainer_role_required";
    public const string NotAssignee = "not_assignee";
    public const string ProjectNotFound = "project_not_found";
    public const string TodoNotFound = "todo_not_found";
    public const string SprintNotFound = "sprint_not_found";
    public const string TagNotFound = "tag_not_found";
    public const string MemberNotFound = "member_not_found";
    public const string UserNotFound = "user_not_found";

    // The domain rules' reasons (created by BoardRuleErrors).
    public const string InvalidTitle = BoardRuleErrors.InvalidTitle;
    public const string BodyTooLarge = BoardRuleErrors.BodyTooLarge;
    public const string InvalidEstimation = BoardRuleErrors.InvalidEstimation;
    public const string TooManyTags = BoardRuleErrors.TooManyTags;
    public const string InvalidTag = BoardRuleErrors.InvalidTag;
    public const string InvalidTagColor = BoardRuleErrors.InvalidTagColor;
    public const string InvalidSlug = BoardRuleErrors.InvalidSlug;
    public const string InvalidProjectName = BoardRuleErrors.InvalidProjectName;
    public const string SlugNotDerivable = BoardRuleErrors.SlugNotDerivable;
    public const string WorkflowColumnCount = BoardRuleErrors.WorkflowColumnCount;
    public const string InvalidWorkflowKey = BoardRuleErrors.InvalidWorkflowKey;
    public const string DuplicateWorkflowKey = BoardRuleErrors.DuplicateWorkflowKey;
    public const string InvalidWorkflowName = BoardRuleErrors.InvalidWorkflowName;
    public const string InvalidWorkflowColor = BoardRuleErrors.InvalidWorkflowColor;
    public const string WorkflowDoneColumn = BoardRuleErrors.WorkflowDoneColumn;
    public const string InvalidSprintName = BoardRuleErrors.InvalidSprintName;
    public const string SprintNotPlanned = BoardRuleErrors.SprintNotPlanned;
    public const string SprintEnded = BoardRuleErrors.SprintEnded;
    public const string SprintNotActive = BoardRuleErrors.SprintNotActive;
    public const string ActiveSprintDates = BoardRuleErrors.ActiveSprintDates;
    public const string ClosedSprintDates = BoardRuleErrors.ClosedSprintDates;
    public const string InvalidSprintRange = BoardRuleErrors.InvalidSprintRange;
    public const string ReferencesOutOfOrder = BoardRuleErrors.ReferencesOutOfOrder;
    public const string RankUnavailable = BoardRuleErrors.RankUnavailable;
    public const string CannotDemoteSelf = BoardRuleErrors.CannotDemoteSelf;
    public const string LastMaintainerDemotion = BoardRuleErrors.LastMaintainerDemotion;
    public const string LastMaintainerRemoval = BoardRuleErrors.LastMaintainerRemoval;

    /// <summary>An absent or empty required field.</summary>
    public static ValidationFailedException Required(string field) => Field(FieldRequired, $"{field} is required", field);

    public static ValidationFailedException PositiveIdRequired(string field) => Field(InvalidField, $"{field} must be a positive integer", field);

    public static ValidationFailedException PositiveIdsRequired(string field) => Field(InvalidField, $"{field} must hold positive integers only", field);

    public static ValidationFailedException OutOfRange(string field, int min, int max) => Field(InvalidField, $"{field} must be from {min} to {max}", field);

    /// <summary>The board's tag filter does not canonicalize to a tag name.</summary>
    public static ValidationFailedException TagFilterInvalid() => Field(InvalidField, "tag is not a valid tag name", "tag");

    /// <summary>A patch value of the wrong JSON type (<paramref name="expected"/>: "a string", "an integer", …).</summary>
    public static ValidationFailedException WrongType(string field, string expected) => Field(InvalidField, $"{field} must be {expected}", field);

    /// <summary>A date-time that is not RFC 3339; <paramref name="detail"/> says why.</summary>
    public static ValidationFailedException TimeInvalid(string field, string detail) =>
        new($"{field} must be an RFC 3339 date-time with an offset", BoardRuleErrors.Reason(InvalidField, ("field", field), ("detail", detail)));

    public static ValidationFailedException NotNullable(string field) => Field(FieldNotNullable, $"{field} cannot be null", field);

    public static ValidationFailedException PatchFieldUnsupported(string field) => Field(UnsupportedPatchField, $"patch field {field} is not supported", field);

    /// <summary>The patch is not a JSON object; <paramref name="detail"/> is the decoder's text.</summary>
    public static ValidationFailedException PatchNotAnObject(string detail) =>
        new("patch must be a JSON object", BoardRuleErrors.Reason(PatchNotObject, ("detail", detail)));

    public static ValidationFailedException TextTooLong(string field, int maxLength) => Field(TooLong, $"{field} must be at most {maxLength} characters", field);

    public static ValidationFailedException ColorBlank() => Field(EmptyColor, "color cannot be blank; send null to clear it", "color");

    public static ValidationFailedException RoleUnsupported() => Field(UnsupportedRole, "role must be maintainer, contributor or viewer", "role");

    public static ValidationFailedException BothReferences() =>
        new("only one of afterLocalId and beforeLocalId may be set", BoardRuleErrors.Reason(OneReferenceOnly, ("fields", new[] { "afterLocalId", "beforeLocalId" })));

    /// <summary>A move's neighbour reference names the moving todo itself.</summary>
    public static ValidationFailedException ReferencesItself(string field) => Field(SelfReference, $"{field} cannot name the todo being moved", field);

    /// <summary>A neighbour reference ≤ 0 (no <c>localId</c> detail) or naming no todo of the project.</summary>
    public static ValidationFailedException TodoReferenceInvalid(string field, int? localId = null) =>
        localId is { } id
            ? new($"{field} names no todo of the project", BoardRuleErrors.Reason(InvalidTodoReference, ("field", field), ("localId", id)))
            : Field(InvalidTodoReference, $"{field} must be a positive integer", field);

    public static ValidationFailedException ReferenceOutsideColumn(string field, int localId) =>
        new($"{field} must name a todo of the target column", BoardRuleErrors.Reason(ReferenceNotInColumn, ("field", field), ("localId", localId)));

    /// <summary>A move may only land at an end of the lane: "after" must be its last todo, "before" its first.</summary>
    public static ValidationFailedException ReferenceNotAtEnd(string field, int localId) =>
        new($"{field} must name the {(field == "afterLocalId" ? "last" : "first")} todo of the target column",
            BoardRuleErrors.Reason(AmbiguousReference, ("field", field), ("localId", localId)));

    public static ValidationFailedException CursorColumnUnknown(string columnKey) =>
        new($"cursorByColumn names an unknown column \"{columnKey}\"", BoardRuleErrors.Reason(UnknownColumnCursor, ("field", "cursorByColumn"), ("columnKey", columnKey)));

    public static ValidationFailedException CursorInvalid(string columnKey) =>
        new($"the cursor of column \"{columnKey}\" cannot be read", BoardRuleErrors.Reason(InvalidBoardCursor, ("field", "cursorByColumn"), ("columnKey", columnKey)));

    public static ValidationFailedException ColumnKeyUnknown() => Rule(InvalidColumnKey, "columnKey is not a column of the project");

    public static ValidationFailedException AssigneeMissing() => Rule(AssigneeNotFound, "the assignee does not exist");

    public static ValidationFailedException AssigneeOutsideProject() => Rule(AssigneeNotMember, "the assignee is not a member of the project");

    public static ValidationFailedException ScheduleSprintMissing() => Rule(UnknownSprint, "the sprint does not exist");

    public static ValidationFailedException ScheduleSprintForeign() => Rule(SprintInOtherProject, "the sprint belongs to another project");

    public static ValidationFailedException SprintNameInUse() => Rule(SprintNameTaken, "the project already has a sprint of this name");

    public static ConflictException NoFreeSlug() => new("no free slug could be derived from the name", BoardRuleErrors.Reason(SlugUnavailable));

    public static ConflictException TagNameInUse() => new("the project already has a tag of this name", BoardRuleErrors.Reason(TagExists));

    public static ConflictException MemberExists() => new("the user already is a member of the project", BoardRuleErrors.Reason(AlreadyMember));

    /// <summary>Sprint writes, project tag writes and member management need maintainer or a higher role.</summary>
    public static ForbiddenException NeedsMaintainerOrHigher() => new("the project role maintainer or higher is required", BoardRuleErrors.Reason(MaintainerRequired));

    /// <summary>Todo create, delete, move and assignment need the stored role maintainer itself.</summary>
    public static ForbiddenException NeedsMaintainerRole() => new("the project role maintainer is required", BoardRuleErrors.Reason(MaintainerRoleRequired));

    public static ForbiddenException ContributorNotAssignee() => new("a contributor may only edit todos assigned to them", BoardRuleErrors.Reason(NotAssignee));

    /// <summary>The project does not exist, or the caller may not see (or, for todo writes, write) it: indistinguishable on purpose.</summary>
    public static NotFoundException NoProject() => new("project not found", BoardRuleErrors.Reason(ProjectNotFound));

    public static NotFoundException NoTodo() => new("todo not found", BoardRuleErrors.Reason(TodoNotFound));

    public static NotFoundException NoSprint() => new("sprint not found", BoardRuleErrors.Reason(SprintNotFound));

    public static NotFoundException NoTag() => new("tag not found", BoardRuleErrors.Reason(TagNotFound));

    public static NotFoundException NoMember() => new("member not found", BoardRuleErrors.Reason(MemberNotFound));

    public static NotFoundException NoUser() => new("user not found", BoardRuleErrors.Reason(UserNotFound));

    /// <summary>Admin use cases: the project id is unknown.</summary>
    public static NotFoundException AdminProjectNotFound(int projectId) =>
        new("project not found", new Dictionary<string, object?> { ["projectId"] = projectId });

    /// <summary>Admin use cases: the user is unknown or disabled.</summary>
    public static NotFoundException AdminUserNotFound(int userId) =>
        new("user not found", new Dictionary<string, object?> { ["field"] = "userId", ["userId"] = userId });

    /// <summary>Admin use cases: no user id.</summary>
    public static ValidationFailedException AdminUserIdRequired() =>
        new("userId is required", new Dictionary<string, object?> { ["field"] = "userId" });

    /// <summary>Admin use cases: a user id ≤ 0.</summary>
    public static ValidationFailedException AdminUserIdNotPositive() =>
        new("userId must be a positive integer", new Dictionary<string, object?> { ["field"] = "userId" });

    private static ValidationFailedException Field(string reason, string message, string field) =>
        new(message, BoardRuleErrors.Reason(reason, ("field", field)));

    private static ValidationFailedException Rule(string reason, string message) => new(message, BoardRuleErrors.Reason(reason));
}
