using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Platform.Domain.Identity.OAuth;

namespace Platform.Web.OAuth;

/// <summary>Wire helpers shared by the OAuth endpoints: CORS, caching headers, RFC 6749 error bodies.</summary>
internal static class OAuthHttp
{
    public const long MaxBodyBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Browser-based clients (MCP Inspector) call these endpoints cross-origin, without cookies.</summary>
    public static void AllowAnyOrigin(HttpResponse response) => response.Headers.AccessControlAllowOrigin = "*";

    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    /// <summary>Answers the CORS preflight of <paramref name="pattern"/>.</summary>
    public static void MapPreflight(this IEndpointRouteBuilder app, string pattern, string methods) =>
        app.MapMethods(pattern, [HttpMethods.Options], (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlAllowMethods = methods + ", OPTIONS";
            headers.AccessControlAllowHeaders = "Authorization, Content-Type, Accept, MCP-Protocol-Version";
            headers.AccessControlMaxAge = "86400";
            return Results.NoContent();
        });

    /// <summary>
    /// <c>{"error","error_description"}</c>: 401 for <c>invalid_client</c> (with a Basic challenge when
    /// the client tried Basic, RFC 6749 §5.2), 400 otherwise.
    /// </summary>
    public static IResult Error(HttpContext context, OAuthException error, int status = StatusCodes.Status400BadRequest)
    {
        if (error.Error == OAuthErrors.InvalidClient)
        {
            status = StatusCodes.Status401Unauthorized;
            if (UsedBasic(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"Platform\", charset=\"UTF-8\"";
            }
        }

        return Results.Json(new ErrorJson(error.Error, error.Description), Json, statusCode: status);
    }

    public static bool UsedBasic(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Caps the request body of an OAuth endpoint (Kestrel then rejects larger bodies).</summary>
    public static void LimitBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = MaxBodyBytes;
        }
    }

    /// <summary>
    /// Reads an <c>application/x-www-form-urlencoded</c> body. Throws <c>invalid_request</c> for any
    /// other content type, an oversize body, or a single-valued parameter sent twice (RFC 6749 §3.2).
    /// </summary>
    public static async Task<IFormCollection> ReadTokenFormAsync(HttpContext context, params string[] multiValued)
    {
        LimitBody(context);
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "the body must be application/x-www-form-urlencoded");
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException)
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "the body could not be read");
        }

        foreach (var (name, values) in form)
        {
            if (values.Count > 1 && !multiValued.Contains(name, StringComparer.Ordinal))
            {
                throw new OAuthException(OAuthErrors.InvalidRequest, $"the parameter {name} was sent more than once");
            }
        }

        return form;
    }

    /// <summary>A parameter's value; empty values count as absent (RFC 6749 §3.1).</summary>
    public static string? Value(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    public static IReadOnlyList<string> Values(StringValues values) => values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();

    public sealed record ErrorJson(
        [property: JsonPropertyName("error")] string Error,
        [property: JsonPropertyName("error_description")] string Description);
}
