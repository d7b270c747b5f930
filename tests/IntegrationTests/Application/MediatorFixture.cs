using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Auth.Bootstrap;
using Platform.Application.Identity.Users.CreateUser;
using Platform.Domain.Identity;
using Platform.Infrastructure.Persistence;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Application;

/// <summary>
/// Base of the use-case tests (one class per request, in a folder mirroring <c>src/Application</c>):
/// each request is sent through <see cref="IMediator"/> in a fresh DI scope of the real composition
/// root (the server's services on its own fresh PostgreSQL database), as a chosen <see cref="Caller"/>,
/// so the whole pipeline runs: authorization, validation, the handler, auditing. HTTP tests keep
/// the wire shapes and transport rules.
/// </summary>
public abstract class MediatorFixture
{
    private static int _sequence;

    protected PlatformApp App { get; private set; } = null!;

    /// <summary>The system owner made by bootstrap (a session caller: every scope).</summary>
    protected Caller Owner { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAppAsync()
    {
        App = new PlatformApp(services: services => services.AddScoped<ICurrentUser, TestCurrentUser>());
        var signedIn = await SendAsync(new BootstrapCommand("owner@example.com", "password123", "Owner"), Caller.Anonymous);
        Owner = new Caller(signedIn.User.Id, SystemRole.Owner);
    }

    [OneTimeTearDown]
    public void StopApp() => App.Dispose();

    /// <summary>Sends <paramref name="request"/> in a new scope as <paramref name="caller"/> (default: <see cref="Owner"/>).</summary>
    protected async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, Caller? caller = null)
    {
        TestCurrentUser.Current.Value = caller ?? Owner;
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>A new user with <paramref name="role"/> (created by the owner), as a session caller.</summary>
    protected async Task<Caller> CreateUserAsync(string role = "user", string? name = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var user = await SendAsync(new CreateUserCommand($"user{n}@example.com", "password123", name ?? $"User {n}", role));
        return new Caller(user.Id, user.SystemRole);
    }

    /// <summary>A direct look at the database (assertions on what a request stored).</summary>
    protected async Task<T> InDatabaseAsync<T>(Func<PlatformDbContext, Task<T>> query)
    {
        await using var db = App.CreateDbContext();
        return await query(db);
    }

    protected static string Unique(string prefix) => $"{prefix} {Interlocked.Increment(ref _sequence)}";
}

/// <summary>Who sends a request: a user (with a session's full rights, or a bearer token's <see cref="Scopes"/>), or nobody.</summary>
public sealed record Caller(int? UserId, SystemRole? Role, IReadOnlySet<string>? Scopes = null)
{
    public static readonly Caller Anonymous = new(null, null);

    /// <summary>The same user calling with a bearer token limited to <paramref name="scopes"/>.</summary>
    public Caller WithScopes(params string[] scopes) => this with { Scopes = scopes.ToHashSet(StringComparer.Ordinal) };
}

/// <summary>The current user of a mediator test: the caller the test chose for this send.</summary>
internal sealed class TestCurrentUser : ICurrentUser
{
    public static readonly AsyncLocal<Caller?> Current = new();

    public int? UserId => Current.Value?.UserId;

    public SystemRole? SystemRole => Current.Value?.Role;

    public IReadOnlySet<string>? Scopes => Current.Value?.Scopes;
}
