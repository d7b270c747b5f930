using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.Admin.Users.UpdateUser;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.UpdateUser;

public sealed class UpdateUserCommandTests : IdentitySetup
{
    [Test]
    public async Task An_admin_renames_a_user_and_makes_them_an_admin()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();

        var updated = await SendAsync(new UpdateUserCommand(target.Id, "  New Name  ", "admin"), admin.Caller);

        Assert.That(updated.Id, Is.EqualTo(target.Id));
        Assert.That(updated.Name, Is.EqualTo("New Name"));
        Assert.That(updated.SystemRole, Is.EqualTo(SystemRole.Admin));
        var stored = await InDatabaseAsync(db => db.Users.SingleAsync(u => u.Id == target.Id));
        Assert.That((stored.Name, stored.SystemRole), Is.EqualTo(("New Name", SystemRole.Admin)));
        var summary = await InDatabaseAsync(db => db.AdminAuditLog.Where(e => e.Action == "user.update" && e.TargetId == target.Id.ToString()).Select(e => e.Summary).SingleAsync());
        var json = JsonDocument.Parse(summary).RootElement;
        Assert.That((json.GetProperty("name").GetString(), json.GetProperty("systemRole").GetString()), Is.EqualTo(("New Name", "admin")));
    }

    [Test]
    public async Task A_field_left_null_stays_as_it_is()
    {
        var target = await NewUserAsync("admin", "Keep Me");

        var renamed = await SendAsync(new UpdateUserCommand(target.Id, "Other", default));
        var demoted = await SendAsync(new UpdateUserCommand(target.Id, default, "user"));

        Assert.That(renamed.SystemRole, Is.EqualTo(SystemRole.Admin));
        Assert.That((demoted.Name, demoted.SystemRole), Is.EqualTo(("Other", SystemRole.User)));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var target = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new UpdateUserCommand(target.Id, "X", default), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new UpdateUserCommand(target.Id, default, "admin"), target.Caller));
        Assert.That(await InDatabaseAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.SystemRole).SingleAsync()), Is.EqualTo(SystemRole.User));
    }

    [Test]
    public async Task Only_an_owner_makes_an_owner_or_changes_one()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new UpdateUserCommand(target.Id, default, "owner"), admin.Caller));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new UpdateUserCommand(Owner.UserId!.Value, "Renamed", default), admin.Caller));
        var promoted = await SendAsync(new UpdateUserCommand(target.Id, default, "owner"), Owner);
        Assert.That(promoted.SystemRole, Is.EqualTo(SystemRole.Owner));

        // Put things back: the last-owner test counts the active owners.
        await SendAsync(new DisableUserCommand(target.Id), Owner);
    }

    [Test]
    public async Task The_last_active_owner_keeps_the_role()
    {
        var error = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new UpdateUserCommand(Owner.UserId!.Value, default, "admin"), Owner));

        Assert.That(error!.Details["reason"], Is.EqualTo("last_owner"));
        Assert.That(await InDatabaseAsync(db => db.Users.Where(u => u.Id == Owner.UserId).Select(u => u.SystemRole).SingleAsync()), Is.EqualTo(SystemRole.Owner));
        Assert.That((await SendAsync(new UpdateUserCommand(Owner.UserId!.Value, default, "owner"), Owner)).SystemRole, Is.EqualTo(SystemRole.Owner));
    }

    [Test]
    public async Task An_owner_can_step_down_while_another_active_owner_remains()
    {
        var first = await NewUserAsync("owner");
        var second = await NewUserAsync("owner");

        var demoted = await SendAsync(new UpdateUserCommand(first.Id, default, "user"), second.Caller);

        Assert.That(demoted.SystemRole, Is.EqualTo(SystemRole.User));
        await SendAsync(new DisableUserCommand(second.Id), Owner);
    }

    [Test]
    public async Task Invalid_input_is_a_validation_error()
    {
        var target = await NewUserAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateUserCommand(target.Id, default, default)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateUserCommand(target.Id, "   ", default)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateUserCommand(target.Id, new string('n', User.MaxNameLength + 1), default)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateUserCommand(target.Id, "a\0b", default)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateUserCommand(target.Id, "\ud800", default)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateUserCommand(target.Id, default, "root")));
    }

    [Test]
    public void An_unknown_user_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateUserCommand(int.MaxValue, "X", default)));
}
