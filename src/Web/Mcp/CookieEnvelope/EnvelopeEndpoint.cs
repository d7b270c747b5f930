using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Platform.Application.Common.Interfaces;
using Platform.Domain.Common;
using Platform.Web.Http;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Mcp.RateLimiting;
using Platform.Web.Observability;
using Platform.Web.Security;
using Platform.Web.Security.ApiTokens;

namespace Platform.Web.Mcp.CookieEnvelope;

/// <summary>
/// Scrumboy's tool envelope on exactly <c>/mcp</c> and <c>/mcp/</c>: <c>GET</c> describes the
/// server, <c>POST {"tool","input"}</c> runs one tool of the Scrumboy catalog and answers
/// <c>{"ok":true,"data","meta"}</c> or <c>{"ok":false,"error":{code,message,details}}</c>.
/// <c>/mcp/rpc</c> is the JSON-RPC binding of the same catalog (<see cref="ScrumboyJsonRpc"/>); every
/// other path under <c>/mcp/</c> is a 404 envelope. A tool call counts against its user's tool-call
/// budget, the one every MCP endpoint shares (decision 0212; 0107).
/// </summary>
internal static partial class EnvelopeEndpoint
{
    /// <summary>The envelope is not under /api (no 1 MiB API limit), but a body is still capped (decision 0101).</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    private const string CapabilitiesTool = "system.getCapabilities";
    private static readonly ClaimsPrincipal Nobody = new(new ClaimsIdentity());

    public static IApplicationBuilder MapScrumboyMcp(this IApplicationBuilder app) =>
        app.MapWhen(
            context => Owns(context.Request.Path),
            branch => branch.Run(HandleAsync));

