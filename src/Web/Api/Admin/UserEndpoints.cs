using System.ComponentModel;
using System.Globalization;
using MapsterMapper;
using MediatR;
using Platform.Application.Common;
using Platform.Application.Common.Paging;
using Platform.Application.Identity;
using Platform.Application.Identity.Admin.Users;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.Admin.Users.EnableUser;
using Platform.Application.Identity.Admin.Users.GetUser;
using Platform.Application.Identity.Admin.Users.ListUsers;
using Platform.Application.Identity.Admin.Users.ListUserSessions;
using Platform.Application.Identity.Admin.Users.ResetUserPassword;
using Platform.Application.Identity.Admin.Users.RevokeUserSession;
using Platform.Application.Identity.Admin.Users.RevokeUserSessions;
using Platform.Application.Identity.Admin.Users.UpdateUser;
using Platform.Application.Identity.Users.CreateUser;
using Platform.Web.Api.OpenApi;
using Platform.Web.Http;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Api.Admin;

/// <summary><c>/api/admin/users</c>: accounts, roles, disabling, password resets and sessions.</summary>
public static class UserEndpoints
{
    private const string Tag = "Admin users";

    public static RouteGroupBuilder MapAdminUsers(this RouteGroupBuilder admin)
    {
        var users = admin.MapGroup("/users").WithTags(Tag);

        users.MapGet("", ListUsers)
            .Describe("listUsers", "List users (paged, searchable)",
                "Users ordered by id. `search` matches part of the e-mail or the name (case-insensitive); `systemRole` and `disabled` narrow the list.")
            .ProducesJson<PageJson<AdminUserJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest)
            .WithExamples(response: new PageJson<AdminUserJson>([AdminUserJson.Example], 1, 50, 1));

        users.MapGet("/{userId:int}", GetUser)
            .Describe("getUser", "Get one user")
            .ProducesJson<AdminUserJson>()
            .ProducesAdminProblems(StatusCodes.Status404NotFound)
            .WithExamples(response: AdminUserJson.Example);

