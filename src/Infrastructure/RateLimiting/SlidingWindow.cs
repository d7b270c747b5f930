namespace Platform.Infrastructure.RateLimiting;

/// <summary>
/// The arithmetic of the sliding-window estimate both counting modes share: fixed windows aligned to
/// multiples of the window length, read as the current window's hits plus the previous window's
/// weighted by how much of it still lies within the last window length (rounded up).
/// </summary>
internal static class SlidingWindow
{
    /// <summary>The start of the fixed window that holds <paramref name="nowTicks"/>.</summary>
    public static long StartOf(long nowTicks, TimeSpan window) => nowTicks / window.Ticks * window.Ticks;

    /// <summary>The estimate at <paramref name="nowTicks"/> in the window that starts at <paramref name="startTicks"/>.</summary>
    public static int Estimate(TimeSpan window, long nowTicks, long startTicks, int current, int previous) =>
        current + (int)Math.Ceiling(previous * (1 - ((double)(nowTicks - startTicks) / window.Ticks)));

    /// <summary>
    /// How long until one more hit would be allowed if none came meanwhile: within this window once the
    /// previous window's weight has shrunk enough, or, when this window alone is at the limit, once the
    /// next window has moved far enough past it.
    /// </summary>
    public static TimeSpan RetryAfter(int limit, TimeSpan window, long nowTicks, long startTicks, int current, int previous)
    {
        var room = limit - 1;
        double at; // the moment (ticks) at which the estimate falls to at most limit - 1
        if (current <= room)
        {
            var fraction = previous == 0 ? 0 : 1 - ((double)(room - current) / previous);
            at = startTicks + (Math.Max(0, fraction) * window.Ticks);
        }
        else
        {
            at = startTicks + window.Ticks + ((1 - ((double)room / current)) * window.Ticks);
        }

        return TimeSpan.FromTicks(Math.Max(0, (long)Math.Ceiling(at) - nowTicks));
    }
}
