using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.UnitTests.Boards;

public sealed class ProjectSlugTests
{
    [TestCase("VO2 Max Coach", "vo2-max-coach")]
    [TestCase("My   Project!!", "my-project")]
    [TestCase("Café", "caf")]
    [TestCase("  snake_case_name ", "snake-case-name")]
    [TestCase("A--B", "a-b")]
    [TestCase("Ünïcödé Board 2", "ncd-board-2")]
    [TestCase("emoji ☕ cup", "emoji-cup")]
    [TestCase("This is a very long project name that goes on", "this-is-a-very-long-project-name")]
    [TestCase("abcdefghijklmnopqrstuvwxyz12345 -x", "abcdefghijklmnopqrstuvwxyz12345")]
    public void Slugs_are_made_from_names(string name, string expected) => Assert.That(ProjectSlug.FromName(name), Is.EqualTo(expected));

    [TestCase("___")]
    [TestCase("!!!")]
    [TestCase("éé")]
    public void Names_without_ascii_letters_or_digits_cannot_make_a_slug(string name)
    {
        var error = Assert.Throws<ValidationFailedException>(() => ProjectSlug.FromName(name))!;
        Assert.That(error.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.SlugNotDerivable));
    }

    [Test]
    public void Collisions_get_numbered_suffixes_within_32_characters()
    {
        Assert.That(ProjectSlug.Candidate("vo2-max-coach", 1), Is.EqualTo("vo2-max-coach"));
        Assert.That(ProjectSlug.Candidate("vo2-max-coach", 2), Is.EqualTo("vo2-max-coach-2"));
        var longBase = new string('a', 32);
        Assert.That(ProjectSlug.Candidate(longBase, 2), Is.EqualTo(new string('a', 30) + "-2"));
        Assert.That(ProjectSlug.Candidate(longBase, 100), Is.EqualTo(new string('a', 28) + "-100"));
        Assert.That(ProjectSlug.Candidate("abcdefghijklmnopqrstuvwxyz-abcde", 10), Is.EqualTo("abcdefghijklmnopqrstuvwxyz-ab-10"));
        var dashAtCut = new string('a', 28) + "-abc";
        Assert.That(ProjectSlug.Candidate(dashAtCut, 10), Is.EqualTo(new string('a', 28) + "-10"));
    }

    [TestCase("my-proj", true)]
    [TestCase("a", true)]
    [TestCase("-a", false)]
    [TestCase("a-", false)]
    [TestCase("a--b", false)]
    [TestCase("A", false)]
    [TestCase("a_b", false)]
    [TestCase("", false)]
    public void Slug_validity(string slug, bool valid) => Assert.That(ProjectSlug.IsValid(slug), Is.EqualTo(valid));

    [Test]
    public void Lookup_slugs_are_trimmed_and_lower_cased()
    {
        Assert.That(ProjectSlug.Normalize(" My-Proj "), Is.EqualTo("my-proj"));
        Assert.That(ProjectSlug.Normalize("my proj"), Is.Null);
        Assert.That(ProjectSlug.Normalize(new string('a', 33)), Is.Null);
    }
}

public sealed class TagNameTests
{
    [TestCase("mcp", "mcp")]
    [TestCase("  Back   End ", "back-end")]
    [TestCase("Tab\tSeparated", "tab-separated")]
    [TestCase("--edge--", "edge")]
    [TestCase("a - b", "a-b")]
    [TestCase("UPPER", "upper")]
    [TestCase("v2", "v2")]
    public void Tags_are_canonicalised(string raw, string expected) => Assert.That(TagNames.Canonicalize(raw), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("---")]
    [TestCase("a_b")]
    [TestCase("ümlaut")]
    [TestCase("c#")]
    public void Invalid_tags_have_no_canonical_form(string raw) => Assert.That(TagNames.Canonicalize(raw), Is.Null);

    [Test]
    public void Tags_are_at_most_32_characters()
    {
        Assert.That(TagNames.Canonicalize(new string('a', 32)), Is.EqualTo(new string('a', 32)));
        Assert.That(TagNames.Canonicalize(new string('a', 33)), Is.Null);
    }

