using Microsoft.EntityFrameworkCore;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.CreateOrganization;

public sealed class CreateOrganizationCommandTests : MediatorFixture
{
    [Test]
    public async Task An_admin_creates_the_organization_with_a_slug_derived_from_the_name_and_an_audit_row()
    {
        var admin = await CreateUserAsync("admin");
        var name = Unique("Acme Corp");

        var created = await SendAsync(new CreateOrganizationCommand($"  {name}  ", null), admin);

        Assert.That(created.Name, Is.EqualTo(name));
        Assert.That(created.Slug, Is.EqualTo(Organization.Slugify(name)));
        Assert.That(created.Slug, Does.StartWith("acme-corp-"));
        Assert.That(created.Logo, Is.Null);
        var stored = await InDatabaseAsync(db => db.Organizations.SingleAsync(o => o.Id == created.Id));
        Assert.That((stored.Name, stored.Slug), Is.EqualTo((created.Name, created.Slug)));
        Assert.That(stored.CreatedAt, Is.EqualTo(created.CreatedAt).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.CountAsync(m => m.OrganizationId == created.Id)), Is.Zero, "the creator does not become a member");
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.SingleAsync(a => a.Action == "organization.create" && a.TargetId == created.Id.ToString()));
        Assert.That(audit.ActorUserId, Is.EqualTo(admin.UserId));
        Assert.That(audit.TargetType, Is.EqualTo("organization"));
    }

    [Test]
    public async Task An_explicit_slug_is_trimmed_and_kept()
    {
        var slug = $"team-{Guid.NewGuid():N}"[..20];

        var created = await SendAsync(new CreateOrganizationCommand(Unique("Team"), $"  {slug} "));

        Assert.That(created.Slug, Is.EqualTo(slug));
        Assert.That(await InDatabaseAsync(db => db.Organizations.Where(o => o.Id == created.Id).Select(o => o.Slug).SingleAsync()), Is.EqualTo(slug));
    }

    [Test]
    public async Task A_slug_in_use_is_a_conflict_and_nothing_more_is_stored()
    {
        var first = await SendAsync(new CreateOrganizationCommand(Unique("First"), null));

        var conflict = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new CreateOrganizationCommand(Unique("Second"), first.Slug)));

        Assert.That(conflict!.Details["field"], Is.EqualTo("slug"));
        Assert.That(await InDatabaseAsync(db => db.Organizations.CountAsync(o => o.Slug == first.Slug)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_plain_user_is_forbidden_and_nobody_signed_in_must_sign_in()
    {
        var user = await CreateUserAsync();
        var name = Unique("Refused");

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new CreateOrganizationCommand(name, null), user));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new CreateOrganizationCommand(name, null), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Organizations.AnyAsync(o => o.Name == name)), Is.False);
    }

    // A lone surrogate cannot go through an attribute (its UTF-8 blob turns it into U+FFFD): a source gives it at run time.
    private static readonly string?[] InvalidNames = [null, "", "   ", "a\0b", "bad \ud800 name", "\udc00"];

    [TestCaseSource(nameof(InvalidNames))]
    public void Invalid_names_are_validation_errors(string? name)
    {
        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateOrganizationCommand(name, "valid-slug")));
        Assert.That(error!.Details["field"], Is.EqualTo("name"));
    }

    [Test]
    public void A_name_longer_than_the_limit_is_a_validation_error() =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateOrganizationCommand(new string('n', Organization.MaxNameLength + 1), null)));

    [TestCase("Upper")]
    [TestCase("two--dashes")]
    [TestCase("-leading")]
    [TestCase("trailing-")]
    [TestCase("with space")]
    [TestCase("a\0b")]
    public void Invalid_slugs_are_validation_errors(string slug)
    {
        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateOrganizationCommand(Unique("Org"), slug)));
        Assert.That(error!.Details["field"], Is.EqualTo("slug"));
    }

    [Test]
    public void A_slug_longer_than_the_limit_is_a_validation_error() =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateOrganizationCommand(Unique("Org"), new string('s', Organization.MaxSlugLength + 1))));

    [Test]
    public async Task A_name_without_ascii_letters_or_digits_needs_an_explicit_slug()
    {
        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateOrganizationCommand("日本語 · ✓", null)));

        Assert.That(error!.Details["field"], Is.EqualTo("slug"));
        Assert.That(await InDatabaseAsync(db => db.Organizations.AnyAsync(o => o.Name == "日本語 · ✓")), Is.False);
        Assert.That((await SendAsync(new CreateOrganizationCommand("日本語 · ✓", "nihongo"))).Name, Is.EqualTo("日本語 · ✓"));
    }
}
