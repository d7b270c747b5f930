using Microsoft.OpenApi;
using Platform.Web.Security;

namespace Platform.Web.Api.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/swagger/v1/swagger.json</c>) and Swagger UI (<c>/swagger</c>) of the
/// REST API under <c>/api</c>. The MCP endpoints (<c>/mcp</c>, <c>/api/mcp</c>), the OAuth server
/// (<c>/auth/*</c>, <c>/.well-known/*</c>) and health probes are not part of it.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/v1/swagger.json";
    public const string SessionScheme = "sessionCookie";
    public const string CsrfScheme = "csrfHeader";

    private const string ApiDescription = """
        The REST API of Platform. Internal admins use the **Admin** operations (`/api/admin/...`, system role `owner` or `admin`).

        **Signing in.** Every call is authenticated with the `scrumboy_session` cookie. In this page: open **Auth → POST /api/auth/login**,
        *Try it out*, enter your e-mail and password and *Execute*. The server sets the cookie (HttpOnly) and the browser sends it with every
        later call from this page; there is nothing to paste into *Authorize*. `POST /api/auth/logout` signs out.

        **Writes** (`POST`, `PATCH`, `DELETE`) must carry the header `X-Scrumboy: 1` (CSRF protection); this page adds it for you.

        **Conventions.** Plural nouns; `201 Created` with a `Location` header on create; `204 No Content` on delete; `404` for unknown ids;
        `409` for conflicts; lists are paged with `page` (from 1) and `pageSize` (1-200, default 50) and answer
        `{"items":[...],"page":1,"pageSize":50,"total":123}`. Timestamps are RFC 3339 UTC strings.

        **Errors.** Under `/api/admin` errors are RFC 9457 ProblemDetails (`application/problem+json`) with the stable `code`
        (`VALIDATION_ERROR`, `UNAUTHORIZED`, `FORBIDDEN`, `NOT_FOUND`, `CONFLICT`, `RATE_LIMITED`, `INTERNAL`), the `traceId`, and the
        same `error` object (`code`, `message`, `details`) the rest of `/api` answers with. Every admin write is recorded in the audit log
        (`GET /api/admin/audit-log`).
        """;

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo { Title = "Platform API", Version = "v1", Description = ApiDescription });
            options.DocInclusionPredicate((_, api) => IsDocumented(api.RelativePath));
            options.CustomOperationIds(api => api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName);
            options.CustomSchemaIds(SchemaId);
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            options.AddSecurityDefinition(SessionScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = SessionAuthenticationHandler.CookieName,
                Description = "The session cookie set by `POST /api/auth/login` (or `/api/auth/bootstrap`). Sign in through that operation first: "
                    + "the browser keeps the HttpOnly cookie and sends it with every call from this page. Admin operations need system role owner or admin.",
            });
            options.AddSecurityDefinition(CsrfScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Scrumboy",
                Description = "CSRF protection: every POST, PATCH and DELETE under /api must send `X-Scrumboy: 1` (else 403 FORBIDDEN "
                    + "\"missing X-Scrumboy header\"). Swagger UI adds it automatically.",
            });
            options.OperationFilter<PlatformOperationFilter>();
        });
        return services;
    }

    public static WebApplication UsePlatformSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "swagger";
            ui.DocumentTitle = "Platform API";
            ui.SwaggerEndpoint(DocumentPath, "Platform API v1");
            ui.DisplayOperationId();
            ui.DisplayRequestDuration();
            // Writes need the CSRF header; the session cookie is same-origin and travels by itself.
            ui.UseRequestInterceptor(
                "(request) => { const m = (request.method || 'GET').toUpperCase(); "
                + "if (m === 'POST' || m === 'PATCH' || m === 'DELETE' || m === 'PUT') { request.headers['X-Scrumboy'] = '1'; } "
                + "request.credentials = 'same-origin'; return request; }");
        });
        return app;
    }

    /// <summary>The REST API under /api, without the MCP JSON-RPC endpoint.</summary>
    internal static bool IsDocumented(string? relativePath) =>
        relativePath is not null
        && relativePath.StartsWith("api/", StringComparison.Ordinal)
        && !relativePath.StartsWith("api/mcp", StringComparison.Ordinal);

    /// <summary>Readable, unique schema names: <c>ProblemDetails</c>, <c>ApiError</c>, <c>PageOfAdminUser</c>, <c>CreateUserBody</c>.</summary>
    internal static string SchemaId(Type type)
    {
        if (type == typeof(ApiErrors.AdminProblem))
        {
            return "ProblemDetails";
        }

        if (type == typeof(ApiErrors.ErrorBody))
        {
            return "ApiError";
        }

        if (type == typeof(ApiErrors.ErrorObject))
        {
            return "ErrorObject";
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        name = Trim(name, "Json");
        return type.IsGenericType ? name + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaId)) : name;
    }

    private static string Trim(string name, string suffix) =>
        name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;
}
