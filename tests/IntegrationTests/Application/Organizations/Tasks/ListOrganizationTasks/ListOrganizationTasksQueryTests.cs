using Platform.Application.Common.Paging;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Application.Organizations.Tasks.ListOrganizationTasks;
using Platform.Application.Organizations.Tasks.UpdateTask;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Tasks.ListOrganizationTasks;

public sealed class ListOrganizationTasksQueryTests : MediatorFixture
{
    /// <summary>An organization whose member created the tasks "T0" (TODO), "T1" (DONE), "T2" (TODO), in that order; ids in that order.</summary>
    private async Task<(Caller Member, int OrganizationId, int[] TaskIds)> OrganizationWithThreeTasksAsync()
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        var member = await CreateUserAsync();
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, "member"));
        var ids = new List<int>();
        foreach (var (title, status) in new[] { ("T0", WorkTaskStatus.Todo), ("T1", WorkTaskStatus.Done), ("T2", WorkTaskStatus.Todo) })
        {
            ids.Add((await SendAsync(new CreateTaskCommand(title, organization.Id, Status: status), member)).Id);
        }

        return (member, organization.Id, ids.ToArray());
    }

    [Test]
    public async Task An_admin_who_is_no_member_lists_the_tasks_most_recently_updated_first()
    {
        var admin = await CreateUserAsync("admin");
        var (member, organizationId, ids) = await OrganizationWithThreeTasksAsync();
        var otherOrganization = await SendAsync(new CreateOrganizationCommand(Unique("Other"), null));
        await SendAsync(new AddOrganizationMemberCommand(otherOrganization.Id, member.UserId, "member"));
        await SendAsync(new CreateTaskCommand("Elsewhere", otherOrganization.Id), member);

        var before = await SendAsync(new ListOrganizationTasksQuery(organizationId), admin);
        await SendAsync(new UpdateTaskCommand(ids[0]) { Title = "T0 again" }, member);
        var after = await SendAsync(new ListOrganizationTasksQuery(organizationId), admin);

        Assert.That(before.Items.Select(t => t.Id), Is.EqualTo(new[] { ids[2], ids[1], ids[0] }));
        Assert.That((before.Total, before.PageNumber, before.PageSize), Is.EqualTo((3, 1, Paging.DefaultPageSize)));
        Assert.That(after.Items.Select(t => (t.Id, t.Title)), Is.EqualTo(new[] { (ids[0], "T0 again"), (ids[2], "T2"), (ids[1], "T1") }));
        Assert.That(after.Items.Select(t => t.OrganizationId), Is.All.EqualTo(organizationId));
    }

    [Test]
    public async Task The_status_filter_and_pages_narrow_the_list()
    {
        var (_, organizationId, ids) = await OrganizationWithThreeTasksAsync();

        var todo = await SendAsync(new ListOrganizationTasksQuery(organizationId, "TODO"));
        var done = await SendAsync(new ListOrganizationTasksQuery(organizationId, "DONE"));
        var cancelled = await SendAsync(new ListOrganizationTasksQuery(organizationId, "CANCELLED"));
        var secondPage = await SendAsync(new ListOrganizationTasksQuery(organizationId, Page: 2, PageSize: 2));

        Assert.That(todo.Items.Select(t => t.Id), Is.EqualTo(new[] { ids[2], ids[0] }));
        Assert.That(done.Items.Select(t => (t.Id, t.Status)), Is.EqualTo(new[] { (ids[1], WorkTaskStatus.Done) }));
        Assert.That((cancelled.Items.Count, cancelled.Total), Is.EqualTo((0, 0)));
        Assert.That((secondPage.Items.Single().Id, secondPage.Total), Is.EqualTo((ids[0], 3)));
    }

    [Test]
    public void An_unknown_organization_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListOrganizationTasksQuery(int.MaxValue)));

    private static readonly string[] InvalidStatuses = ["done", "", "In_Progress", "OPEN", "a\0b", "\ud800"];

    [TestCaseSource(nameof(InvalidStatuses))]
    public void Unknown_statuses_are_validation_errors(string status)
    {
        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListOrganizationTasksQuery(1, status)));
        Assert.That(error!.Details["field"], Is.EqualTo("status"));
    }

    [TestCase(0, 10)]
    [TestCase(1, 0)]
    [TestCase(1, Paging.MaxPageSize + 1)]
    public void Out_of_range_paging_is_a_validation_error(int page, int pageSize) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListOrganizationTasksQuery(1, null, page, pageSize)));

    [Test]
    public async Task A_plain_user_is_forbidden_even_as_a_member_and_nobody_signed_in_must_sign_in()
    {
        var (member, organizationId, _) = await OrganizationWithThreeTasksAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListOrganizationTasksQuery(organizationId), member));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListOrganizationTasksQuery(organizationId), Caller.Anonymous));
    }
}
