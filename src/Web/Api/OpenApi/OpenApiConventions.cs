using Platform.Web.Http;

namespace Platform.Web.Api.OpenApi;

/// <summary>Example bodies shown in Swagger UI for an operation (serialized with the API's JSON options).</summary>
public sealed record OpenApiExamplesMetadata(object? Request, object? Response);

/// <summary>
/// How an endpoint describes itself in the OpenAPI document: a stable operationId, a summary,
/// typed responses and error responses (ProblemDetails under /api/admin, the <c>{"error":…}</c>
/// object elsewhere under /api), and examples.
/// </summary>
public static class OpenApiConventions
{
    public const string JsonContentType = "application/json";
    public const string ProblemContentType = "application/problem+json";

    /// <summary>operationId (also the endpoint name), summary and an optional longer description (Markdown).</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string operationId, string summary, string? description = null)
    {
        builder.WithName(operationId).WithSummary(summary);
        return description is null ? builder : builder.WithDescription(description);
    }

    /// <summary>Admin API errors: RFC 9457 ProblemDetails with the stable code and the error object.</summary>
    public static TBuilder ProducesAdminProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiErrors.AdminProblem), [ProblemContentType]));
        }

        return builder;
    }

    /// <summary>Errors of /api outside /api/admin: <c>{"error":{"code","message","details"}}</c>.</summary>
    public static TBuilder ProducesApiErrors<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiErrors.ErrorBody), [JsonContentType]));
        }

        return builder;
    }

    /// <summary>The JSON request body the endpoint reads with <see cref="WireJson.ReadAsync{T}"/> (strict: unknown fields are rejected).</summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder)
        where TBody : notnull =>
        builder.Accepts<TBody>(JsonContentType);

    public static RouteHandlerBuilder ProducesJson<TResponse>(this RouteHandlerBuilder builder, int status = StatusCodes.Status200OK) =>
        builder.Produces<TResponse>(status, JsonContentType);

    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, object? request = null, object? response = null) =>
        builder.WithMetadata(new OpenApiExamplesMetadata(request, response));
}
