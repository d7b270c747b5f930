using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth;

/// <summary>The authorization server's tables (part of the Identity module, so users are visible too).</summary>
public interface IOAuthDbContext : IIdentityDbContext
{
    DbSet<OAuthClient> OAuthClients { get; }

    DbSet<OAuthAuthorizationCode> OAuthAuthorizationCodes { get; }

    DbSet<OAuthRefreshToken> OAuthRefreshTokens { get; }

    DbSet<OAuthConsent> OAuthConsents { get; }

    /// <summary>For the few steps that must commit together (a code or refresh token and what it issues).</summary>
    DatabaseFacade Database { get; }
}
