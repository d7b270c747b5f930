using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Platform.Web.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Platform.Web.Api.OpenApi;

/// <summary>
/// Completes each operation: its security (session cookie unless anonymous, plus the CSRF header on
/// writes), parameter descriptions from <see cref="DescriptionAttribute"/>, readable error response
/// descriptions with example bodies, and the endpoint's request/response examples.
/// </summary>
internal sealed class PlatformOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var api = context.ApiDescription;
        var metadata = api.ActionDescriptor.EndpointMetadata;
        var method = api.HttpMethod?.ToUpperInvariant() ?? "GET";
        var isAdmin = api.RelativePath?.StartsWith("api/admin", StringComparison.Ordinal) == true;

        ApplySecurity(operation, context, method, anonymous: metadata.OfType<IAllowAnonymous>().Any());
        ApplyParameterDescriptions(operation, context);
        ApplyResponses(operation, method, isAdmin);
        if (metadata.OfType<OpenApiExamplesMetadata>().LastOrDefault() is { } examples)
        {
            ApplyExamples(operation, examples);
        }
    }

    private static void ApplySecurity(OpenApiOperation operation, OperationFilterContext context, string method, bool anonymous)
    {
        var requirement = new OpenApiSecurityRequirement();
        if (!anonymous)
        {
            requirement[new OpenApiSecuritySchemeReference(OpenApiSetup.SessionScheme, context.Document)] = [];
        }

        if (method is "POST" or "PATCH" or "DELETE")
        {
            requirement[new OpenApiSecuritySchemeReference(OpenApiSetup.CsrfScheme, context.Document)] = [];
        }

        if (requirement.Count > 0)
        {
            operation.Security = [requirement];
        }
    }

    private static void ApplyParameterDescriptions(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Parameters is null)
        {
            return;
        }

        var method = context.MethodInfo;
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (!string.IsNullOrEmpty(parameter.Description))
            {
                continue;
            }

            var info = method?.GetParameters().FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            parameter.Description = info?.GetCustomAttribute<DescriptionAttribute>()?.Description
                ?? (parameter.In == ParameterLocation.Path ? $"The {Humanize(parameter.Name)}" : null);
        }
    }

    private static void ApplyResponses(OpenApiOperation operation, string method, bool isAdmin)
    {
        if (operation.Responses is null)
        {
            return;
        }

        // Success first, then errors, each by status code (group-level errors were added first).
        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (code, response) in ordered)
        {
            operation.Responses[code] = response;
        }

        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete || !int.TryParse(code, out var status))
            {
                continue;
            }

            if (status >= 400)
            {
                var (errorCode, meaning) = Describe(status, method);
                concrete.Description = meaning;
                foreach (var (contentType, media) in concrete.Content ?? new Dictionary<string, OpenApiMediaType>())
                {
                    media.Example = ErrorExample(status, errorCode, contentType, isAdmin);
                }
            }
            else if (status == StatusCodes.Status201Created && isAdmin)
            {
                concrete.Description = "Created; the `Location` header is the new resource's URI";
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = "Relative URI of the created resource",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
            else if (status == StatusCodes.Status204NoContent)
            {
                concrete.Description = "Done; no body";
            }
        }
    }

    private static (string Code, string Meaning) Describe(int status, string method) => status switch
    {
        400 => ("VALIDATION_ERROR", "Invalid input: malformed or strict-JSON-rejected body (unknown field, wrong type), a bad query parameter, or a failed rule"),
        401 => ("UNAUTHORIZED", "Not signed in (no valid scrumboy_session cookie); for login: wrong e-mail or password"),
        403 => ("FORBIDDEN", method is "POST" or "PATCH" or "DELETE"
            ? "Not allowed: the caller lacks the required system role (owner or admin), or the X-Scrumboy: 1 header is missing"
            : "Not allowed: the caller lacks the required system role (owner or admin)"),
        404 => ("NOT_FOUND", "No such resource (unknown id)"),
        409 => ("CONFLICT", "Conflicts with the current state (duplicate, last owner, not empty, concurrent change)"),
        429 => ("RATE_LIMITED", "Too many attempts; try again later"),
        500 => ("INTERNAL", "Unexpected server error; quote the traceId when reporting it"),
        _ => ("INTERNAL", ReasonPhrases.GetReasonPhrase(status)),
    };

    private static JsonNode? ErrorExample(int status, string code, string contentType, bool isAdmin)
    {
        var message = status switch
        {
            400 => "validation: invalid name",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "not found",
            409 => "conflict: the change conflicts with the current state",
            429 => "too many attempts; try again later",
            _ => "internal error",
        };
        var error = new ApiErrors.ErrorObject(code, message, null);
        object body = isAdmin && contentType == OpenApiConventions.ProblemContentType
            ? ApiErrors.AdminProblem.For(status, error, "4bf92f3577b34da6a3ce929d0e0e4736")
            : new ApiErrors.ErrorBody(error);
        return JsonSerializer.SerializeToNode(body, WireJson.Options);
    }

    private static void ApplyExamples(OpenApiOperation operation, OpenApiExamplesMetadata examples)
    {
        if (examples.Request is not null && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var media in requestContent.Values)
            {
                media.Example = JsonSerializer.SerializeToNode(examples.Request, WireJson.Options);
            }
        }

        if (examples.Response is null || operation.Responses is null)
        {
            return;
        }

        foreach (var (code, response) in operation.Responses)
        {
            if (code.StartsWith('2') && response.Content is { } content && content.TryGetValue(OpenApiConventions.JsonContentType, out var media))
            {
                media.Example = JsonSerializer.SerializeToNode(examples.Response, WireJson.Options);
            }
        }
    }

    private static string Humanize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "identifier";
        }

        var words = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }

        return words.ToString();
    }
}
