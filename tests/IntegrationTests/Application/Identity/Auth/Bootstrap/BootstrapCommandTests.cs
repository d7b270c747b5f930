using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Application.Common.Security;
using Platform.Application.Identity;
using Platform.Application.Identity.Auth.Bootstrap;
using Platform.Application.Identity.Sessions;
using Platform.Domain.Common;
using Platform.Domain.Identity;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Application.Identity.Auth.Bootstrap;

/// <summary>The fixture bootstraps the owner (the happy path) before any test; these tests look at what it left and what comes after.</summary>
public sealed class BootstrapCommandTests : IdentitySetup
{
    [Test]
    public async Task The_first_user_is_the_bootstrap_owner_with_a_session()
    {
        var owner = await InDatabaseAsync(db => db.Users.SingleAsync(u => u.Id == Owner.UserId));

        Assert.That(owner.Email, Is.EqualTo("owner@example.com"));
        Assert.That(owner.Name, Is.EqualTo("Owner"));
        Assert.That(owner.IsBootstrap, Is.True);
        Assert.That(owner.SystemRole, Is.EqualTo(SystemRole.Owner));
        Assert.That(owner.PasswordHash, Does.Not.Contain("password123"));
        Assert.That(await InDatabaseAsync(db => db.Sessions.AnyAsync(s => s.UserId == owner.Id)), Is.True);
    }

    [Test]
    public async Task Once_a_user_exists_bootstrap_is_a_conflict_for_anyone()
    {
        var email = UniqueEmail("second");

        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new BootstrapCommand(email, "password123", "Second"), Caller.Anonymous));
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new BootstrapCommand(email, "password123", "Second"), Owner));
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new BootstrapCommand("not-an-email", "x", ""), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Users.AnyAsync(u => u.Email == email)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.Users.CountAsync(u => u.IsBootstrap)), Is.EqualTo(1));
    }

    private static readonly object[] UnstorableText = [new[] { "a\0b@example.com", "password123", "Name" }, new[] { "x@example.com", "password123", "\ud800" }];

    [TestCaseSource(nameof(UnstorableText))]
    public void Text_that_cannot_be_stored_is_a_validation_error_before_anything_else(string email, string password, string name) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new BootstrapCommand(email, password, name), Caller.Anonymous));

    [Test]
    public async Task On_an_empty_database_bootstrap_validates_then_creates_the_owner_and_signs_them_in()
    {
        using var app = new PlatformApp(services: services => services.AddScoped<ICurrentUser, TestCurrentUser>());
        async Task<SignedInUser> BootstrapAsync(string? email, string? password, string? name)
        {
            TestCurrentUser.Current.Value = Caller.Anonymous;
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new BootstrapCommand(email, password, name, "agent", "10.1.2.3"));
        }

        Assert.ThrowsAsync<ValidationFailedException>(() => BootstrapAsync("no-at-sign", "password123", "First"));
        Assert.ThrowsAsync<ValidationFailedException>(() => BootstrapAsync("first@example.com", "short", "First"));
        Assert.ThrowsAsync<ValidationFailedException>(() => BootstrapAsync("first@example.com", "password123", "   "));
        Assert.ThrowsAsync<ValidationFailedException>(() => BootstrapAsync("first@example.com", "password123", new string('n', User.MaxNameLength + 1)));
        await using (var db = app.CreateDbContext())
        {
            Assert.That(await db.Users.CountAsync(), Is.Zero);
        }

        var signedIn = await BootstrapAsync("  First@Example.COM ", "password123", "  First  ");

        Assert.That(signedIn.User.Email, Is.EqualTo("first@example.com"));
        Assert.That(signedIn.User.Name, Is.EqualTo("First"));
        Assert.That(signedIn.User.IsBootstrap, Is.True);
        Assert.That(signedIn.User.SystemRole, Is.EqualTo(SystemRole.Owner));
        Assert.That(signedIn.SessionToken, Has.Length.EqualTo(43));
        await using (var db = app.CreateDbContext())
        {
            var hash = SessionService.HashToken(signedIn.SessionToken);
            var session = await db.Sessions.SingleAsync(s => s.TokenHash == hash);
            Assert.That((session.UserId, session.UserAgent, session.IpAddress), Is.EqualTo((signedIn.User.Id, "agent", "10.1.2.3")));
            Assert.That(session.ExpiresAt, Is.EqualTo(signedIn.ExpiresAt).Within(TimeSpan.FromMilliseconds(1)));
        }

        Assert.ThrowsAsync<ConflictException>(() => BootstrapAsync("again@example.com", "password123", "Again"));
    }
}
