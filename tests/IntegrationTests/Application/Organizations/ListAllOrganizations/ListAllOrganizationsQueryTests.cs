using Platform.Application.Common.Paging;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.ListAllOrganizations;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.ListAllOrganizations;

public sealed class ListAllOrganizationsQueryTests : MediatorFixture
{
    /// <summary>Three organizations whose names share a fresh token (so a search finds exactly them), oldest first.</summary>
    private async Task<(string Token, OrganizationDto[] Organizations)> ThreeOrganizationsAsync()
    {
        var token = $"Zq{Guid.NewGuid():N}"[..12];
        var organizations = new List<OrganizationDto>();
        foreach (var name in new[] { "Alpha", "Beta", "Gamma" })
        {
            organizations.Add(await SendAsync(new CreateOrganizationCommand($"{name} {token}", null)));
        }

        return (token, organizations.ToArray());
    }

    [Test]
    public async Task An_admin_finds_organizations_by_part_of_the_name_whatever_the_case_oldest_first_with_counts()
    {
        var admin = await CreateUserAsync("admin");
        var (token, organizations) = await ThreeOrganizationsAsync();
        await SendAsync(new AddOrganizationMemberCommand(organizations[1].Id, (await CreateUserAsync()).UserId, "member"));

        var page = await SendAsync(new ListAllOrganizationsQuery($"  {token.ToUpperInvariant()} "), admin);

        Assert.That(page.Items.Select(o => o.Id), Is.EqualTo(organizations.Select(o => o.Id)));
        Assert.That(page.Items.Select(o => o.MemberCount), Is.EqualTo(new[] { 0, 1, 0 }));
        Assert.That((page.Total, page.PageNumber, page.PageSize), Is.EqualTo((3, 1, Paging.DefaultPageSize)));
    }

    [Test]
    public async Task The_search_matches_the_slug_too()
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Named"), $"slug-only-{Guid.NewGuid():N}"[..24]));

        var page = await SendAsync(new ListAllOrganizationsQuery(organization.Slug));

        Assert.That(page.Items.Select(o => o.Name), Is.EqualTo(new[] { organization.Name }));
    }

    [Test]
    public async Task Pages_split_the_list_and_a_page_past_the_end_is_empty()
    {
        var (token, organizations) = await ThreeOrganizationsAsync();

        var second = await SendAsync(new ListAllOrganizationsQuery(token, Page: 2, PageSize: 2));
        var past = await SendAsync(new ListAllOrganizationsQuery(token, Page: 3, PageSize: 2));

        Assert.That(second.Items.Select(o => o.Id), Is.EqualTo(new[] { organizations[2].Id }));
        Assert.That(second.Total, Is.EqualTo(3));
        Assert.That(past.Items, Is.Empty);
        Assert.That(past.Total, Is.EqualTo(3));
    }

    [Test]
    public async Task Without_a_search_every_organization_is_listed()
    {
        await ThreeOrganizationsAsync();

        var page = await SendAsync(new ListAllOrganizationsQuery(PageSize: Paging.MaxPageSize));

        Assert.That(page.Total, Is.GreaterThanOrEqualTo(3));
        Assert.That(page.Items, Has.Count.EqualTo(page.Total));
        Assert.That(page.Items.Select(o => o.Id), Is.Ordered.Ascending);
    }

    [Test]
    public async Task Wildcard_characters_in_the_search_match_only_themselves()
    {
        var token = $"w{Guid.NewGuid():N}"[..10];
        var percent = await SendAsync(new CreateOrganizationCommand($"100% {token}", null));
        var underscore = await SendAsync(new CreateOrganizationCommand($"snake_case {token}", null));
        await SendAsync(new CreateOrganizationCommand($"plain {token}", null));

        Assert.That((await SendAsync(new ListAllOrganizationsQuery($"% {token}"))).Items.Select(o => o.Id), Is.EqualTo(new[] { percent.Id }));
        Assert.That((await SendAsync(new ListAllOrganizationsQuery($"_case {token}"))).Items.Select(o => o.Id), Is.EqualTo(new[] { underscore.Id }));
    }

    [Test]
    public async Task Names_with_non_ascii_capitals_are_found_whatever_the_case()
    {
        var token = $"u{Guid.NewGuid():N}"[..10];
        var school = await SendAsync(new CreateOrganizationCommand($"ÉCOLE {token}", null));

        Assert.That((await SendAsync(new ListAllOrganizationsQuery($"ÉCOLE {token}"))).Items.Select(o => o.Id).ToList(), Is.EqualTo(new[] { school.Id }), "exact spelling");
        Assert.That((await SendAsync(new ListAllOrganizationsQuery($"école {token}"))).Items.Select(o => o.Id).ToList(), Is.EqualTo(new[] { school.Id }), "lower case");
    }

    [Test]
    public async Task A_blank_search_lists_everything()
    {
        await ThreeOrganizationsAsync();

        var all = await SendAsync(new ListAllOrganizationsQuery());
        var blank = await SendAsync(new ListAllOrganizationsQuery("   "));

        Assert.That(blank.Total, Is.EqualTo(all.Total));
    }

    [TestCase(0, 10)]
    [TestCase(1, 0)]
    [TestCase(1, Paging.MaxPageSize + 1)]
    [TestCase(-1, 10)]
    public void Out_of_range_paging_is_a_validation_error(int page, int pageSize) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAllOrganizationsQuery(null, page, pageSize)));

    [Test]
    public void A_search_longer_than_a_name_is_a_validation_error() =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAllOrganizationsQuery(new string('q', Organization.MaxNameLength + 1))));

    private static readonly string[] InvalidText = ["a\0b", "\ud800", "x\udc00y"];

    [TestCaseSource(nameof(InvalidText))]
    public void A_search_that_is_not_valid_text_is_a_validation_error(string search) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAllOrganizationsQuery(search)));

    [Test]
    public async Task A_plain_user_is_forbidden_and_nobody_signed_in_must_sign_in()
    {
        var user = await CreateUserAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListAllOrganizationsQuery(), user));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListAllOrganizationsQuery(), Caller.Anonymous));
    }
}
