namespace Platform.Domain.Boards;

/// <summary>
/// Where an item lands in a lane. <see cref="Renumbered"/> is non-null when the lane's other items
/// (in their current order) must first be renumbered 1000, 2000, … to make room.
/// </summary>
public sealed record RankPlan(long Rank, IReadOnlyList<long>? Renumbered);

/// <summary>
/// Lane ordering: rank ascending (then id); steps of 1000. Ranks stay positive and, because every
/// placement either finds a free gap or renumbers the lane first, unique within a lane.
/// </summary>
public static class Ranking
{
    public const long Step = 1000;

    /// <summary>Bottom of the lane: max + 1000 (1000 in an empty lane).</summary>
    public static RankPlan Append(IReadOnlyList<long> ranks) => new((ranks.Count == 0 ? 0 : ranks[^1]) + Step, null);

    /// <summary>Top of the lane: first − 1000 while that stays above 0, else renumber and take half of the first.</summary>
    public static RankPlan Prepend(IReadOnlyList<long> ranks)
    {
        if (ranks.Count == 0)
        {
            return new RankPlan(Step, null);
        }

        if (ranks[0] > Step)
        {
            return new RankPlan(ranks[0] - Step, null);
        }

        var renumbered = Renumber(ranks.Count);
        return new RankPlan(renumbered[0] / 2, renumbered);
    }

    /// <summary>Right after the item at <paramref name="index"/>: its rank + 1000, or inside the gap before its successor.</summary>
    public static RankPlan After(IReadOnlyList<long> ranks, int index)
    {
        if (index == ranks.Count - 1)
        {
            return Append(ranks);
        }

        var candidate = ranks[index] + Step;
        return candidate < ranks[index + 1] ? new RankPlan(candidate, null) : Between(ranks, index, index + 1);
    }

    /// <summary>Right before the item at <paramref name="index"/>: its rank − 1000, or inside the gap after its predecessor.</summary>
    public static RankPlan Before(IReadOnlyList<long> ranks, int index)
    {
        if (index == 0)
        {
            return Prepend(ranks);
        }

        var candidate = ranks[index] - Step;
        return candidate > ranks[index - 1] ? new RankPlan(candidate, null) : Between(ranks, index - 1, index);
    }

    /// <summary>Between two items (the first must sort before the second): the midpoint, renumbering when there is no gap.</summary>
    public static RankPlan Between(IReadOnlyList<long> ranks, int afterIndex, int beforeIndex)
    {
        if (afterIndex >= beforeIndex)
        {
            throw BoardRuleErrors.ReferencesReversed();
        }

        if (Midpoint(ranks[afterIndex], ranks[beforeIndex]) is { } mid)
        {
            return new RankPlan(mid, null);
        }

        var renumbered = Renumber(ranks.Count);
        return Midpoint(renumbered[afterIndex], renumbered[beforeIndex]) is { } retry
            ? new RankPlan(retry, renumbered)
            : throw BoardRuleErrors.NoRankLeft();
    }

    private static long? Midpoint(long low, long high) => high - low >= 2 ? low + ((high - low) / 2) : null;

    private static long[] Renumber(int count)
    {
        var ranks = new long[count];
        for (var i = 0; i < count; i++)
        {
            ranks[i] = (i + 1) * Step;
        }

        return ranks;
    }
}
