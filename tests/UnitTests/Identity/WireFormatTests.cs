using Platform.Web.Http;

namespace Platform.UnitTests.Identity;

public sealed class WireFormatTests
{
    [TestCase(0, "2026-04-04T12:00:00Z")]
    [TestCase(500, "2026-04-04T12:00:00.5Z")]
    [TestCase(123, "2026-04-04T12:00:00.123Z")]
    [TestCase(120, "2026-04-04T12:00:00.12Z")]
    public void Scrumboy_timestamps_trim_trailing_fraction_zeros(int ms, string expected) =>
        Assert.That(WireJson.Timestamp(new DateTimeOffset(2026, 4, 4, 12, 0, 0, ms, TimeSpan.Zero)), Is.EqualTo(expected));

    [Test]
    public void Timestamps_are_converted_to_utc() =>
        Assert.That(WireJson.Timestamp(new DateTimeOffset(2026, 4, 4, 14, 0, 0, TimeSpan.FromHours(2))), Is.EqualTo("2026-04-04T12:00:00Z"));
}
