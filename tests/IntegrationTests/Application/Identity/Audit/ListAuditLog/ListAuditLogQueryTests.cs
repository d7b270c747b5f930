using System.Text.Json;
using Platform.Application.Identity.Admin.Users.RevokeUserSessions;
using Platform.Application.Identity.Admin.Users.UpdateUser;
using Platform.Application.Identity.Audit.ListAuditLog;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.IntegrationTests.Application.Identity.Audit.ListAuditLog;

public sealed class ListAuditLogQueryTests : IdentitySetup
{
    [Test]
    public async Task Admin_writes_are_listed_newest_first_with_their_actor()
    {
        var admin = await NewUserAsync("admin", "Audit Admin");
        var target = await NewUserAsync();
        await SendAsync(new UpdateUserCommand(target.Id, "Renamed", default), admin.Caller);
        await SendAsync(new RevokeUserSessionsCommand(target.Id), admin.Caller);

        var page = await SendAsync(new ListAuditLogQuery(ActorUserId: admin.Id), admin.Caller);

        Assert.That(page.Total, Is.EqualTo(2));
        Assert.That(page.Items.Select(e => e.Action), Is.EqualTo(new[] { "user.revoke_sessions", "user.update" }));
        Assert.That(page.Items.Select(e => e.Id), Is.Ordered.Descending);
        var update = page.Items[1];
        Assert.That((update.ActorUserId, update.ActorEmail, update.ActorName), Is.EqualTo((admin.Id, admin.Email, "Audit Admin")));
        Assert.That((update.TargetType, update.TargetId), Is.EqualTo(("user", target.Id.ToString())));
        Assert.That(JsonDocument.Parse(update.SummaryJson).RootElement.GetProperty("name").GetString(), Is.EqualTo("Renamed"));
    }

    [Test]
    public async Task Action_target_type_and_target_id_narrow_the_list()
    {
        var created = await NewUserAsync();

        var page = await SendAsync(new ListAuditLogQuery(Action: " user.create ", TargetType: "user", TargetId: created.Id.ToString()));
        var otherType = await SendAsync(new ListAuditLogQuery(Action: "user.create", TargetType: "oauth_client", TargetId: created.Id.ToString()));

        Assert.That(page.Items, Has.Count.EqualTo(1));
        Assert.That(page.Items[0].ActorUserId, Is.EqualTo(Owner.UserId));
        Assert.That(page.Items[0].ActorEmail, Is.EqualTo("owner@example.com"));
        Assert.That(page.Items[0].SummaryJson, Does.Contain(created.Email).And.Not.Contain("password"));
        Assert.That(otherType.Total, Is.Zero);
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListAuditLogQuery(), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListAuditLogQuery(), user.Caller));
    }

    [Test]
    public void Oversize_or_invalid_filters_and_paging_are_validation_errors()
    {
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAuditLogQuery(Action: new string('a', AdminAuditEntry.MaxActionLength + 1))));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAuditLogQuery(TargetType: new string('t', AdminAuditEntry.MaxTargetTypeLength + 1))));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAuditLogQuery(TargetId: new string('1', AdminAuditEntry.MaxTargetIdLength + 1))));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAuditLogQuery(Action: "a\0b")));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAuditLogQuery(TargetId: "\ud800")));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAuditLogQuery(Page: 0)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAuditLogQuery(PageSize: 0)));
    }
}