    [Test]
    public void A_todo_takes_at_most_20_tags_deduplicated_and_sorted()
    {
        Assert.That(TodoRules.ValidTags(["b", "A", "a", " b "]), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(TodoRules.ValidTags(null), Is.Empty);
        Assert.Throws<ValidationFailedException>(() => TodoRules.ValidTags(Enumerable.Range(0, 21).Select(i => (string?)$"t{i}").ToList()));
        var invalid = Assert.Throws<ValidationFailedException>(() => TodoRules.ValidTags(["ok", "no way!"]))!;
        Assert.That(invalid.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.InvalidTag));
        Assert.That(invalid.Details[BoardRuleErrors.ValueKey], Is.EqualTo("no way!"));
    }

    [TestCase("#7c3aed", true)]
    [TestCase("#ABCDEF", true)]
    [TestCase("purple", false)]
    [TestCase("#12345", false)]
    [TestCase("#1234567", false)]
    [TestCase("123456#", false)]
    [TestCase("#12345g", false)]
    public void Colors_are_hash_and_six_hex_digits(string color, bool valid) => Assert.That(HexColor.IsValid(color), Is.EqualTo(valid));

    [Test]
    public void Tag_colours_are_trimmed_and_validated()
    {
        Assert.That(TagColors.Valid(" #aabbcc "), Is.EqualTo("#aabbcc"));
        var wrong = Assert.Throws<ValidationFailedException>(() => TagColors.Valid(" purple "))!;
        Assert.That(wrong.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.InvalidTagColor));
        Assert.That(wrong.Details[BoardRuleErrors.ValueKey], Is.EqualTo("purple"));
    }
}

public sealed class ColumnKeyTests
{
    [TestCase("backlog", "backlog")]
    [TestCase(" BACKLOG ", "backlog")]
    [TestCase("not_started", "not_started")]
    [TestCase("not-started", "not_started")]
    [TestCase("doing", "doing")]
    [TestCase("in_progress", "doing")]
    [TestCase("In-Progress", "doing")]
    [TestCase("in progress", "in progress")]
    [TestCase("testing", "testing")]
    [TestCase("Done", "done")]
    [TestCase("custom_lane", "custom_lane")]
    [TestCase(null, "")]
    public void Column_keys_accept_the_default_aliases(string? raw, string expected) => Assert.That(ColumnKeys.Normalize(raw), Is.EqualTo(expected));

    [Test]
    public void The_default_workflow_has_five_lanes_and_one_done_lane()
    {
        Assert.That(Workflow.Default.Select(c => c.Key), Is.EqualTo(new[] { "backlog", "not_started", "doing", "testing", "done" }));
        Assert.That(Workflow.Default.Select(c => c.Color), Is.EqualTo(new[] { "#9CA3AF", "#F59E0B", "#10B981", "#3B82F6", "#EF4444" }));
        Assert.That(Workflow.Default.Single(c => c.IsDone).Key, Is.EqualTo("done"));
    }

    [Test]
    public void Custom_workflows_are_validated()
    {
        var ok = Workflow.Validate([new("todo", " To do ", "", false), new("done_2", "Done", "#ABCDEF", true)]);
        Assert.That(ok.Select(c => (c.Key, c.Name, c.Color)), Is.EqualTo(new[] { ("todo", "To do", "#64748b"), ("done_2", "Done", "#ABCDEF") }));
        Assert.Throws<ValidationFailedException>(() => Workflow.Validate([new("only", "Only", "", true)]));
        Assert.Throws<ValidationFailedException>(() => Workflow.Validate([new("a", "A", "", false), new("b", "B", "", false)]));
        Assert.Throws<ValidationFailedException>(() => Workflow.Validate([new("a", "A", "", true), new("b", "B", "", true)]));
        Assert.Throws<ValidationFailedException>(() => Workflow.Validate([new("a", "A", "", false), new("a", "B", "", true)]));
        Assert.Throws<ValidationFailedException>(() => Workflow.Validate([new("_a", "A", "", false), new("b", "B", "", true)]));
        Assert.Throws<ValidationFailedException>(() => Workflow.Validate([new("a", "A", "#GGGGGG", false), new("b", "B", "", true)]));
        Assert.Throws<ValidationFailedException>(() => Workflow.Validate(Enumerable.Range(0, 13).Select(i => new WorkflowColumnRequest($"l{i}", "L", "", i == 0)).ToList()));
    }
}