    private static async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path.Value == ScrumboyJsonRpc.Path)
        {
            await ScrumboyJsonRpc.HandleAsync(context);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        try
        {
            await DispatchAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
        catch (Exception ex)
        {
            await WriteExceptionAsync(context, ex);
        }
    }

    /// <summary>Any exception as the envelope's error object (also used for failures before the endpoint runs).</summary>
    internal static async Task WriteExceptionAsync(HttpContext context, Exception exception)
    {
        var error = EnvelopeErrors.Translate(exception, context);
        await WriteAsync(context, error.Status, new ErrorEnvelope(false, new ErrorBody(error.Code, error.Message, error.Details)));
    }

    /// <summary>True for the paths the envelope adapter owns.</summary>
    internal static bool Owns(PathString path) => path.Value is { } p && (p == "/mcp" || p.StartsWith("/mcp/", StringComparison.Ordinal));

    private static async Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Value is not ("/mcp" or "/mcp/"))
        {
            throw new NotFoundException();
        }

        var catalog = context.RequestServices.GetRequiredKeyedService<ToolCatalog>(ScrumboyTools.CatalogKey);
        if (HttpMethods.IsGet(request.Method))
        {
            await ResolveCallerAsync(context);
            catalog.TryGet(CapabilitiesTool, out var capabilities);
            await RunAsync(context, capabilities!, null);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            throw new MethodNotAllowedException();
        }

        if (CrossOriginRequests.IsCrossOriginCookieCall(request))
        {
            // A cookie-authenticated call from another origin (security review finding 7; decision 0500).
            throw new ForbiddenException("forbidden: cross-origin request", new Dictionary<string, object?>());
        }

        var envelope = await ReadEnvelopeAsync(request);
        if (string.IsNullOrEmpty(envelope.Tool))
        {
            throw ValidationFailedException.ForField("missing tool", "tool");
        }

        if (!catalog.TryGet(envelope.Tool, out var tool))
        {
            throw new NotFoundException("tool not found", new Dictionary<string, object?> { ["tool"] = envelope.Tool });
        }

        await ResolveCallerAsync(context);
        if (await context.RequestServices.GetRequiredService<ToolCallRateLimiter>().CheckAsync(context) is { } refusal)
        {
            await WriteRefusalAsync(context, refusal);
            return;
        }

        await RunAsync(context, tool, envelope.Input);
    }

    /// <summary>
    /// A tool call over the user's budget (decision 0212, shared by every MCP endpoint): 429 with
    /// <c>Retry-After</c> and the envelope's error object, <c>RATE_LIMITED</c> with <c>details.retryAfter</c>
    /// (seconds) and <c>details.scope</c>.
    /// </summary>
    private static Task WriteRefusalAsync(HttpContext context, ToolCallRefusal refusal)
    {
        context.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = refusal.Message(context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        var details = new Dictionary<string, object?> { ["retryAfter"] = refusal.RetryAfterSeconds, ["scope"] = refusal.Scope };
        return WriteAsync(context, StatusCodes.Status429TooManyRequests, new ErrorEnvelope(false, new ErrorBody(ErrorCodes.RateLimited, message, details)));
    }

    private static async Task RunAsync(HttpContext context, ToolDefinition tool, JsonElement? input)
    {
        var telemetry = ToolCallTelemetry.Start(context.RequestServices, ToolCallDialects.Envelope, tool.Name);
        ToolOutput output;
        try
        {
            output = await ScrumboyToolGate.RunAsync(tool, input, context.RequestServices, context.RequestAborted);
            telemetry.Succeeded(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            telemetry.Failed(context, ex);
            throw;
        }

        await WriteAsync(context, StatusCodes.Status200OK, new SuccessEnvelope(true, output.Data, output.Meta ?? new Dictionary<string, object?>()));
    }

    /// <summary>
    /// Who is calling. Anonymous mode ignores every credential. In full mode an
    /// <c>Authorization: Bearer …</c> attempt decides alone: a valid personal API token (<c>sb_…</c>,
    /// the <c>ApiToken</c> scheme) is the caller, anything else is 401 <c>Authentication required</c>,
    /// with no fallback to the cookie. Otherwise the session cookie, if valid, is the caller.
    /// </summary>
    internal static async Task ResolveCallerAsync(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<IServerSettings>();
        if (settings.Mode == ServerMode.Anonymous)
        {
            context.User = Nobody;
            return;
        }

        if (IsBearerAttempt(context.Request.Headers.Authorization.FirstOrDefault()))
        {
            context.User = Nobody;
            var token = await context.AuthenticateAsync(ApiTokenAuthenticationHandler.SchemeName);
            context.User = token.Succeeded ? token.Principal : throw new AuthRequiredException("Authentication required");
            return;
        }

        var result = await context.AuthenticateAsync(SessionAuthenticationHandler.SchemeName);
        context.User = result.Succeeded ? result.Principal : Nobody;
    }

    /// <summary>The value (trimmed) is <c>Bearer</c>, or its text before the first space is, case-insensitively.</summary>
    internal static bool IsBearerAttempt(string? authorization) => BearerCredential.IsAttempt(authorization);

    private static async Task<EnvelopeRequest> ReadEnvelopeAsync(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var body = await WireJson.ReadBodyAsync(request, MaxBodyBytes, static () => new EnvelopeTooLargeException());

        if (body.Length == 0)
        {
            throw InvalidJson("EOF");
        }

        try
        {
            return JsonSerializer.Deserialize<EnvelopeRequest>(body, ScrumboyToolInput.Options) ?? throw InvalidJson("json: body must be an object");
        }
        catch (JsonException ex)
        {
            throw InvalidJson(WireJson.Describe(ex));
        }
    }

    private static ValidationFailedException InvalidJson(string detail) =>
        new("invalid json", new Dictionary<string, object?> { ["detail"] = detail });

    private static async Task WriteAsync(HttpContext context, int status, object body)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, WireJson.Options);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
    }

    private sealed record EnvelopeRequest(string? Tool, JsonElement? Input);

    private sealed record SuccessEnvelope(bool Ok, object? Data, IReadOnlyDictionary<string, object?> Meta);

    private sealed record ErrorEnvelope(bool Ok, ErrorBody Error);

    private sealed record ErrorBody(string Code, string Message, IReadOnlyDictionary<string, object?> Details);
}
