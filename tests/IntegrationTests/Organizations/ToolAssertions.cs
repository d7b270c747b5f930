using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Platform.IntegrationTests.Organizations;

internal static partial class ToolAssertions
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    public static partial Regex IsoMillis();

    public static ValueTask<CallToolResult> CallAsync(this McpClient client, string tool, object? arguments = null)
    {
        var args = arguments is null
            ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
        return client.CallToolAsync(tool, args);
    }

    public static string Text(this CallToolResult result)
    {
        Assert.That(result.Content, Has.Count.EqualTo(1), "exactly one content block");
        return ((TextContentBlock)result.Content[0]).Text;
    }

    /// <summary>A successful result: its text parsed, after checking it is 2-space indented and matches structuredContent.</summary>
    public static JsonElement Data(this CallToolResult result, string? listKey = null)
    {
        var text = result.Text();
        Assert.That(result.IsError, Is.Not.True, text);
        var data = JsonDocument.Parse(text).RootElement.Clone();
        Assert.That(text, Is.EqualTo(JsonSerializer.Serialize(data, Indented)), "text is 2-space indented JSON");
        var structured = result.StructuredContent ?? throw new AssertionException("no structuredContent");
        Assert.That(structured.ValueKind, Is.EqualTo(JsonValueKind.Object));
        var expected = listKey is null ? data : structured.GetProperty(listKey);
        Assert.That(JsonSerializer.Serialize(expected), Is.EqualTo(JsonSerializer.Serialize(data)), "structuredContent holds the same data");
        return data;
    }

    public static void AssertError(this CallToolResult result, string expectedText)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.IsError, Is.True, "isError");
            Assert.That(result.Text(), Is.EqualTo(expectedText));
            Assert.That(result.StructuredContent, Is.Null);
        });
    }

    public static void AssertErrorNaming(this CallToolResult result, string field)
    {
        Assert.That(result.IsError, Is.True, "isError");
        Assert.That(result.Text(), Does.StartWith("Invalid arguments: ").And.Contain(field));
    }

    public static string[] Keys(this JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };
}
