using MediatR;
using Microsoft.Extensions.Options;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Common.Telemetry;
using Platform.Application.Common.Validation;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.RegisterClient;

/// <summary>Open dynamic client registration (RFC 7591): anyone may register a client.</summary>
[AllowAnonymous]
[TextRuleExempt(OAuthText.Reason)]
public sealed record RegisterClientCommand(ClientMetadata Metadata, string? ClientIp = null) : IRequest<RegisteredClientDto>;

/// <summary>
/// How much anonymous registration a deployment accepts (security review finding 2), bound from
/// <c>OAuth:Registration</c> (<c>OAuth__Registration__PerIpLimit=20</c>, …): per client address and in
/// all, counted on every node together; and how long a registration that never got a token is kept.
/// </summary>
public sealed class RegistrationLimits
{
    public const string Section = "OAuth:Registration";

    public int PerIpLimit { get; set; } = 20;

    public TimeSpan PerIpWindow { get; set; } = TimeSpan.FromMinutes(10);

    public int GlobalLimit { get; set; } = 1000;

    public TimeSpan GlobalWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A client nobody ever authorized (no consent, code or refresh token) is deleted once older than this.</summary>
    public TimeSpan UnusedClientLifetime { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// The registration response: the stored metadata plus the credentials. <see cref="ClientSecret"/>
/// is the only time the plaintext secret exists (public clients get none).
/// </summary>
public sealed record RegisteredClientDto(
    string ClientId,
    DateTimeOffset ClientIdIssuedAt,
    string? ClientSecret,
    IReadOnlyList<string> RedirectUris,
    string TokenEndpointAuthMethod,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> ResponseTypes,
    string? ClientName,
    string? ClientUri,
    string? LogoUri,
    string? Scope,
    IReadOnlyList<string>? Contacts,
    string? TosUri,
    string? PolicyUri,
    string? SoftwareId,
    string? SoftwareVersion,
    string? ApplicationType);

internal sealed class RegisterClientCommandHandler(IOAuthDbContext db, TimeProvider clock, IRateLimiter limiter, IOptions<RegistrationLimits> limits, PlatformMetrics metrics)
    : IRequestHandler<RegisterClientCommand, RegisteredClientDto>
{
    public async Task<RegisteredClientDto> Handle(RegisterClientCommand request, CancellationToken cancellationToken)
    {
        // The address first: one address refused does not use up everyone's budget.
        var options = limits.Value;
        var perIp = await limiter.HitAsync(new RateLimitPolicy("oauth.register.ip", options.PerIpLimit, options.PerIpWindow), request.ClientIp ?? "unknown", cancellationToken);
        if (!perIp.Allowed)
        {
            metrics.RateLimitRejected("oauth.register.ip");
            throw new RateLimitedException("too many client registrations from this address; try again later", perIp.RetryAfter);
        }

        var all = await limiter.HitAsync(new RateLimitPolicy("oauth.register.all", options.GlobalLimit, options.GlobalWindow), "*", cancellationToken);
        if (!all.Allowed)
        {
            metrics.RateLimitRejected("oauth.register.all");
            throw new RateLimitedException("too many client registrations; try again later", all.RetryAfter);
        }

        string? secret = null;
        var client = OAuthClient.Register(request.Metadata, OAuthSecrets.NewClientId(), () =>
        {
            secret = OAuthSecrets.NewToken();
            return OAuthSecrets.Hash(secret);
        }, clock.GetUtcNow());

        db.OAuthClients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        metrics.ClientRegistered("dynamic");

        // Explicit (decision 0209): the RFC 7591 registration response, with the one-time plaintext secret that the entity never holds.
        return new RegisteredClientDto(
            client.ClientId, client.CreatedAt, secret, client.RedirectUris, client.TokenEndpointAuthMethod, client.GrantTypes, client.ResponseTypes,
            client.ClientName, client.ClientUri, client.LogoUri, client.Scope, client.Contacts, client.TosUri, client.PolicyUri,
            client.SoftwareId, client.SoftwareVersion, client.ApplicationType);
    }
}
