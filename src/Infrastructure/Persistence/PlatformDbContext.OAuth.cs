using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.OAuth;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure.Security.DataProtection;

namespace Platform.Infrastructure.Persistence;

/// <summary>The authorization server's tables (Identity module, <c>identity</c> schema).</summary>
public sealed partial class PlatformDbContext : IOAuthDbContext
{
    public DbSet<OAuthClient> OAuthClients => Set<OAuthClient>();

    public DbSet<OAuthAuthorizationCode> OAuthAuthorizationCodes => Set<OAuthAuthorizationCode>();

    public DbSet<OAuthRefreshToken> OAuthRefreshTokens => Set<OAuthRefreshToken>();

    public DbSet<OAuthConsent> OAuthConsents => Set<OAuthConsent>();

    internal DbSet<OAuthSigningKey> OAuthSigningKeys => Set<OAuthSigningKey>();

    internal DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
