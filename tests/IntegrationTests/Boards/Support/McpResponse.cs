using System.Net;
using System.Text.Json;

namespace Platform.IntegrationTests.Boards.Support;

/// <summary>One /mcp answer: status, headers and the parsed envelope, with assertions on its shape.</summary>
public sealed class McpResponse
{
    public McpResponse(HttpResponseMessage response, string text)
    {
        Response = response;
        Text = text;
        Status = response.StatusCode;
        Json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public HttpResponseMessage Response { get; }

    public HttpStatusCode Status { get; }

    public string Text { get; }

    public JsonElement Json { get; }

    public JsonElement Data => Json.GetProperty("data");

    public JsonElement Meta => Json.GetProperty("meta");

    /// <summary>200, <c>ok: true</c>, <c>meta</c> an object; returns <c>data</c>.</summary>
    public JsonElement AssertOk()
    {
        Assert.That(Status, Is.EqualTo(HttpStatusCode.OK), Text);
        Assert.That(Json.GetProperty("ok").GetBoolean(), Is.True, Text);
        Assert.That(Json.GetProperty("meta").ValueKind, Is.EqualTo(JsonValueKind.Object), Text);
        Assert.That(Json.TryGetProperty("error", out _), Is.False, Text);
        return Data;
    }

    /// <summary>The error envelope with this status, code (and message); <c>details</c> is always an object. Returns the details.</summary>
    public JsonElement AssertError(HttpStatusCode status, string code, string? message = null)
    {
        Assert.That(Status, Is.EqualTo(status), Text);
        Assert.That(Json.GetProperty("ok").GetBoolean(), Is.False, Text);
        var error = Json.GetProperty("error");
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo(code), Text);
        if (message is not null)
        {
            Assert.That(error.GetProperty("message").GetString(), Is.EqualTo(message), Text);
        }

        var details = error.GetProperty("details");
        Assert.That(details.ValueKind, Is.EqualTo(JsonValueKind.Object), Text);
        Assert.That(Json.TryGetProperty("data", out _), Is.False, Text);
        return details;
    }

    /// <summary>An error whose details are exactly <paramref name="expectedDetails"/> (compared as JSON).</summary>
    public void AssertError(HttpStatusCode status, string code, string message, object expectedDetails)
    {
        var details = AssertError(status, code, message);
        Assert.That(details.GetRawText(), Is.EqualTo(JsonSerializer.Serialize(expectedDetails)), Text);
    }

    public void AssertValidation(string message, object? expectedDetails = null)
    {
        if (expectedDetails is null)
        {
            AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message);
        }
        else
        {
            AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message, expectedDetails);
        }
    }

    public void AssertNotFound() => AssertError(HttpStatusCode.NotFound, "NOT_FOUND", "not found", new { });

    public void AssertForbidden(string message = "forbidden") => AssertError(HttpStatusCode.Forbidden, "FORBIDDEN", message, new { });

    public void AssertMaintainerRequired() => AssertForbidden("maintainer or higher required");

    public void AssertConflict(string message) => AssertError(HttpStatusCode.Conflict, "CONFLICT", message, new { });

    /// <summary>The property names of an object, in order.</summary>
    public static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
