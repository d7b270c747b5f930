using System.Text.Json;
using Mapster;
using MapsterMapper;
using Platform.Application.Common;
using Platform.Application.Common.Mapping;
using Platform.Application.Identity;
using Platform.Application.Identity.Admin.Users;
using Platform.Application.Identity.Audit;
using Platform.Application.Identity.OAuth;
using Platform.Application.Organizations;
using Platform.Application.Organizations.Members;
using Platform.Application.Organizations.Tasks;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;
using Platform.Web.Api;
using Platform.Web.Api.Admin;
using Platform.Web.Http;

namespace Platform.UnitTests.Mapping;

/// <summary>
/// The one Mapster configuration (decision 0209): it compiles with every rule the Application and
/// Web assemblies declare, a rule that leaves a destination member unfilled fails, and the REST
/// bodies it fills serialize exactly as the hand-written copies they replace did.
/// </summary>
public sealed class MappingConfigurationTests
{
    private static readonly IMapper Mapper = new Mapper(MappingConfiguration.Create(typeof(Program).Assembly));

    private static readonly DateTimeOffset Created = new(2026, 11, 21, 9, 30, 0, 500, TimeSpan.FromHours(2));

    [Test]
    public void Compiles_every_rule_of_the_application_and_the_web_api()
    {
        Assert.DoesNotThrow(() => MappingConfiguration.Create(typeof(Program).Assembly));
    }

    [Test]
    public void A_destination_member_without_a_source_fails_at_compile_time()
    {
        var config = new TypeAdapterConfig { RequireExplicitMapping = true, RequireDestinationMemberSource = true };
        config.NewConfig<OrganizationDto, WithUnmappedMember>();

        var error = Assert.Catch(() => config.Compile());
        Assert.That(error!.ToString(), Does.Contain(nameof(WithUnmappedMember.Extra)));
    }

    [Test]
    public void An_undeclared_pair_is_refused()
    {
        Assert.Catch(() => Mapper.Map<OrganizationDto, WithUnmappedMember>(new OrganizationDto(1, "a", "a", null, Created)));
    }

    [Test]
    public void User_bodies_have_wire_roles_timestamps_and_no_two_factor()
    {
        var user = new UserDto(1, "ada@example.com", "Ada", null, true, SystemRole.Owner, Created, false);

        Assert.That(Json(Mapper.Map<UserDto, AuthEndpoints.UserJson>(user)), Is.EqualTo(
            """{"id":1,"email":"ada@example.com","name":"Ada","image":null,"isBootstrap":true,"systemRole":"owner","createdAt":"2026-11-21T07:30:00.5Z","twoFactorEnabled":false}"""));
        Assert.That(Json(Mapper.Map<UserDto, AuthEndpoints.StatusUserJson>(user)), Is.EqualTo(
            """{"id":1,"email":"ada@example.com","name":"Ada","isBootstrap":true,"systemRole":"owner","twoFactorEnabled":false}"""));

        var admin = new AdminUserDto(42, "b@example.com", "B", "i.png", false, SystemRole.Admin, Created, Created.AddDays(1), 2, null);
        Assert.That(Json(Mapper.Map<AdminUserDto, AdminUserJson>(admin)), Is.EqualTo(
            """{"id":42,"email":"b@example.com","name":"B","image":"i.png","isBootstrap":false,"systemRole":"admin","createdAt":"2026-11-21T07:30:00.5Z","twoFactorEnabled":false,"disabled":true,"disabledAt":"2026-11-22T07:30:00.5Z","activeSessions":2,"lastSeenAt":null}"""));
    }

