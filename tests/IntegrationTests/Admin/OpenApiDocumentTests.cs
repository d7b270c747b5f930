using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>
/// The OpenAPI document at /swagger/v1/swagger.json describes every REST endpoint under /api (and
/// nothing of MCP/OAuth) with an operationId, a summary, typed success responses, error responses
/// typed as ProblemDetails (admin) or the /api error object, and the cookie security scheme.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private static readonly string[] Methods = ["get", "post", "patch", "put", "delete"];
    private JsonElement _document;

    [OneTimeSetUp]
    public async Task FetchAsync()
    {
        using var client = AdminServer.Current.App.NewClient();
        var response = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _document = await response.ReadJsonAsync();
    }

    private IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        from path in _document.GetProperty("paths").EnumerateObject()
        from op in path.Value.EnumerateObject()
        where Methods.Contains(op.Name)
        select (path.Name, op.Name, op.Value);

    [Test]
    public void Every_operation_has_a_unique_operation_id_and_a_summary()
    {
        var operations = Operations().ToList();
        Assert.That(operations, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (path, method, op) in operations)
            {
                Assert.That(op.TryGetProperty("operationId", out var id) ? id.GetString() : null, Is.Not.Null.And.Not.Empty, $"{method} {path} operationId");
                Assert.That(op.TryGetProperty("summary", out var summary) ? summary.GetString() : null, Is.Not.Null.And.Not.Empty, $"{method} {path} summary");
                Assert.That(op.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, Is.True, $"{method} {path} tags");
            }

            Assert.That(operations.Select(o => o.Operation.GetProperty("operationId").GetString()), Is.Unique);
        });
    }

    [Test]
    public void Every_operation_has_typed_success_and_error_responses()
    {
        Assert.Multiple(() =>
        {
            foreach (var (path, method, op) in Operations())
            {
                var responses = op.GetProperty("responses").EnumerateObject().ToList();
                Assert.That(responses.Any(r => r.Name.StartsWith('2')), Is.True, $"{method} {path} has a success response");
                Assert.That(responses.Any(r => r.Name[0] is '4' or '5'), Is.True, $"{method} {path} documents its errors");
                foreach (var response in responses)
                {
                    Assert.That(response.Value.TryGetProperty("description", out var d) && d.GetString()!.Length > 0, Is.True, $"{method} {path} {response.Name} description");
                    var content = response.Value.TryGetProperty("content", out var c) ? c.EnumerateObject().ToList() : [];
                    if (response.Name.StartsWith('2'))
                    {
                        foreach (var media in content.Where(m => m.Name.Contains("json", StringComparison.Ordinal)))
                        {
                            Assert.That(HasSchema(media.Value), Is.True, $"{method} {path} {response.Name} {media.Name} has a schema");
                        }

                        Assert.That(content.Count > 0 || response.Name == "204", Is.True, $"{method} {path} {response.Name} has content unless 204");
                    }
                    else
                    {
                        var (expectedType, expectedSchema) = path.StartsWith("/api/admin", StringComparison.Ordinal)
                            ? ("application/problem+json", "#/components/schemas/ProblemDetails")
                            : ("application/json", "#/components/schemas/ApiError");
                        var media = content.SingleOrDefault(m => m.Name == expectedType);
                        Assert.That(media.Name, Is.EqualTo(expectedType), $"{method} {path} {response.Name} is {expectedType}");
                        if (media.Name is not null)
                        {
                            Assert.That(media.Value.GetProperty("schema").GetProperty("$ref").GetString(), Is.EqualTo(expectedSchema), $"{method} {path} {response.Name}");
                            Assert.That(media.Value.TryGetProperty("example", out _), Is.True, $"{method} {path} {response.Name} has an example");
                        }
                    }
                }
            }
        });
    }

    [Test]
    public void Json_request_bodies_have_schemas_and_examples()
    {
        var withBodies = Operations().Where(o => o.Operation.TryGetProperty("requestBody", out _)).ToList();
        Assert.That(withBodies, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (path, method, op) in withBodies)
            {
                var json = op.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
                Assert.That(HasSchema(json), Is.True, $"{method} {path} request schema");
                Assert.That(json.TryGetProperty("example", out _), Is.True, $"{method} {path} request example");
            }
        });
    }

    [Test]
    public void The_problem_details_schema_carries_the_stable_code_trace_id_and_error_object()
    {
        var properties = _document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties");
        Assert.That(properties.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "type", "title", "status", "detail", "code", "traceId", "error" }));
    }

    [Test]
    public void The_cookie_scheme_is_explained_and_required_with_the_csrf_header_on_writes()
    {
        var schemes = _document.GetProperty("components").GetProperty("securitySchemes");
        var cookie = schemes.GetProperty("sessionCookie");
        Assert.Multiple(() =>
        {
            Assert.That(cookie.GetProperty("type").GetString(), Is.EqualTo("apiKey"));
            Assert.That(cookie.GetProperty("in").GetString(), Is.EqualTo("cookie"));
            Assert.That(cookie.GetProperty("name").GetString(), Is.EqualTo("scrumboy_session"));
            Assert.That(cookie.GetProperty("description").GetString(), Does.Contain("/api/auth/login"));
            Assert.That(schemes.GetProperty("csrfHeader").GetProperty("name").GetString(), Is.EqualTo("X-Scrumboy"));
        });

        Assert.Multiple(() =>
        {
            foreach (var (path, method, op) in Operations())
            {
                var required = op.TryGetProperty("security", out var security)
                    ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList()
                    : [];
                if (path.StartsWith("/api/admin", StringComparison.Ordinal) || path == "/api/me")
                {
                    Assert.That(required, Does.Contain("sessionCookie"), $"{method} {path}");
                }

                Assert.That(required.Contains("csrfHeader"), Is.EqualTo(method is "post" or "patch" or "delete"), $"{method} {path} csrf");
            }
        });
    }

    [Test]
    public void Every_rest_endpoint_is_documented_and_mcp_and_oauth_are_not()
    {
        var endpoints = AdminServer.Current.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var expected = endpoints
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal)
                        && !raw.StartsWith("/api/mcp", StringComparison.Ordinal) && !raw.StartsWith("/api/boards/mcp", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m.ToLowerInvariant()} {RouteConstraint().Replace(e.RoutePattern.RawText!, "}").TrimEnd('/')}"))
            .ToHashSet();
        var documented = Operations().Select(o => $"{o.Method} {o.Path}").ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(expected.Except(documented), Is.Empty, "endpoints missing from the document");
            Assert.That(documented.Except(expected), Is.Empty, "documented operations that do not exist");
            Assert.That(documented.Where(d => d.Contains("/mcp", StringComparison.Ordinal) || d.Contains(" /auth/", StringComparison.Ordinal) || d.Contains("/.well-known", StringComparison.Ordinal)), Is.Empty);
        });
        Assert.That(expected, Does.Contain("get /api/admin/users").And.Contain("get /api/admin/audit-log").And.Contain("post /api/auth/login"));
    }

    private static bool HasSchema(JsonElement media) =>
        media.TryGetProperty("schema", out var schema) && (schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("type", out _));

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex RouteConstraint();
}
