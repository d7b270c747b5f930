using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelContextProtocol;
using Platform.Application.Common;
using Platform.Application.Organizations.Tasks;
using Platform.Domain.Organizations;
using Platform.Web.Mcp.OAuthJsonRpc;

namespace Platform.UnitTests.Organizations;

/// <summary>
/// list_tasks writes stored descriptions token by token from their text (decision 0213); the bytes must be
/// those of the earlier path, which parsed each description into a <see cref="JsonElement"/> and wrote that,
/// in both forms the result takes (the indented text block and the SDK's compact structured content).
/// </summary>
public sealed class JsonTextConverterTests
{
    private static readonly JsonWriterOptions TextBlock = new()
    {
        Indented = true,
        IndentSize = 2,
        IndentCharacter = ' ',
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions StructuredContent = new() { Encoder = McpJsonUtilities.DefaultOptions.Encoder };

    private static readonly string LongEscaped = string.Concat(Enumerable.Repeat("line \\\"one\\\"\\n\\ttab <b>é</b> 🚀 \\u0001 ", 80));

    public static readonly string[] Descriptions =
    [
        // as PostgreSQL's jsonb output hands them over (spaces after ':' and ',', non-ASCII raw)
        """{"time": 1700000000000, "blocks": [{"id": "b1", "data": {"text": "Fix <b>login</b> & 'quotes' \"q\" back\\slash / é ü ß 中文 🚀 \u2028 end\n\ttab \u0001 \u001f"}, "type": "paragraph"}], "version": "2.28.0"}""",
        """{}""",
        """[]""",
        """{"a": {}, "b": [], "c": [[]], "d": [{}], "e": [{}, []], "f": {"g": {"h": []}}}""",
        """[0, -0, 1.50, 1e10, -1.5E-7, 12345678901234567890123, 9223372036854775807, -9223372036854775808, 100, -42, 0.0, 1E+2]""",
        "\"just a string with \\\"quotes\\\" and é\"",
        "42",
        "-0",
        "3.14159",
        "true",
        "false",
        "null",
        """{"a\"b": 1, "\u00e9t\u00e9": 2, "emoji \ud83d\ude80": [true, false, null], "<script>": "</script>"}""",
        """{"surrogates": "\ud83d\ude80 \uD83D\uDE00", "controls": "\u0000\u0007\b\f\n\r\t\u001b\u007f", "slash": "\/"}""",
        "{\"long\": \"" + LongEscaped + "\", \"plain\": \"" + new string('x', 2000) + "\"}",
        string.Concat(Enumerable.Repeat("[", 60)) + "1" + string.Concat(Enumerable.Repeat("]", 60)),
        """  { "spaced" :  [ 1 ,  2 ] , "tabs":	"x" }  """,
    ];

    [TestCaseSource(nameof(Descriptions))]
    public void A_description_is_written_as_its_parsed_element_would_be(string json)
    {
        foreach (var options in new[] { TextBlock, StructuredContent })
        {
            var expected = Write(options, writer => JsonElement.Parse(json).WriteTo(writer));
            var actual = Write(options, writer => JsonTextConverter.Copy(Encoding.UTF8.GetBytes(json), writer));

            Assert.That(actual, Is.EqualTo(expected), options.Indented ? "text block" : "structured content");
        }
    }

    [TestCaseSource(nameof(Descriptions))]
    public void Inside_a_listed_task_the_bytes_are_those_of_the_parsed_description(string json)
    {
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        IReadOnlyList<TaskListItemDto> items =
        [
            new(1, 2, "first", new JsonText(json), WorkTaskStatus.InProgress, null, "someone", created, created),
            new(3, 2, "second", null, WorkTaskStatus.Done, created, null, created, created),
            new(4, 2, "third", new JsonText(json), WorkTaskStatus.Todo, null, null, created, created),
        ];

        foreach (var options in new[] { TextBlock, StructuredContent })
        {
            var actual = Write(options, writer => JsonSerializer.Serialize(writer, items, ZukoJson.Default.IReadOnlyListTaskListItemDto));
            var expected = Write(options, writer =>
            {
                // The earlier shape, written member by member: the description as a parsed element.
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("id", item.Id);
                    writer.WriteNumber("organizationId", item.OrganizationId);
                    writer.WriteString("title", item.Title);
                    writer.WritePropertyName("description");
                    if (item.Description is { } d)
                    {
                        JsonElement.Parse(d.Value).WriteTo(writer);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }

                    writer.WriteString("status", item.Status.ToWire());
                    writer.WritePropertyName("completedAt");
                    WriteTimestamp(writer, item.CompletedAt);
                    writer.WritePropertyName("assignee");
                    if (item.Assignee is { } a)
                    {
                        writer.WriteStringValue(a);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }

                    writer.WritePropertyName("createdAt");
                    WriteTimestamp(writer, item.CreatedAt);
                    writer.WritePropertyName("updatedAt");
                    WriteTimestamp(writer, item.UpdatedAt);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            });

            Assert.That(actual, Is.EqualTo(expected), options.Indented ? "text block" : "structured content");
        }
    }

    [Test]
    public void Invalid_text_is_refused_rather_than_written()
    {
        Assert.Throws(Is.InstanceOf<JsonException>(), () => Write(TextBlock, writer => JsonTextConverter.Copy("{\"a\": }"u8, writer)));
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(ZukoTimestampConverter.Timestamp(v));
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static string Write(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