    [Test]
    public void Organization_bodies_leave_out_what_their_record_does_not_name()
    {
        Assert.That(Json(Mapper.Map<OrganizationDto, OrganizationEndpoints.OrganizationJson>(new OrganizationDto(7, "Acme", "acme", "logo.png", Created))),
            Is.EqualTo("""{"id":7,"name":"Acme","slug":"acme","createdAt":"2026-11-21T07:30:00.5Z"}"""));
        Assert.That(Json(Mapper.Map<OrganizationMemberDto, OrganizationEndpoints.MemberJson>(new OrganizationMemberDto(3, 7, 42, OrganizationRole.Admin, Created))),
            Is.EqualTo("""{"organizationId":7,"userId":42,"role":"admin","createdAt":"2026-11-21T07:30:00.5Z"}"""));
        Assert.That(
            Json(Mapper.Map<AdminOrganizationMemberDto, AdminOrganizationMemberJson>(
                new AdminOrganizationMemberDto(3, 7, 42, OrganizationRole.Member, Created, null, null, false))),
            Is.EqualTo("""{"organizationId":7,"userId":42,"role":"member","createdAt":"2026-11-21T07:30:00.5Z","email":null,"name":null,"userDisabled":false}"""));
    }

    [Test]
    public void Task_detail_body_maps_its_owners_subtasks_parent_and_description()
    {
        var task = new TaskDetailDto(
            101, 7, "Ship", new JsonText("""{"text": "a", "n": [1, 2]}"""), WorkTaskStatus.InProgress, null, 100, "ada", Created, Created.AddHours(1),
            [new TaskOwnerDto(5, 101, 42, true, Created, new TaskOwnerUserDto(42, "Ada", "ada@example.com")), new TaskOwnerDto(6, 101, 43, false, Created, null)],
            [new SubtaskDto(102, "Changelog", WorkTaskStatus.Done, Created)],
            new TaskParentDto(100, "Release"));

        Assert.That(Json(Mapper.Map<TaskDetailDto, AdminTaskDetailJson>(task)), Is.EqualTo(
            """{"id":101,"organizationId":7,"title":"Ship","description":{"text":"a","n":[1,2]},"status":"IN_PROGRESS","completedAt":null,"parentId":100,"assignee":"ada","createdAt":"2026-11-21T07:30:00.5Z","updatedAt":"2026-11-21T08:30:00.5Z","owners":[{"id":5,"userId":42,"isPrimary":true,"assignedAt":"2026-11-21T07:30:00.5Z","user":{"id":42,"name":"Ada","email":"ada@example.com"}},{"id":6,"userId":43,"isPrimary":false,"assignedAt":"2026-11-21T07:30:00.5Z","user":null}],"subtasks":[{"id":102,"title":"Changelog","status":"DONE","completedAt":"2026-11-21T07:30:00.5Z"}],"parent":{"id":100,"title":"Release"}}"""));

        var bare = task with { Description = null, Owners = [], Subtasks = [], Parent = null };
        Assert.That(Json(Mapper.Map<TaskDetailDto, AdminTaskDetailJson>(bare)), Does.Contain("\"description\":null,").And.EndWith("\"owners\":[],\"subtasks\":[],\"parent\":null}"));
    }

    [Test]
    public void Renamed_and_parsed_members_of_signing_keys_and_audit_entries()
    {
        Assert.That(Json(Mapper.Map<SigningKeyDto, SigningKeyEndpoints.SigningKeyJson>(new SigningKeyDto("kid1", "ES256", "current", "database", true, Created, null))),
            Is.EqualTo("""{"kid":"kid1","alg":"ES256","status":"current","source":"database","published":true,"createdAt":"2026-11-21T07:30:00.5Z","retiredAt":null}"""));

        var entry = new AuditEntryDto(9, Created, 1, "o@example.com", null, "user.disable", "user", "42", """{"sessionsEnded":2}""", null);
        Assert.That(Json(Mapper.Map<AuditEntryDto, AuditEntryJson>(entry)), Is.EqualTo(
            """{"id":9,"occurredAt":"2026-11-21T07:30:00.5Z","actorUserId":1,"actorEmail":"o@example.com","actorName":null,"action":"user.disable","targetType":"user","targetId":"42","summary":{"sessionsEnded":2},"traceId":null}"""));
    }

    private static string Json<T>(T body) => JsonSerializer.Serialize(body, WireJson.Options);

    private sealed record WithUnmappedMember(int Id, string Name, string Extra);
}