public sealed class RankingTests
{
    [Test]
    public void Appending_adds_1000_to_the_last_rank()
    {
        Assert.That(Ranking.Append([]).Rank, Is.EqualTo(1000));
        Assert.That(Ranking.Append([1000, 2500]).Rank, Is.EqualTo(3500));
        Assert.That(Ranking.Append([1000]).Renumbered, Is.Null);
    }

    [Test]
    public void Prepending_subtracts_1000_while_the_rank_stays_above_1000()
    {
        Assert.That(Ranking.Prepend([]).Rank, Is.EqualTo(1000));
        Assert.That(Ranking.Prepend([3000, 4000]), Is.EqualTo(new RankPlan(2000, null)));
        var tight = Ranking.Prepend([1000, 1001, 5000]);
        Assert.That(tight.Rank, Is.EqualTo(500));
        Assert.That(tight.Renumbered, Is.EqualTo(new long[] { 1000, 2000, 3000 }));
        Assert.That(Ranking.Prepend([1]).Rank, Is.GreaterThan(0));
    }

    [Test]
    public void After_takes_rank_plus_1000_or_the_gap_before_the_successor()
    {
        Assert.That(Ranking.After([1000, 2000], 1).Rank, Is.EqualTo(3000));
        Assert.That(Ranking.After([1000, 5000], 0).Rank, Is.EqualTo(2000));
        Assert.That(Ranking.After([1000, 2000], 0).Rank, Is.EqualTo(1500));
        Assert.That(Ranking.After([1000, 1500], 0).Rank, Is.EqualTo(1250));
        var squeezed = Ranking.After([1000, 1001, 1002], 0);
        Assert.That(squeezed.Renumbered, Is.EqualTo(new long[] { 1000, 2000, 3000 }));
        Assert.That(squeezed.Rank, Is.EqualTo(1500));
    }

    [Test]
    public void Before_takes_rank_minus_1000_or_the_gap_after_the_predecessor()
    {
        Assert.That(Ranking.Before([1000, 5000], 1).Rank, Is.EqualTo(4000));
        Assert.That(Ranking.Before([1000, 2000], 1).Rank, Is.EqualTo(1500));
        Assert.That(Ranking.Before([3000, 4000], 0).Rank, Is.EqualTo(2000));
        var squeezed = Ranking.Before([7, 8], 1);
        Assert.That(squeezed.Renumbered, Is.EqualTo(new long[] { 1000, 2000 }));
        Assert.That(squeezed.Rank, Is.EqualTo(1500));
    }

    [Test]
    public void Between_takes_the_midpoint_and_needs_the_right_order()
    {
        Assert.That(Ranking.Between([1000, 2000, 3000], 0, 2).Rank, Is.EqualTo(2000));
        Assert.That(Ranking.Between([1000, 1001], 0, 1).Renumbered, Is.Not.Null);
        var wrong = Assert.Throws<ConflictException>(() => Ranking.Between([1000, 2000], 1, 0))!;
        Assert.That(wrong.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.ReferencesOutOfOrder));
        Assert.Throws<ConflictException>(() => Ranking.Between([1000, 2000], 1, 1));
    }

    [Test]
    public void Repeated_placements_keep_ranks_unique_ordered_and_positive()
    {
        var random = new Random(42);
        var lane = new List<long>();
        for (var step = 0; step < 500; step++)
        {
            var mode = lane.Count == 0 ? 0 : random.Next(4);
            var index = lane.Count == 0 ? 0 : random.Next(lane.Count);
            var plan = mode switch
            {
                0 => Ranking.Append(lane),
                1 => Ranking.Prepend(lane),
                2 => Ranking.After(lane, index),
                _ => Ranking.Before(lane, index),
            };
            if (plan.Renumbered is { } renumbered)
            {
                lane = [.. renumbered];
            }

            var position = mode switch
            {
                0 => lane.Count,
                1 => 0,
                2 => index + 1,
                _ => index,
            };
            lane.Insert(position, plan.Rank);
            Assert.That(lane, Is.Unique.And.Ordered.And.All.GreaterThan(0), $"step {step}");
        }
    }
}

