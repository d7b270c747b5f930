using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Platform.Application.Boards;
using Platform.Application.Organizations;
using Platform.Domain.Boards;
using Platform.Domain.Common;
using Platform.Web.Http;

namespace Platform.UnitTests.Web;

/// <summary>
/// Scrumboy's wording of the Boards failures: every reason becomes the contract's exact message and
/// the details its wire shows (never the reason); failures of other modules pass unchanged.
/// </summary>
public sealed class ScrumboyMessagesTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        static TestCaseData Case(PlatformException error, string message, string details = "{}") =>
            new TestCaseData(error, message, details).SetName($"{error.Details[BoardErrors.ReasonKey]}: {message}");

        yield return Case(BoardErrors.Required("projectSlug"), "missing projectSlug", """{"field":"projectSlug"}""");
        yield return Case(BoardErrors.Required("patch"), "missing patch", """{"field":"patch"}""");
        yield return Case(BoardErrors.Required("toColumnKey"), "missing toColumnKey", """{"field":"toColumnKey"}""");
        yield return Case(BoardErrors.Required("role"), "missing role", """{"field":"role"}""");
        yield return Case(BoardErrors.PositiveIdRequired("localId"), "invalid localId", """{"field":"localId"}""");
        yield return Case(BoardErrors.PositiveIdRequired("sprintId"), "invalid sprintId", """{"field":"sprintId"}""");
        yield return Case(BoardErrors.PositiveIdsRequired("excludeLocalIds"), "invalid excludeLocalIds", """{"field":"excludeLocalIds"}""");
        yield return Case(BoardErrors.OutOfRange("limit", 1, 100), "invalid limit", """{"field":"limit"}""");
        yield return Case(BoardErrors.TagFilterInvalid(), "invalid tag", """{"field":"tag"}""");
        yield return Case(BoardErrors.WrongType("title", "a string"), "invalid title", """{"field":"title"}""");
        yield return Case(BoardErrors.TimeInvalid("plannedStartAt", "not a date-time"), "invalid plannedStartAt",
            """{"field":"plannedStartAt","detail":"not a date-time"}""");
        yield return Case(BoardErrors.NotNullable("tags"), "tags cannot be null", """{"field":"tags"}""");
        yield return Case(BoardErrors.PatchFieldUnsupported("columnKey"), "unsupported patch field", """{"field":"columnKey"}""");
        yield return Case(BoardErrors.PatchNotAnObject("json: cannot unmarshal array into an object"), "invalid patch",
            """{"detail":"json: cannot unmarshal array into an object"}""");
        yield return Case(BoardErrors.TextTooLong("search", 200), "validation: search too long", """{"field":"search"}""");
        yield return Case(BoardErrors.ColorBlank(), "color cannot be empty; use null to clear", """{"field":"color"}""");
        yield return Case(BoardErrors.RoleUnsupported(), "unsupported role", """{"field":"role"}""");
        yield return Case(BoardErrors.BothReferences(), "at most one neighbor reference may be set", """{"fields":["afterLocalId","beforeLocalId"]}""");
        yield return Case(BoardErrors.ReferencesItself("afterLocalId"), "afterLocalId cannot equal localId", """{"field":"afterLocalId"}""");
        yield return Case(BoardErrors.ReferencesItself("beforeLocalId"), "beforeLocalId cannot equal localId", """{"field":"beforeLocalId"}""");
        yield return Case(BoardErrors.TodoReferenceInvalid("afterLocalId"), "invalid local todo reference", """{"field":"afterLocalId"}""");
        yield return Case(BoardErrors.TodoReferenceInvalid("beforeLocalId", 9), "invalid local todo reference", """{"field":"beforeLocalId","localId":9}""");
        yield return Case(BoardErrors.ReferenceOutsideColumn("afterLocalId", 3), "position reference must be in target column", """{"field":"afterLocalId","localId":3}""");
        yield return Case(BoardErrors.ReferenceNotAtEnd("afterLocalId", 3), "afterLocalId is ambiguous unless it is already the last item in the target column",
            """{"field":"afterLocalId","localId":3}""");
        yield return Case(BoardErrors.ReferenceNotAtEnd("beforeLocalId", 4), "beforeLocalId is ambiguous unless it is already the first item in the target column",
            """{"field":"beforeLocalId","localId":4}""");
        yield return Case(BoardErrors.CursorColumnUnknown("nope"), "invalid column cursor", """{"field":"cursorByColumn","columnKey":"nope"}""");
        yield return Case(BoardErrors.CursorInvalid("doing"), "invalid board cursor", """{"field":"cursorByColumn","columnKey":"doing"}""");
        yield return Case(BoardErrors.ColumnKeyUnknown(), "validation: invalid columnKey");
        yield return Case(BoardErrors.AssigneeMissing(), "validation: assignee does not exist");
        yield return Case(BoardErrors.AssigneeOutsideProject(), "validation: assignee is not a project member");
        yield return Case(BoardErrors.ScheduleSprintMissing(), "validation: sprint not found");
        yield return Case(BoardErrors.ScheduleSprintForeign(), "validation: sprint does not belong to project");
        yield return Case(BoardErrors.SprintNameInUse(), "validation: a sprint with this name already exists in the project");
        yield return Case(BoardErrors.NoFreeSlug(), "conflict: could not allocate a unique slug");
        yield return Case(BoardErrors.TagNameInUse(), "conflict: tag already exists in project");
        yield return Case(BoardErrors.MemberExists(), "conflict: user is already a member");
        yield return Case(BoardErrors.NeedsMaintainerOrHigher(), "maintainer or higher required");
        yield return Case(BoardErrors.NeedsMaintainerRole(), "forbidden");
        yield return Case(BoardErrors.ContributorNotAssignee(), "forbidden");
        yield return Case(BoardErrors.NoProject(), "not found");
        yield return Case(BoardErrors.NoTodo(), "not found");
        yield return Case(BoardErrors.NoSprint(), "not found");
        yield return Case(BoardErrors.NoTag(), "not found");
        yield return Case(BoardErrors.NoMember(), "not found");
        yield return Case(BoardErrors.NoUser(), "not found");

        yield return Case(BoardRuleErrors.TitleInvalid(), "validation: invalid title");
        yield return Case(BoardRuleErrors.BodyTooLong(), "validation: body too large");
        yield return Case(BoardRuleErrors.EstimationInvalid(), "validation: estimation points must be one of 1,2,3,5,8,13,20,40");
        yield return Case(BoardRuleErrors.TagsTooMany(), "validation: too many tags");
        yield return Case(BoardRuleErrors.TagInvalid("no way!"), "validation: invalid tag \"no way!\"");
        yield return Case(BoardRuleErrors.TagInvalid(null), "validation: invalid tag \"\"");
        yield return Case(BoardRuleErrors.TagColorInvalid("purple"), "validation: invalid tag color \"purple\"");
        yield return Case(BoardRuleErrors.SlugInvalid(), "validation: invalid slug");
        yield return Case(BoardRuleErrors.ProjectNameInvalid(), "validation: invalid name");
        yield return Case(BoardRuleErrors.SlugCannotBeDerived(), "validation: name cannot produce a valid slug");
        yield return Case(BoardRuleErrors.WorkflowSize(), "validation: workflow must have 2 to 12 columns", """{"field":"workflow"}""");
        yield return Case(BoardRuleErrors.WorkflowKeyInvalid("Bad Key"), "validation: invalid workflow column key \"Bad Key\"", """{"field":"workflow"}""");
        yield return Case(BoardRuleErrors.WorkflowKeyDuplicate("doing"), "validation: duplicate workflow column key \"doing\"", """{"field":"workflow"}""");
        yield return Case(BoardRuleErrors.WorkflowNameInvalid("doing"), "validation: invalid workflow column name for \"doing\"", """{"field":"workflow"}""");
        yield return Case(BoardRuleErrors.WorkflowColorInvalid("red"), "validation: invalid workflow column color \"red\"", """{"field":"workflow"}""");
        yield return Case(BoardRuleErrors.WorkflowDoneColumnCount(), "validation: workflow must have exactly one done column", """{"field":"workflow"}""");
        yield return Case(BoardRuleErrors.SprintNameInvalid(), "validation: invalid sprint name");
        yield return Case(BoardRuleErrors.NotPlanned(), "sprint must be PLANNED to activate", """{"field":"sprintId"}""");
        yield return Case(BoardRuleErrors.EndedBeforeActivation(), "sprint end date is on or before now; cannot activate", """{"field":"plannedEndAt"}""");
        yield return Case(BoardRuleErrors.NotActive(), "sprint must be ACTIVE to close", """{"field":"sprintId"}""");
        yield return Case(BoardRuleErrors.ActiveSprintChange(), "validation: only endAt can be updated for ACTIVE sprint");
        yield return Case(BoardRuleErrors.ClosedSprintChange(), "validation: dates cannot be updated for CLOSED sprint");
        yield return Case(BoardRuleErrors.SprintRangeInvalid(), "validation: end_at must be >= start_at");
        yield return Case(BoardRuleErrors.ReferencesReversed(), "conflict: afterId must come before beforeId");
        yield return Case(BoardRuleErrors.NoRankLeft(), "conflict: cannot compute rank");
        yield return Case(BoardRuleErrors.SelfDemotion(), "conflict: cannot demote yourself");
        yield return Case(BoardRuleErrors.LastMaintainerDemoted(), "conflict: cannot demote the last maintainer");
        yield return Case(BoardRuleErrors.LastMaintainerRemoved(), "validation: cannot remove last maintainer");
    }

    [TestCaseSource(nameof(Cases))]
    public void Each_reason_gets_Scrumboys_exact_text_and_details(PlatformException error, string message, string details)
    {
        Assert.That(ScrumboyMessages.TryWord(error.Message, error.Details, out var worded, out var shown), Is.True);
        Assert.That(worded, Is.EqualTo(message));
        Assert.That(JsonSerializer.Serialize(shown), Is.EqualTo(details));
        Assert.That(shown.ContainsKey(BoardErrors.ReasonKey), Is.False);
    }

    [Test]
    public void Every_Boards_reason_has_a_Scrumboy_wording_and_the_table_has_no_other()
    {
        var reasons = typeof(BoardErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(BoardErrors.ReasonKey))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        var domainReasons = typeof(BoardRuleErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name is not (nameof(BoardRuleErrors.ReasonKey) or nameof(BoardRuleErrors.ValueKey)))
            .Select(f => (string)f.GetRawConstantValue()!);

        Assert.That(reasons, Is.Unique);
        Assert.That(reasons, Is.SupersetOf(domainReasons), "BoardErrors lists the domain's reasons too");
        Assert.That(ScrumboyMessages.Reasons, Is.EquivalentTo(reasons));
        Assert.That(reasons, Has.None.AnyOf(
            OrganizationErrors.NoOrganization, OrganizationErrors.MultipleOrganizations, OrganizationErrors.OrganizationNotAccessible, OrganizationErrors.TaskNotAccessible));
        Assert.That(Cases().Select(c => ((PlatformException)c.Arguments[0]!).Details[BoardErrors.ReasonKey]), Is.SupersetOf(reasons), "every reason has a case above");
    }

    [Test]
    public void Failures_of_other_modules_and_reasonless_ones_pass_unchanged()
    {
        var others = new PlatformException[]
        {
            OrganizationErrors.NoAccessToOrganization(4),
            new ConflictException("conflict: you cannot disable your own account", new Dictionary<string, object?> { ["reason"] = "self" }),
            BoardErrors.AdminUserNotFound(7),
            new NotFoundException(),
        };
        foreach (var error in others)
        {
            Assert.That(ScrumboyMessages.TryWord(error.Message, error.Details, out var message, out var details), Is.False);
            Assert.That((message, details), Is.EqualTo((error.Message, error.Details)));
        }
    }

    [Test]
    public void Apply_rewords_a_classified_Boards_failure_and_leaves_the_rest()
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, TraceIdentifier = "trace-1" };

        var boards = ScrumboyMessages.Apply(ErrorClassifier.Classify(BoardErrors.TagNameInUse(), context));
        Assert.That((boards.Status, boards.Code, boards.Message, boards.HasDetails), Is.EqualTo((409, ErrorCodes.Conflict, "conflict: tag already exists in project", false)));

        var organization = ErrorClassifier.Classify(OrganizationErrors.NoAccessToOrganization(4), context);
        Assert.That(ScrumboyMessages.Apply(organization), Is.SameAs(organization));

        var unexpected = ErrorClassifier.Classify(new InvalidOperationException("boom"), context);
        Assert.That(ScrumboyMessages.Apply(unexpected), Is.SameAs(unexpected));
    }
}