        users.MapPost("", CreateUser)
            .Describe("createUser", "Create a user",
                "Creates a user with a password (at least 8 bytes). `systemRole` is `user` (default), `admin` or `owner`; only an owner may create an owner. "
                + "Answers 201 with the user JSON of the auth API and a `Location` header; 409 when the e-mail is taken.")
            .AcceptsJson<CreateUserBody>()
            .ProducesJson<AuthEndpoints.UserJson>(StatusCodes.Status201Created)
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict)
            .WithExamples(
                request: new CreateUserBody("ada@example.com", "correct horse battery", "Ada Lovelace", "user"),
                response: new AuthEndpoints.UserJson(42, "ada@example.com", "Ada Lovelace", null, false, "user", "2026-11-21T09:30:00Z", false));

        users.MapPatch("/{userId:int}", UpdateUser)
            .Describe("updateUser", "Rename a user or change their system role",
                "Fields left out stay unchanged. Only an owner may change an owner or make someone an owner; the last active owner cannot be demoted (409).")
            .AcceptsJson<UpdateUserBody>()
            .ProducesJson<AdminUserJson>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithExamples(request: new UpdateUserBody("Ada King", "admin"), response: AdminUserJson.Example with { Name = "Ada King", SystemRole = "admin" });

        users.MapPost("/{userId:int}/disable", DisableUser)
            .Describe("disableUser", "Disable a user and end their sessions",
                "A disabled user cannot sign in; every session they hold ends immediately, and their OAuth and personal API tokens stop working within seconds. You cannot disable yourself, and the last active owner cannot be disabled (409).")
            .ProducesJson<AdminUserJson>()
            .ProducesAdminProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithExamples(response: AdminUserJson.Example with { Disabled = true, DisabledAt = "2026-11-21T10:00:00Z", ActiveSessions = 0, LastSeenAt = null });

        users.MapPost("/{userId:int}/enable", EnableUser)
            .Describe("enableUser", "Enable a disabled user")
            .ProducesJson<AdminUserJson>()
            .ProducesAdminProblems(StatusCodes.Status404NotFound)
            .WithExamples(response: AdminUserJson.Example);

        users.MapPost("/{userId:int}/password", ResetPassword)
            .Describe("resetUserPassword", "Set a new password for a user",
                "Same rules as at creation (at least 8 bytes). Every session of the user ends and their OAuth and personal API tokens are revoked, so whoever held the old password is signed out. The password is never logged.")
            .AcceptsJson<ResetPasswordBody>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithExamples(request: new ResetPasswordBody("a new long passphrase"));

        users.MapGet("/{userId:int}/sessions", ListSessions)
            .Describe("listUserSessions", "List a user's sessions", "Unexpired cookie sessions, most recently seen first.")
            .ProducesJson<PageJson<AdminSessionJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithExamples(response: new PageJson<AdminSessionJson>([AdminSessionJson.Example], 1, 50, 1));

        users.MapDelete("/{userId:int}/sessions/{sessionId:long}", RevokeSession)
            .Describe("revokeUserSession", "End one session of a user")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAdminProblems(StatusCodes.Status404NotFound);

        users.MapDelete("/{userId:int}/sessions", RevokeSessions)
            .Describe("revokeUserSessions", "End every session of a user (sign out everywhere)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAdminProblems(StatusCodes.Status404NotFound);

        return admin;
    }

    public static async Task<IResult> ListUsers(
        IMediator mediator,
        IMapper mapper,
        [Description("Part of the e-mail or name (case-insensitive)")] string? search,
        [Description("Only users with this system role: owner, admin or user")] string? systemRole,
        [Description("true: only disabled users; false: only enabled users")] bool? disabled,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListUsersQuery(search, systemRole, disabled, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AdminUserJson>.From(result, mapper));
    }

    public static async Task<IResult> GetUser(IMediator mediator, IMapper mapper, int userId, CancellationToken ct) =>
        AdminResults.Ok(mapper.Map<AdminUserDto, AdminUserJson>(await mediator.Send(new GetUserQuery(userId), ct)));

    public static async Task<IResult> CreateUser(HttpContext context, IMediator mediator, IMapper mapper)
    {
        var body = await WireJson.ReadAsync<CreateUserBody>(context.Request);
        var user = await mediator.Send(new CreateUserCommand(body.Email, body.Password, body.Name, body.SystemRole), context.RequestAborted);
        return AdminResults.Created(Location(user.Id), mapper.Map<UserDto, AuthEndpoints.UserJson>(user));
    }

    public static async Task<IResult> UpdateUser(HttpContext context, IMediator mediator, IMapper mapper, int userId)
    {
        var body = await WireJson.ReadAsync<UpdateUserBody>(context.Request);
        return AdminResults.Ok(mapper.Map<AdminUserDto, AdminUserJson>(await mediator.Send(new UpdateUserCommand(userId, Optional.IfNotNull(body.Name), Optional.IfNotNull(body.SystemRole)), context.RequestAborted)));
    }

    /// <summary>Disables the user; this node then reads the revocation at once (the others within seconds).</summary>
    public static async Task<IResult> DisableUser(IMediator mediator, IMapper mapper, RevokedTokensPoller revocations, int userId, CancellationToken ct)
    {
        var disabled = await mediator.Send(new DisableUserCommand(userId), ct);
        await revocations.PollOnceAsync(ct);
        return AdminResults.Ok(mapper.Map<AdminUserDto, AdminUserJson>(disabled.User));
    }

    public static async Task<IResult> EnableUser(IMediator mediator, IMapper mapper, int userId, CancellationToken ct) =>
        AdminResults.Ok(mapper.Map<AdminUserDto, AdminUserJson>(await mediator.Send(new EnableUserCommand(userId), ct)));

    /// <summary>Sets the password; this node then reads the revocation at once (the others within seconds).</summary>
    public static async Task<IResult> ResetPassword(HttpContext context, IMediator mediator, RevokedTokensPoller revocations, int userId)
    {
        var body = await WireJson.ReadAsync<ResetPasswordBody>(context.Request);
        await mediator.Send(new ResetUserPasswordCommand(userId, body.Password), context.RequestAborted);
        await revocations.PollOnceAsync(context.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> ListSessions(
        IMediator mediator,
        IMapper mapper,
        int userId,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListUserSessionsQuery(userId, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AdminSessionJson>.From(result, mapper));
    }

    public static async Task<IResult> RevokeSession(IMediator mediator, int userId, long sessionId, CancellationToken ct)
    {
        await mediator.Send(new RevokeUserSessionCommand(userId, sessionId), ct);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> RevokeSessions(IMediator mediator, int userId, CancellationToken ct)
    {
        await mediator.Send(new RevokeUserSessionsCommand(userId), ct);
        return TypedResults.NoContent();
    }

    public static string Location(int userId) => "/api/admin/users/" + userId.ToString(CultureInfo.InvariantCulture);

    public sealed record CreateUserBody(string? Email, string? Password, string? Name, string? SystemRole);

    public sealed record UpdateUserBody(string? Name, string? SystemRole);

    public sealed record ResetPasswordBody(string? Password);
}

/// <summary>A user as the admin API shows it: the auth API's user JSON plus account state and activity.</summary>
public sealed record AdminUserJson(
    int Id,
    string Email,
    string Name,
    string? Image,
    bool IsBootstrap,
    string SystemRole,
    string CreatedAt,
    bool TwoFactorEnabled,
    bool Disabled,
    string? DisabledAt,
    int ActiveSessions,
    string? LastSeenAt)
{
    internal static readonly AdminUserJson Example =
        new(42, "ada@example.com", "Ada Lovelace", null, false, "user", "2026-11-21T09:30:00Z", false, false, null, 1, "2026-11-21T09:41:12.5Z");
}

/// <summary>A live cookie session of a user.</summary>
public sealed record AdminSessionJson(long Id, int UserId, string CreatedAt, string ExpiresAt, string LastSeenAt, string? UserAgent, string? IpAddress)
{
    internal static readonly AdminSessionJson Example =
        new(7, 42, "2026-11-21T09:30:00Z", "2026-12-21T09:30:00Z", "2026-11-21T09:41:12.5Z", "Mozilla/5.0 (X11; Linux x86_64)", "203.0.113.7");
}
