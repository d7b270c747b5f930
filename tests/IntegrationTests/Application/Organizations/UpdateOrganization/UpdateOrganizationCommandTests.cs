using Microsoft.EntityFrameworkCore;
using Platform.Application.Common;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.UpdateOrganization;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.UpdateOrganization;

public sealed class UpdateOrganizationCommandTests : MediatorFixture
{
    private Task<OrganizationDto> NewOrganizationAsync() => SendAsync(new CreateOrganizationCommand(Unique("Org"), null));

    private static string NewSlug() => $"s-{Guid.NewGuid():N}"[..20];

    [Test]
    public async Task An_admin_renames_and_changes_the_slug_with_an_audit_row()
    {
        var admin = await CreateUserAsync("admin");
        var organization = await NewOrganizationAsync();
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, (await CreateUserAsync()).UserId, "member"));
        var name = Unique("Renamed");
        var slug = NewSlug();

        var updated = await SendAsync(new UpdateOrganizationCommand(organization.Id, $" {name} ", $" {slug} "), admin);

        Assert.That((updated.Id, updated.Name, updated.Slug, updated.MemberCount, updated.TaskCount), Is.EqualTo((organization.Id, name, slug, 1, 0)));
        var stored = await InDatabaseAsync(db => db.Organizations.SingleAsync(o => o.Id == organization.Id));
        Assert.That((stored.Name, stored.Slug), Is.EqualTo((name, slug)));
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.SingleAsync(a => a.Action == "organization.update" && a.TargetId == organization.Id.ToString()));
        Assert.That(audit.ActorUserId, Is.EqualTo(admin.UserId));
    }

    [Test]
    public async Task A_field_left_null_stays()
    {
        var organization = await NewOrganizationAsync();
        var name = Unique("Only name");

        var renamed = await SendAsync(new UpdateOrganizationCommand(organization.Id, name, default));
        Assert.That((renamed.Name, renamed.Slug), Is.EqualTo((name, organization.Slug)));

        var slug = NewSlug();
        var reslugged = await SendAsync(new UpdateOrganizationCommand(organization.Id, default, slug));
        Assert.That((reslugged.Name, reslugged.Slug), Is.EqualTo((name, slug)));
        Assert.That(await InDatabaseAsync(db => db.Organizations.Where(o => o.Id == organization.Id).Select(o => new { o.Name, o.Slug }).SingleAsync()), Is.EqualTo(new { Name = name, Slug = slug }));
    }

    [Test]
    public async Task A_slug_used_by_another_organization_is_a_conflict_but_its_own_slug_is_not()
    {
        var organization = await NewOrganizationAsync();
        var other = await NewOrganizationAsync();

        var conflict = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new UpdateOrganizationCommand(organization.Id, Unique("New name"), other.Slug)));
        Assert.That(conflict!.Details["field"], Is.EqualTo("slug"));
        Assert.That(await InDatabaseAsync(db => db.Organizations.Where(o => o.Id == organization.Id).Select(o => o.Name).SingleAsync()), Is.EqualTo(organization.Name), "nothing changed");

        var same = await SendAsync(new UpdateOrganizationCommand(organization.Id, default, $" {organization.Slug}"));
        Assert.That(same.Slug, Is.EqualTo(organization.Slug));
    }

    [Test]
    public async Task Nothing_to_update_is_a_validation_error()
    {
        var organization = await NewOrganizationAsync();

        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateOrganizationCommand(organization.Id, default, default)));

        Assert.That(error!.Details["field"], Is.EqualTo("body"));
    }

    // A lone surrogate cannot go through an attribute (its UTF-8 blob turns it into U+FFFD): a source gives it at run time.
    private static readonly object?[][] InvalidFields =
    [
        ["", null], ["   ", null], ["a\0b", null], ["\ud800", null], [null, "Not A Slug"], [null, "double--dash"], [null, ""], [null, "a\0b"], [null, "\udc00"],
    ];

    [TestCaseSource(nameof(InvalidFields))]
    public async Task Invalid_names_and_slugs_are_validation_errors(string? name, string? slug)
    {
        var organization = await NewOrganizationAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateOrganizationCommand(organization.Id, Optional.IfNotNull(name), Optional.IfNotNull(slug))));
        Assert.That(await InDatabaseAsync(db => db.Organizations.Where(o => o.Id == organization.Id).Select(o => o.Slug).SingleAsync()), Is.EqualTo(organization.Slug));
    }

    [Test]
    public async Task Oversize_names_and_slugs_are_validation_errors()
    {
        var organization = await NewOrganizationAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateOrganizationCommand(organization.Id, new string('n', Organization.MaxNameLength + 1), default)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateOrganizationCommand(organization.Id, default, new string('s', Organization.MaxSlugLength + 1))));
    }

    [Test]
    public void An_unknown_organization_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateOrganizationCommand(int.MaxValue, "Name", default)));

    [Test]
    public async Task A_plain_user_is_forbidden_and_nobody_signed_in_must_sign_in()
    {
        var user = await CreateUserAsync();
        var organization = await NewOrganizationAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new UpdateOrganizationCommand(organization.Id, "Taken over", default), user));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new UpdateOrganizationCommand(organization.Id, "Taken over", default), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Organizations.Where(o => o.Id == organization.Id).Select(o => o.Name).SingleAsync()), Is.EqualTo(organization.Name));
    }
}
