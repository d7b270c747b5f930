using Platform.Application.Identity.Directory;
using Platform.Domain.Identity;
using Platform.Web.Security.Bearer;

namespace Platform.UnitTests.Security;

public sealed class ActiveUserCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class Directory : IUserDirectory
    {
        public Dictionary<int, UserSummary> Users { get; } = [];

        public int Lookups { get; private set; }

        public Task<UserSummary?> FindAsync(int userId, CancellationToken ct)
        {
            Lookups++;
            return Task.FromResult(Users.GetValueOrDefault(userId));
        }

        public Task<IReadOnlyDictionary<int, UserSummary>> GetManyAsync(IReadOnlyCollection<int> userIds, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<UserSummary>> ListExceptAsync(IReadOnlyCollection<int> excludedIds, CancellationToken ct) => throw new NotSupportedException();

        public Task<bool> IsBootstrappedAsync(CancellationToken ct) => throw new NotSupportedException();
    }

    private static UserSummary User(int id, bool disabled = false) =>
        new(id, $"u{id}@example.com", "U", null, SystemRole.User, false, Start, disabled);

    [Test]
    public async Task An_active_user_is_read_once_per_lifetime()
    {
        var clock = new ManualTimeProvider(Start);
        var cache = new ActiveUserCache(clock);
        var directory = new Directory();
        directory.Users[1] = User(1);

        for (var i = 0; i < 5; i++)
        {
            Assert.That(await cache.FindActiveAsync(1, directory, CancellationToken.None), Is.Not.Null);
        }

        Assert.That(directory.Lookups, Is.EqualTo(1));
        clock.Advance(ActiveUserCache.Lifetime);
        directory.Users[1] = User(1, disabled: true);

        Assert.That(await cache.FindActiveAsync(1, directory, CancellationToken.None), Is.Null, "disabled users are refused once the entry expires");
        Assert.That(directory.Lookups, Is.EqualTo(2));
    }

    [Test]
    public async Task Unknown_and_disabled_users_are_never_cached()
    {
        var cache = new ActiveUserCache(new ManualTimeProvider(Start));
        var directory = new Directory();
        directory.Users[2] = User(2, disabled: true);

        for (var i = 0; i < 3; i++)
        {
            Assert.That(await cache.FindActiveAsync(2, directory, CancellationToken.None), Is.Null);
            Assert.That(await cache.FindActiveAsync(3, directory, CancellationToken.None), Is.Null);
        }

        Assert.That(directory.Lookups, Is.EqualTo(6));
        directory.Users[3] = User(3);
        Assert.That(await cache.FindActiveAsync(3, directory, CancellationToken.None), Is.Not.Null, "a user created later is found at once");
    }
}