public sealed class ProjectRoleTests
{
    [TestCase("owner", "maintainer")]
    [TestCase("OWNER", "maintainer")]
    [TestCase("editor", "contributor")]
    [TestCase("Editor", "contributor")]
    [TestCase("maintainer", "maintainer")]
    [TestCase("contributor", "contributor")]
    [TestCase("viewer", "viewer")]
    [TestCase("guest", "guest")]
    public void Stored_roles_are_normalised_for_output(string stored, string shown) => Assert.That(ProjectRoles.Normalize(stored), Is.EqualTo(shown));

    [TestCase("viewer", ProjectRole.Viewer)]
    [TestCase("editor", ProjectRole.Contributor)]
    [TestCase("Contributor", ProjectRole.Contributor)]
    [TestCase("owner", ProjectRole.Maintainer)]
    [TestCase("maintainer", ProjectRole.Maintainer)]
    [TestCase("", ProjectRole.None)]
    [TestCase("admin", ProjectRole.None)]
    public void Roles_rank_viewer_below_contributor_below_maintainer(string stored, ProjectRole rank) => Assert.That(ProjectRoles.RankOf(stored), Is.EqualTo(rank));

    [TestCase(" Viewer ", true)]
    [TestCase("MAINTAINER", true)]
    [TestCase("owner", false)]
    [TestCase("editor", false)]
    [TestCase("", false)]
    public void Only_the_three_current_roles_can_be_assigned(string value, bool ok) => Assert.That(ProjectRoles.TryParseAssignable(value, out _), Is.EqualTo(ok));

    [Test]
    public void Todo_writes_need_the_stored_role_maintainer_itself()
    {
        Assert.That(ProjectRoles.IsExactlyMaintainer("maintainer"), Is.True);
        Assert.That(ProjectRoles.IsExactlyMaintainer("owner"), Is.False);
    }

    [Test]
    public void Nobody_demotes_themselves_or_the_last_maintainer()
    {
        var now = DateTimeOffset.UnixEpoch;
        var self = ProjectMember.Create(1, 7, ProjectRole.Maintainer, now);
        Assert.That(Assert.Throws<ConflictException>(() => self.ChangeRole(ProjectRole.Viewer, 7, 2))!.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.CannotDemoteSelf));
        var last = ProjectMember.Create(1, 8, ProjectRole.Maintainer, now);
        Assert.That(Assert.Throws<ConflictException>(() => last.ChangeRole(ProjectRole.Contributor, 7, 1))!.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.LastMaintainerDemotion));
        Assert.That(last.ChangeRole(ProjectRole.Contributor, 7, 2), Is.True);
        Assert.That(last.Role, Is.EqualTo("contributor"));
        Assert.That(last.ChangeRole(ProjectRole.Contributor, 7, 1), Is.False);
        Assert.That(self.ChangeRole(ProjectRole.Maintainer, 7, 1), Is.False);
    }

    [Test]
    public void The_last_maintainer_cannot_be_removed()
    {
        var member = ProjectMember.Create(1, 8, ProjectRole.Maintainer, DateTimeOffset.UnixEpoch);
        Assert.That(Assert.Throws<ValidationFailedException>(() => member.EnsureRemovable(1))!.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.LastMaintainerRemoval));
        Assert.DoesNotThrow(() => member.EnsureRemovable(2));
        Assert.DoesNotThrow(() => ProjectMember.Create(1, 9, ProjectRole.Viewer, DateTimeOffset.UnixEpoch).EnsureRemovable(1));
    }
}

