using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Platform.Domain.Common;
using Platform.Web.Http;

namespace Platform.Web.Api;

/// <summary>
/// The /api translator: errors become Scrumboy's <c>{"error":{"code","message","details"}}</c>
/// (details null when empty), Boards failures in Scrumboy's wording (<see cref="ScrumboyMessages"/>).
/// Unexpected exceptions become INTERNAL with a trace id only.
/// </summary>
public static class ApiErrors
{
    /// <summary>The /api wording of a classified failure: Scrumboy's <c>UNAUTHORIZED</c> and Boards messages, details null when empty.</summary>
    public static (int Status, string Code, string Message, IReadOnlyDictionary<string, object?>? Details) Translate(Exception exception, HttpContext context)
    {
        var error = ScrumboyMessages.Apply(ErrorClassifier.Classify(exception, context));
        return error.Code == ErrorCodes.AuthRequired
            ? (StatusCodes.Status401Unauthorized, "UNAUTHORIZED", "unauthorized", null)
            : (error.Status, error.Code, error.Message, error.HasDetails ? error.Details : null);
    }

    public static async Task WriteAsync(HttpContext context, int status, string code, string message, IReadOnlyDictionary<string, object?>? details)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        var connection = context.Response.Headers.Connection;
        context.Response.Clear();
        context.Response.Headers.Connection = connection;
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        if (context.Request.Path.StartsWithSegments("/api/admin", StringComparison.Ordinal))
        {
            // Admin API: RFC 9457 ProblemDetails with the stable code, plus the same error object
            // the rest of /api uses, so Scrumboy-style clients of POST /api/admin/users still read it.
            context.Response.ContentType = "application/problem+json; charset=utf-8";
            var problem = AdminProblem.For(status, new ErrorObject(code, message, details), TraceIds.Of(context));
            await JsonSerializer.SerializeAsync(context.Response.Body, problem, WireJson.Options, context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorBody(new ErrorObject(code, message, details)), WireJson.Options, context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, Exception exception)
    {
        var (status, code, message, details) = Translate(exception, context);
        return WriteAsync(context, status, code, message, details);
    }

    public static IReadOnlyDictionary<string, object?> TraceDetails(HttpContext context) =>
        new Dictionary<string, object?> { ["traceId"] = TraceIds.Of(context) };


    /// <summary>The error body of /api outside /api/admin: <c>{"error":{"code","message","details"}}</c>.</summary>
    public sealed record ErrorBody(ErrorObject Error);

    /// <summary>ProblemDetails of the admin API.</summary>
    public sealed record AdminProblem(string Type, string Title, int Status, string Detail, string Code, string TraceId, ErrorObject Error)
    {
        /// <summary>The problem for an error: its type URI is derived from the stable code (<c>NOT_FOUND</c> → <c>…/errors/not-found</c>).</summary>
        public static AdminProblem For(int status, ErrorObject error, string traceId) => new(
            $"https://platform.dev/errors/{error.Code.ToLowerInvariant().Replace('_', '-')}",
            ReasonPhrases.GetReasonPhrase(status), status, error.Message, error.Code, traceId, error);
    }

    public sealed record ErrorObject(string Code, string Message, IReadOnlyDictionary<string, object?>? Details);
}
