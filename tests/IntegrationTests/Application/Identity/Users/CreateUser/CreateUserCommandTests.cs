using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Auth;
using Platform.Application.Identity.Users.CreateUser;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.IntegrationTests.Application.Identity.Users.CreateUser;

public sealed class CreateUserCommandTests : IdentitySetup
{
    [Test]
    public async Task An_admin_creates_a_user_with_a_normalized_email_and_a_hashed_password()
    {
        var admin = await NewUserAsync("admin");
        var email = UniqueEmail("new");

        var created = await SendAsync(new CreateUserCommand($"  {email.ToUpperInvariant()}  ", "  password123  ", "  New Person ", null), admin.Caller);

        Assert.That(created.Email, Is.EqualTo(email));
        Assert.That(created.Name, Is.EqualTo("New Person"));
        Assert.That(created.SystemRole, Is.EqualTo(SystemRole.User));
        Assert.That((created.IsBootstrap, created.Disabled), Is.EqualTo((false, false)));
        var stored = await InDatabaseAsync(db => db.Users.SingleAsync(u => u.Id == created.Id));
        Assert.That((stored.Email, stored.Name, stored.SystemRole), Is.EqualTo((email, "New Person", SystemRole.User)));
        Assert.That(stored.PasswordHash, Is.Not.Empty.And.Not.Contain("password123"));
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.SingleAsync(e => e.Action == "user.create" && e.TargetId == created.Id.ToString()));
        Assert.That(audit.ActorUserId, Is.EqualTo(admin.Id));
        Assert.That(audit.Summary, Does.Contain(email).And.Not.Contain("password123"));
        Assert.That((await LoginAsync(new TestUser(new Caller(created.Id, created.SystemRole), email, "password123"))).User.Id, Is.EqualTo(created.Id));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();
        var email = UniqueEmail();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new CreateUserCommand(email, "password123", "X", "user"), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new CreateUserCommand(email, "password123", "X", "user"), user.Caller));
        Assert.That(await InDatabaseAsync(db => db.Users.AnyAsync(u => u.Email == email)), Is.False);
    }

    [Test]
    public async Task Only_an_owner_creates_an_owner()
    {
        var admin = await NewUserAsync("admin");

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new CreateUserCommand(UniqueEmail(), "password123", "X", "owner"), admin.Caller));
        Assert.That((await SendAsync(new CreateUserCommand(UniqueEmail(), "password123", "X", " Owner "), Owner)).SystemRole, Is.EqualTo(SystemRole.Owner));
        Assert.That((await SendAsync(new CreateUserCommand(UniqueEmail(), "password123", "X", "admin"), admin.Caller)).SystemRole, Is.EqualTo(SystemRole.Admin));
    }

    [Test]
    public async Task An_email_in_use_is_a_conflict_whatever_its_case()
    {
        var existing = await NewUserAsync();

        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new CreateUserCommand(existing.Email.ToUpperInvariant(), "password123", "Dup", null)));
        Assert.That(await InDatabaseAsync(db => db.Users.CountAsync(u => u.Email == existing.Email)), Is.EqualTo(1));
    }

    [TestCase("no-at-sign", "password123", "Name", null)]
    [TestCase("x@example.com", "short", "Name", null)]
    [TestCase("x@example.com", "", "Name", null)]
    [TestCase("x@example.com", "password123", "   ", null)]
    [TestCase("x@example.com", "password123", "Name", "root")]
    [TestCase("x@exa\0mple.com", "password123", "Name", null)]
    public void Invalid_fields_are_validation_errors(string email, string password, string name, string? role) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateUserCommand(email, password, name, role)));

    [Test]
    public void Oversize_fields_and_a_lone_surrogate_are_validation_errors()
    {
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateUserCommand(UniqueEmail(), "password123", "Na\ud800me", null)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateUserCommand(new string('e', User.MaxEmailLength) + "@x.io", "password123", "N", null)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateUserCommand(UniqueEmail(), "password123", new string('n', User.MaxNameLength + 1), null)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateUserCommand(UniqueEmail(), new string('p', Credentials.MaxPasswordLength + 1), "N", null)));
    }
}
