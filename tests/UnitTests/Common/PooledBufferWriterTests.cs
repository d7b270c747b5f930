using System.Text;
using System.Text.Json;
using Platform.Web.Http;

namespace Platform.UnitTests.Common;

public sealed class PooledBufferWriterTests
{
    [Test]
    public void Keeps_everything_written_across_growth()
    {
        using var buffer = new PooledBufferWriter(256);
        var expected = new StringBuilder();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < 5000; i++)
            {
                writer.WriteStringValue($"item {i} é \"q\"");
            }

            writer.WriteEndArray();
        }

        var items = JsonDocument.Parse(buffer.WrittenMemory).RootElement;
        Assert.That(items.GetArrayLength(), Is.EqualTo(5000));
        Assert.That(items[4999].GetString(), Is.EqualTo("item 4999 é \"q\""));
        Assert.That(buffer.WrittenCount, Is.EqualTo(buffer.WrittenSpan.Length));
    }

    [Test]
    public void Honours_size_hints_larger_than_twice_the_buffer()
    {
        using var buffer = new PooledBufferWriter(256);
        var span = buffer.GetSpan(100_000);
        Assert.That(span.Length, Is.GreaterThanOrEqualTo(100_000));
        span[..3].Fill((byte)'x');
        buffer.Advance(3);
        Assert.That(Encoding.ASCII.GetString(buffer.WrittenSpan), Is.EqualTo("xxx"));
    }

    [Test]
    public void Refuses_to_advance_past_what_it_handed_out()
    {
        using var buffer = new PooledBufferWriter(256);
        var available = buffer.GetSpan().Length;

        Assert.Throws<InvalidOperationException>(() => buffer.Advance(available + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
    }

    [Test]
    public void Is_empty_after_dispose_and_may_be_disposed_twice()
    {
        var buffer = new PooledBufferWriter(256);
        buffer.GetSpan(10)[0] = 1;
        buffer.Advance(1);

        buffer.Dispose();
        buffer.Dispose();

        Assert.That(buffer.WrittenCount, Is.Zero);
    }
}