public sealed class SprintRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);

    private static Sprint Planned(int startHours = -1, int endHours = 48) =>
        Sprint.Plan(1, 1, " Sprint ", Now.AddHours(startHours), Now.AddHours(endHours), Now);

    [Test]
    public void Sprints_go_from_planned_to_active_to_closed_only()
    {
        var sprint = Planned();
        Assert.That(sprint.Name, Is.EqualTo("Sprint"));
        Assert.That(Assert.Throws<ValidationFailedException>(() => sprint.Close(Now))!.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.SprintNotActive));
        sprint.Activate(Now);
        Assert.That((sprint.State, sprint.StartedAt), Is.EqualTo((SprintState.Active, (DateTimeOffset?)Now)));
        Assert.That(Assert.Throws<ValidationFailedException>(() => sprint.Activate(Now))!.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.SprintNotPlanned));
        sprint.Close(Now.AddHours(1));
        Assert.That((sprint.State, sprint.ClosedAt), Is.EqualTo((SprintState.Closed, (DateTimeOffset?)Now.AddHours(1))));
        Assert.Throws<ValidationFailedException>(() => sprint.Activate(Now));
    }

    [Test]
    public void A_sprint_that_has_ended_cannot_be_activated()
    {
        var ended = Sprint.Plan(1, 1, "Old", Now.AddDays(-3), Now, Now);
        var error = Assert.Throws<ValidationFailedException>(() => ended.Activate(Now))!;
        Assert.That(error.Details["field"], Is.EqualTo("plannedEndAt"));
    }

    [Test]
    public void Planned_dates_must_not_end_before_they_start()
    {
        Assert.That(Assert.Throws<ValidationFailedException>(() => Sprint.Plan(1, 1, "x", Now, Now.AddTicks(-1), Now))!.Details[BoardRuleErrors.ReasonKey],
            Is.EqualTo(BoardRuleErrors.InvalidSprintRange));
        Assert.DoesNotThrow(() => Sprint.Plan(1, 1, "x", Now, Now, Now));
        Assert.That(Assert.Throws<ValidationFailedException>(() => Sprint.Plan(1, 1, "  ", Now, Now, Now))!.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.InvalidSprintName));
    }

    [Test]
    public void Revisions_follow_the_state()
    {
        var sprint = Planned();
        sprint.Revise("Renamed", Now.AddHours(2), Now.AddHours(10));
        Assert.That((sprint.Name, sprint.PlannedStartAt, sprint.PlannedEndAt), Is.EqualTo(("Renamed", Now.AddHours(2), Now.AddHours(10))));
        sprint.Revise(null, Now.AddHours(20), null);
        Assert.That(sprint.PlannedStartAt, Is.EqualTo(Now.AddHours(20)));
        Assert.Throws<ValidationFailedException>(() => sprint.Revise(null, null, Now.AddHours(5)));

        var active = Planned();
        active.Activate(Now);
        Assert.That(Assert.Throws<ValidationFailedException>(() => active.Revise("x", null, null))!.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.ActiveSprintDates));
        active.Revise(null, null, Now.AddDays(5));
        active.Close(Now);
        Assert.That(Assert.Throws<ValidationFailedException>(() => active.Revise(null, null, Now))!.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.ClosedSprintDates));
        active.Revise("Closed name", null, null);
        Assert.That(active.Name, Is.EqualTo("Closed name"));
    }
}

public sealed class TodoRuleTests
{
    [Test]
    public void Titles_are_trimmed_and_limited_to_200_bytes()
    {
        Assert.That(TodoRules.ValidTitle("  x  "), Is.EqualTo("x"));
        Assert.DoesNotThrow(() => TodoRules.ValidTitle(new string('é', 100)));
        Assert.Throws<ValidationFailedException>(() => TodoRules.ValidTitle(new string('é', 101)));
        Assert.Throws<ValidationFailedException>(() => TodoRules.ValidTitle(" "));
        Assert.Throws<ValidationFailedException>(() => TodoRules.ValidTitle(null));
    }

    [Test]
    public void Bodies_are_limited_to_20000_bytes()
    {
        Assert.DoesNotThrow(() => TodoRules.ValidBody(new string('a', 20000)));
        Assert.That(Assert.Throws<ValidationFailedException>(() => TodoRules.ValidBody(new string('é', 10001)))!.Details[BoardRuleErrors.ReasonKey], Is.EqualTo(BoardRuleErrors.BodyTooLarge));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    [TestCase(8)]
    [TestCase(13)]
    [TestCase(20)]
    [TestCase(40)]
    public void Estimation_follows_the_modified_fibonacci_scale(int points) => Assert.That(TodoRules.ValidEstimation(points), Is.EqualTo(points));

    [TestCase(0)]
    [TestCase(4)]
    [TestCase(21)]
    [TestCase(100)]
    public void Other_estimates_are_refused(int points) => Assert.Throws<ValidationFailedException>(() => TodoRules.ValidEstimation(points));
}
