using System.Text.RegularExpressions;
using Mapster;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Mapping;
using Platform.Application.Identity;
using Platform.Application.Identity.Admin.Users;
using Platform.Application.Identity.Directory;
using Platform.Application.Organizations;
using Platform.Application.Organizations.Tasks;
using Platform.Infrastructure.Persistence;

namespace Platform.UnitTests.Mapping;

/// <summary>
/// The EF queries that project with Mapster (<c>ProjectToDto</c>) send the same SQL as the
/// hand-written <c>Select</c>s they replaced: same columns, nothing more (decision 0209). No
/// database is needed to render the SQL.
/// </summary>
public sealed class ProjectionSqlTests
{
    private static readonly TypeAdapterConfig Config = MappingConfiguration.Create(typeof(Program).Assembly);

    private PlatformDbContext db = null!;

    [SetUp]
    public void CreateContext() =>
        db = new PlatformDbContext(new DbContextOptionsBuilder<PlatformDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

    [TearDown]
    public void DisposeContext() => db.Dispose();

    [Test]
    public void User_to_UserDto()
    {
        var users = db.Users.AsNoTracking().Where(u => u.Id == 1 && u.DisabledAt == null);
        AssertSameSql(
            users.Select(u => new UserDto(u.Id, u.Email, u.Name, u.Image, u.IsBootstrap, u.SystemRole, u.CreatedAt, u.DisabledAt != null)),
            users.ProjectToDto<UserDto>(Config));
    }

    [Test]
    public void User_to_UserSummary()
    {
        var ids = new[] { 1, 2 };
        var users = db.Users.AsNoTracking().Where(u => ids.Contains(u.Id));
        AssertSameSql(
            users.Select(u => new UserSummary(u.Id, u.Email, u.Name, u.Image, u.SystemRole, u.IsBootstrap, u.CreatedAt, u.DisabledAt != null)),
            users.ProjectToDto<UserSummary>(Config));
    }

    [Test]
    public void Session_to_AdminSessionDto()
    {
        var now = DateTimeOffset.UnixEpoch;
        var sessions = db.Sessions.AsNoTracking().Where(s => s.UserId == 1 && s.ExpiresAt > now).OrderByDescending(s => s.LastSeenAt).ThenByDescending(s => s.Id);
        AssertSameSql(
            sessions.Select(s => new AdminSessionDto(s.Id, s.UserId, s.CreatedAt, s.ExpiresAt, s.LastSeenAt, s.UserAgent, s.IpAddress)).Skip(50).Take(50),
            sessions.ProjectToDto<AdminSessionDto>(Config).Skip(50).Take(50));
    }

    [Test]
    public void OrganizationMember_to_OrganizationMemberDto()
    {
        var members = db.OrganizationMembers.AsNoTracking().Where(m => m.OrganizationId == 7).OrderBy(m => m.Id);
        AssertSameSql(
            members.Select(m => new OrganizationMemberDto(m.Id, m.OrganizationId, m.UserId, m.Role, m.CreatedAt)).Take(50),
            members.ProjectToDto<OrganizationMemberDto>(Config).Take(50));
    }

    [Test]
    public void WorkTask_to_TaskSummaryDto_reads_the_same_columns_and_parses_on_the_client()
    {
        var tasks = db.Tasks.AsNoTracking().Where(t => t.OrganizationId == 7).OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id);
        AssertSameSql(
            tasks.Select(t => new { t.Id, t.OrganizationId, t.Title, t.Description, t.Status, t.CompletedAt, t.Assignee, t.CreatedAt, t.UpdatedAt }).Take(50),
            tasks.ProjectToDto<TaskSummaryDto>(Config).Take(50),
            withoutAliases: true);
    }

    [Test]
    public void Todo_to_TodoSearchHitDto()
    {
        var todos = ((Platform.Application.Boards.IBoardsDbContext)db).Todos.AsNoTracking().Where(t => t.ProjectId == 3).OrderByDescending(t => t.UpdatedAt).ThenBy(t => t.LocalId);
        AssertSameSql(
            todos.Select(t => new TodoSearchHitDto(t.LocalId, t.Title)).Take(20),
            todos.ProjectToDto<TodoSearchHitDto>(Config).Take(20));
    }

    /// <param name="withoutAliases">
    /// The hand-written query projected to an anonymous type (parsed afterwards), which EF names
    /// with column aliases; the columns and everything else must still be the same.
    /// </param>
    private static void AssertSameSql<TBefore, TAfter>(IQueryable<TBefore> handWritten, IQueryable<TAfter> mapped, bool withoutAliases = false)
    {
        var expected = handWritten.ToQueryString();
        var actual = mapped.ToQueryString();
        TestContext.Out.WriteLine(expected);
        TestContext.Out.WriteLine(actual);
        if (withoutAliases)
        {
            expected = Regex.Replace(expected, " AS \"[A-Za-z]+\"", "");
        }

        Assert.That(actual, Is.EqualTo(expected));
    }
}
