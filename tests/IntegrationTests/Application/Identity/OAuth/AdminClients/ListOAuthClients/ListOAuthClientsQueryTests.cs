using Platform.Application.Identity.OAuth.AdminClients.ListOAuthClients;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.AdminClients.ListOAuthClients;

public sealed class ListOAuthClientsQueryTests : IdentitySetup
{
    [Test]
    public async Task Clients_are_listed_newest_first()
    {
        var admin = await NewUserAsync("admin");
        var older = await RegisterClientAsync();
        var newer = await RegisterClientAsync();

        var page = await SendAsync(new ListOAuthClientsQuery(PageSize: 200), admin.Caller);

        var ids = page.Items.Select(c => c.ClientId).ToList();
        Assert.That(ids.IndexOf(newer.ClientId), Is.GreaterThanOrEqualTo(0).And.LessThan(ids.IndexOf(older.ClientId)));
        Assert.That(page.Total, Is.EqualTo(page.Items.Count));
    }

    [Test]
    public async Task The_search_matches_part_of_the_name_case_insensitively_or_the_exact_client_id()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var named = await RegisterClientAsync($"Editor {marker.ToUpperInvariant()} Plugin");
        var other = await RegisterClientAsync();

        var byName = await SendAsync(new ListOAuthClientsQuery(Search: $" {marker} "));
        var byId = await SendAsync(new ListOAuthClientsQuery(Search: other.ClientId));
        var byIdPart = await SendAsync(new ListOAuthClientsQuery(Search: other.ClientId[..10]));

        Assert.That(byName.Items.Select(c => c.ClientId), Is.EqualTo(new[] { named.ClientId }));
        Assert.That(byId.Items.Select(c => c.ClientId), Is.EqualTo(new[] { other.ClientId }));
        Assert.That(byIdPart.Items.Select(c => c.ClientId), Does.Not.Contain(other.ClientId));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListOAuthClientsQuery(), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListOAuthClientsQuery(), user.Caller));
    }

    [Test]
    public void Invalid_search_and_paging_are_validation_errors()
    {
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListOAuthClientsQuery(Search: new string('s', OAuthClient.MaxClientIdLength + 1))));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListOAuthClientsQuery(Search: "a\0b")));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListOAuthClientsQuery(Search: "\udc00")));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListOAuthClientsQuery(Page: 0)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListOAuthClientsQuery(PageSize: 201)));
    }
}
