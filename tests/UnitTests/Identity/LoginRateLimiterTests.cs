using Platform.Infrastructure.Identity;

namespace Platform.UnitTests.Identity;

public sealed class LoginRateLimiterTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Test]
    public void Eleventh_attempt_in_the_window_is_refused_and_the_window_resets_after_a_minute()
    {
        var clock = new ManualClock();
        var limiter = new LoginRateLimiter(clock);
        for (var i = 0; i < 10; i++)
        {
            Assert.That(limiter.TryAcquire("10.0.0.1", "a@example.com"), Is.True, $"attempt {i + 1}");
        }

        Assert.That(limiter.TryAcquire("10.0.0.1", "a@example.com"), Is.False);
        clock.Now += TimeSpan.FromSeconds(61);
        Assert.That(limiter.TryAcquire("10.0.0.1", "a@example.com"), Is.True);
    }

    [Test]
    public void Email_key_limits_across_addresses_and_ip_key_across_emails()
    {
        var limiter = new LoginRateLimiter(new ManualClock());
        for (var i = 0; i < 10; i++)
        {
            Assert.That(limiter.TryAcquire($"10.0.0.{i}", "victim@example.com"), Is.True);
        }

        Assert.That(limiter.TryAcquire("10.0.0.99", "victim@example.com"), Is.False, "same e-mail from a new address");
        Assert.That(limiter.TryAcquire("10.0.0.99", "other@example.com"), Is.True, "refused attempts are not counted");
        for (var i = 0; i < 9; i++)
        {
            limiter.TryAcquire("10.0.0.99", $"u{i}@example.com");
        }

        Assert.That(limiter.TryAcquire("10.0.0.99", "fresh@example.com"), Is.False, "same address, new e-mail");
    }
}
