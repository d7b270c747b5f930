using Microsoft.Extensions.Options;
using Platform.Application.Identity.ApiTokens;
using Platform.Application.Identity.OAuth;
using Platform.Web.Security.ApiTokens;
using Platform.Web.Security.Bearer;

namespace Platform.UnitTests.Security;

/// <summary>The API token's text, reading <c>Authorization</c> as envelope-dialect.md §4.2 does, and its revocation checks.</summary>
public sealed class ApiTokenTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void New_tokens_are_sb_and_43_base64url_characters_and_their_hash_is_sha256()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => ApiTokenSecrets.New()).ToList();

        Assert.That(tokens.Select(t => t.Token), Is.All.Match("^sb_[A-Za-z0-9_-]{43}$"));
        Assert.That(tokens.Select(t => t.Token), Is.Unique);
        Assert.That(tokens.Select(t => ApiTokenSecrets.IsWellFormed(t.Token)), Is.All.True);
        Assert.That(tokens[0].Hash, Is.EqualTo(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tokens[0].Token))));
    }

    [TestCase("")]
    [TestCase("sb_")]
    [TestCase("sb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("sb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("SB_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("sb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("sb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [TestCase("sb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ")]
    [TestCase("xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_else_is_not_well_formed_and_never_looked_up(string token) =>
        Assert.That(ApiTokenSecrets.IsWellFormed(token), Is.False);

    [TestCase("sb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("sb_-_09azAZ-_09azAZ-_09azAZ-_09azAZ-_09azAZ-_0")]
    public void The_shape_of_an_issued_token_is_well_formed(string token) =>
        Assert.That(ApiTokenSecrets.IsWellFormed(token), Is.True);

    [TestCase("Bearer sb_x", true, "sb_x")]
    [TestCase("bearer   sb_x  ", true, "sb_x")]
    [TestCase("  BEARER sb_x", true, "sb_x")]
    [TestCase("Bearer", true, "")]
    [TestCase("Bearer ", true, "")]
    [TestCase("Bearer sb_a b", true, "sb_a b")]
    [TestCase("Bearerxyz", false, "")]
    [TestCase("Basic dXNlcjpwYXNz", false, "")]
    [TestCase("", false, "")]
    [TestCase(null, false, "")]
    public void The_authorization_header_is_a_bearer_attempt_by_its_first_word(string? header, bool attempt, string credential)
    {
        Assert.That(BearerCredential.TryRead(header, out var read), Is.EqualTo(attempt));
        Assert.That(read, Is.EqualTo(credential));
        Assert.That(BearerCredential.IsAttempt(header), Is.EqualTo(attempt));
    }

    [Test]
    public void One_tokens_revocation_refuses_that_token_only()
    {
        var revoked = new RevokedTokens(new ManualTimeProvider(Start), Options.Create(new OAuthTokenOptions()));

        revoked.Apply([new TokenRevocationDto(1, 7, null, Start, ApiTokenId: 42)]);

        Assert.Multiple(() =>
        {
            Assert.That(revoked.IsApiTokenRevoked(7, 42, Start.AddDays(-1)), Is.True);
            Assert.That(revoked.IsApiTokenRevoked(7, 43, Start.AddDays(-1)), Is.False, "the user's other tokens");
            Assert.That(revoked.IsRevoked(7, null, Start.AddDays(-1)), Is.False, "not a user-wide revocation of access tokens");
            Assert.That(revoked.LastId, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_user_wide_revocation_refuses_the_tokens_made_until_then_and_not_later_ones()
    {
        var revoked = new RevokedTokens(new ManualTimeProvider(Start), Options.Create(new OAuthTokenOptions()));

        revoked.Apply([new TokenRevocationDto(5, 7, null, Start)]);

        Assert.Multiple(() =>
        {
            Assert.That(revoked.IsApiTokenRevoked(7, 1, Start.AddSeconds(-1)), Is.True);
            Assert.That(revoked.IsApiTokenRevoked(7, 1, Start), Is.True);
            Assert.That(revoked.IsApiTokenRevoked(7, 2, Start.AddMilliseconds(1)), Is.False, "made after the reset");
            Assert.That(revoked.IsApiTokenRevoked(8, 3, Start.AddSeconds(-1)), Is.False, "another user");
        });
    }

    [Test]
    public void A_client_revocation_does_not_touch_api_tokens()
    {
        var revoked = new RevokedTokens(new ManualTimeProvider(Start), Options.Create(new OAuthTokenOptions()));

        revoked.Apply([new TokenRevocationDto(5, 7, "some-client", Start)]);

        Assert.That(revoked.IsApiTokenRevoked(7, 1, Start.AddSeconds(-1)), Is.False);
    }
}
