using Microsoft.Extensions.Options;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth;

/// <summary>
/// Token lifetimes and the refresh-token reuse grace, bound from <c>OAuth</c>
/// (<c>OAuth__AccessTokenLifetime=01:00:00</c>, <c>OAuth__RefreshTokenLifetime=30.00:00:00</c>,
/// <c>OAuth__RefreshTokenReuseGraceSeconds=60</c>; README, decision 0303).
/// </summary>
public sealed class OAuthTokenOptions
{
    public const string Section = "OAuth";

    /// <summary>The longest grace accepted (Linear keeps 30 minutes).</summary>
    public const int MaxReuseGraceSeconds = 3600;

    /// <summary>The longest access-token lifetime accepted: revocations and retired keys are kept that long.</summary>
    public static readonly TimeSpan MaxAccessTokenLifetime = TimeSpan.FromDays(1);

    /// <summary>How long an access token (a JWT, not revocable one by one) is valid: its <c>exp</c> and <c>expires_in</c>.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a refresh token is valid; every rotation issues a successor valid this long again (sliding).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = OAuthRefreshToken.DefaultLifetime;

    /// <summary>
    /// For how many seconds after its rotation a refresh token presented again gets the same
    /// successor (and a fresh access token) instead of revoking its family; 0 disables the grace.
    /// </summary>
    public int RefreshTokenReuseGraceSeconds { get; set; } = 60;

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    public string? Problem() =>
        AccessTokenLifetime <= TimeSpan.Zero || AccessTokenLifetime > MaxAccessTokenLifetime
            ? $"OAuth:AccessTokenLifetime must be more than 0 and at most {MaxAccessTokenLifetime}"
        : AccessTokenLifetime.Ticks % TimeSpan.TicksPerSecond != 0
            ? "OAuth:AccessTokenLifetime must be whole seconds (expires_in and exp are seconds)"
        : RefreshTokenLifetime <= TimeSpan.Zero
            ? "OAuth:RefreshTokenLifetime must be more than 0"
        : RefreshTokenReuseGraceSeconds is < 0 or > MaxReuseGraceSeconds
            ? $"OAuth:RefreshTokenReuseGraceSeconds must be between 0 (no grace) and {MaxReuseGraceSeconds}"
        : null;
}

/// <summary>Refuses to start with unusable token settings, naming the setting (<see cref="OAuthTokenOptions.Problem"/>).</summary>
public sealed class OAuthTokenOptionsValidator : IValidateOptions<OAuthTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthTokenOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
