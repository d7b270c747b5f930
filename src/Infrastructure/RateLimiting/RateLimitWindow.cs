using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Infrastructure.RateLimiting;

/// <summary>One fixed window of one limit for one key, and how many hits it has counted.</summary>
public sealed class RateLimitWindow
{
    public string Policy { get; private set; } = "";

    public string Key { get; private set; } = "";

    public DateTimeOffset WindowStart { get; private set; }

    public int Hits { get; private set; }

    /// <summary>When the window is over and the row may be deleted.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }
}

internal sealed class RateLimitWindowConfiguration : IEntityTypeConfiguration<RateLimitWindow>
{
    public const string Schema = "platform";

    public void Configure(EntityTypeBuilder<RateLimitWindow> builder)
    {
        builder.ToTable("rate_limit_windows", Schema);
        builder.HasKey(w => new { w.Policy, w.Key, w.WindowStart });
        builder.Property(w => w.Policy).HasMaxLength(64);
        builder.Property(w => w.Key).HasMaxLength(256);
        builder.HasIndex(w => w.ExpiresAt);
    }
}
