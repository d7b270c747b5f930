using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.UnitTests.Organizations;

public sealed class OrganizationDomainTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);

    [TestCase("Acme Corp", "acme-corp")]
    [TestCase("  Zuko  CRM!! 2025 ", "zuko-crm-2025")]
    [TestCase("Ünïcode Café", "n-code-caf")]
    public void A_slug_is_derived_from_the_name(string name, string slug)
    {
        Assert.That(Organization.Create(name, null, Now).Slug, Is.EqualTo(slug));
    }

    [TestCase("ok")]
    [TestCase("a-b-1")]
    public void Valid_slugs_are_kept(string slug)
    {
        Assert.That(Organization.Create("Name", slug, Now).Slug, Is.EqualTo(slug));
    }

    [TestCase("Upper")]
    [TestCase("two--dashes")]
    [TestCase("-lead")]
    [TestCase("trail-")]
    [TestCase("sp ace")]
    public void Invalid_slugs_are_refused(string slug)
    {
        var ex = Assert.Throws<ValidationFailedException>(() => Organization.Create("Name", slug, Now));
        Assert.That(ex!.Details["field"], Is.EqualTo("slug"));
    }

    [Test]
    public void A_derived_slug_is_at_most_100_characters()
    {
        Assert.That(Organization.Create(new string('a', 150), null, Now).Slug, Has.Length.EqualTo(Organization.MaxSlugLength));
    }

    [Test]
    public void A_new_task_is_owned_by_its_creator_as_primary()
    {
        var task = WorkTask.Create(1, "  Title  ", null, WorkTaskStatus.Todo, "  ", 7, Now);

        Assert.Multiple(() =>
        {
            Assert.That(task.Title, Is.EqualTo("Title"));
            Assert.That(task.Assignee, Is.Null, "a blank assignee is none");
            Assert.That(task.CreatedAt, Is.EqualTo(Now));
            Assert.That(task.UpdatedAt, Is.EqualTo(Now));
            Assert.That(task.Owners.Select(o => (o.UserId, o.IsPrimary, o.AssignedAt)), Is.EqualTo(new[] { (7, true, Now) }));
        });
    }

    [TestCase("")]
    [TestCase("   ")]
    public void A_task_needs_a_title(string title)
    {
        Assert.Throws<ValidationFailedException>(() => WorkTask.Create(1, title, null, WorkTaskStatus.Todo, null, 7, Now));
        Assert.Throws<ValidationFailedException>(() => WorkTask.Create(1, new string('x', 501), null, WorkTaskStatus.Todo, null, 7, Now));
    }

    [Test]
    public void Changes_touch_updated_at_and_keep_completion_separate()
    {
        var task = WorkTask.Create(1, "T", null, WorkTaskStatus.Todo, null, 7, Now);
        var later = Now.AddMinutes(5);

        task.ChangeStatus(WorkTaskStatus.Done, later);

        Assert.That(task.Status, Is.EqualTo(WorkTaskStatus.Done));
        Assert.That(task.CompletedAt, Is.Null);
        Assert.That(task.UpdatedAt, Is.EqualTo(later));
    }

    [Test]
    public void A_new_primary_owner_demotes_the_previous_one_and_owners_are_unique()
    {
        var task = WorkTask.Create(1, "T", null, WorkTaskStatus.Todo, null, 7, Now);

        task.AddOwner(8, isPrimary: true, Now);

        Assert.That(task.Owners.Single(o => o.IsPrimary).UserId, Is.EqualTo(8));
        Assert.Throws<ConflictException>(() => task.AddOwner(7, isPrimary: false, Now));
    }

    [Test]
    public void A_subtask_must_share_the_organization()
    {
        var parent = WorkTask.Create(1, "P", null, WorkTaskStatus.Todo, null, 7, Now);
        var foreign = WorkTask.Create(2, "F", null, WorkTaskStatus.Todo, null, 7, Now);

        Assert.Throws<ValidationFailedException>(() => foreign.MakeSubtaskOf(parent, Now));
    }

    [TestCase("TODO", WorkTaskStatus.Todo)]
    [TestCase("IN_PROGRESS", WorkTaskStatus.InProgress)]
    [TestCase("DONE", WorkTaskStatus.Done)]
    [TestCase("CANCELLED", WorkTaskStatus.Cancelled)]
    public void Statuses_round_trip_through_their_wire_names(string wire, WorkTaskStatus status)
    {
        Assert.That(WorkTaskStatusNames.TryParse(wire, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(status));
        Assert.That(status.ToWire(), Is.EqualTo(wire));
        Assert.That(WorkTaskStatusNames.TryParse(wire.ToLowerInvariant(), out _), Is.False, "names are case-sensitive");
    }
}
