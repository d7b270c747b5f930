using Platform.Web.Mcp.OAuthJsonRpc;

namespace Platform.UnitTests.Organizations;

public sealed class ZukoJsonTests
{
    [Test]
    public void Timestamps_are_utc_with_exactly_three_fraction_digits()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ZukoTimestampConverter.Timestamp(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)), Is.EqualTo("2025-01-02T03:04:05.000Z"));
            Assert.That(ZukoTimestampConverter.Timestamp(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)).AddTicks(9999)),
                Is.EqualTo("2025-01-02T01:04:05.678Z"));
        });
    }

    [TestCase("0001-01-01T00:00:00.0000000Z")]
    [TestCase("2025-12-31T23:59:59.9999999Z")]
    [TestCase("2026-02-03T04:05:06.0070000Z")]
    public void The_fast_timestamp_writer_matches_the_format_string(string roundTrip)
    {
        var value = DateTime.Parse(roundTrip, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
        var utf8 = new byte[24];

        ZukoTimestampConverter.FormatTimestamp(value, utf8);

        Assert.That(System.Text.Encoding.ASCII.GetString(utf8), Is.EqualTo(ZukoTimestampConverter.Timestamp(value)));
    }

    [TestCase("2025-03-04", true)]
    [TestCase("2025-03-04T05:06:07Z", true)]
    [TestCase("2025-03-04T05:06:07.123+02:00", true)]
    [TestCase("2025-03-04 05:06:07", true)]
    [TestCase("03/04/2025", false)]
    [TestCase("yesterday", false)]
    [TestCase("2025-13-01", false)]
    [TestCase("2025-03-04Tnoon", false)]
    [TestCase("", false)]
    public void Completion_times_must_be_iso_8601(string text, bool valid)
    {
        Assert.That(ZukoTimestampConverter.TryParseIso8601(text, out _), Is.EqualTo(valid));
    }

    [Test]
    public void A_timestamp_without_offset_is_utc()
    {
        ZukoTimestampConverter.TryParseIso8601("2025-03-04T05:06:07", out var value);

        Assert.That(value, Is.EqualTo(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero)));
    }
}
