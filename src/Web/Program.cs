using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Platform.Application;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.RegisterClient;
using Platform.Infrastructure;
using Platform.Infrastructure.Security.ClientMetadataDocuments;
using Platform.Web.Api;
using Platform.Web.Api.Admin;
using Platform.Web.Api.OpenApi;
using Platform.Web.Configuration;
using Platform.Web.Health;
using Platform.Web.Hosting;
using Platform.Web.Mcp.BoardTools;
using Platform.Web.Mcp.CookieEnvelope;
using Platform.Web.Mcp.OAuthJsonRpc;
using Platform.Web.OAuth;
using Platform.Web.Observability;
using Platform.Web.Security;
using Platform.Web.Security.ApiTokens;
using Platform.Web.Security.Bearer;

// Before anything else allocates natively: at most two glibc malloc arenas (decision 0206).
MallocArenas.Limit(Environment.GetEnvironmentVariable);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRoot.Resolve(args, Environment.GetEnvironmentVariable),
});
var options = PlatformOptions.FromConfiguration(builder.Configuration);

// Listen on BACKEND_URL's port unless ASPNETCORE_URLS (or --urls) says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    var backend = new Uri(options.BackendUrl);
    builder.WebHost.UseUrls(backend.IsLoopback ? $"http://localhost:{backend.Port}" : $"http://*:{backend.Port}");
}

var connectionString = DatabaseStartup.ResolveConnectionString(builder, out var embeddedPostgres);

builder.Services.AddSingleton(options);
builder.Services.AddSingleton<IServerSettings>(options);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICurrentUser, HttpCurrentUser>();
builder.Services.AddApplication(typeof(Program).Assembly);
builder.Services.AddInfrastructure(connectionString);
builder.Services.Configure<RegistrationLimits>(builder.Configuration.GetSection(RegistrationLimits.Section));
builder.Services.AddOptions<OAuthTokenOptions>().Bind(builder.Configuration.GetSection(OAuthTokenOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<OAuthTokenOptions>, OAuthTokenOptionsValidator>();
builder.Services.AddClientMetadataDocuments(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<PlatformExceptionHandler>();
builder.Services.AddPlatformOpenApi();
builder.Services.AddOAuthServer(options);
builder.Services.AddScrumboyMcp();

builder.Services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddApiTokenAuthentication();
builder.Services.AddMcpBearerAuthentication(options);
builder.Services.AddMcpJsonRpc();
builder.Services.AddBoardTools(options);
var telemetry = builder.AddPlatformTelemetry();
builder.Services.AddPlatformHealthChecks();

builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
{
    forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    var (addresses, networks) = options.ParseTrustedProxies();
    if (addresses.Count > 0 || networks.Count > 0)
    {
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var address in addresses)
        {
            forwarded.KnownProxies.Add(address);
        }

        foreach (var network in networks)
        {
            forwarded.KnownIPNetworks.Add(network);
        }
    }
});

var app = builder.Build();
if (options.KeyRingProtection is null && app.Environment.IsProduction())
{
    // Security review finding 9: the key ring protects the signing keys; unprotected, a database backup alone can forge tokens.
    app.Logger.LogWarning(
        "The Data Protection key ring is stored unencrypted in the database. Set DATA_PROTECTION_CERTIFICATE_FILE to protect it (README, Key-ring protection).");
}
if (embeddedPostgres is not null)
{
    app.Lifetime.ApplicationStopped.Register(embeddedPostgres.Dispose);
}

await DatabaseStartup.MigrateAsync(app.Services);

app.UseForwardedHeaders();
app.UsePrometheusScrape(telemetry);
app.UseExceptionHandler();
app.UseWhen(ctx => ApiRules.IsApiPath(ctx.Request.Path),
    api =>
    {
        api.UseMiddleware<ApiMiddleware>();
        api.UseStatusCodePages(async status =>
        {
            var response = status.HttpContext.Response;
            if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                await ApiErrors.WriteAsync(status.HttpContext, 405, "METHOD_NOT_ALLOWED", "method not allowed", null);
            }
            else if (response.StatusCode == StatusCodes.Status404NotFound)
            {
                await ApiErrors.WriteAsync(status.HttpContext, 404, "NOT_FOUND", "not found", null);
            }
            else if (response.StatusCode == StatusCodes.Status400BadRequest)
            {
                // A route or query parameter that could not be bound to its type (e.g. ?page=abc).
                await ApiErrors.WriteAsync(status.HttpContext, 400, "VALIDATION_ERROR", "validation: invalid request parameter", null);
            }
        });
    });
app.UseMcpRequestGate();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealth();
app.MapBenchmarkProbes(app.Configuration);
var api = app.MapGroup("").AddEndpointFilter<ApiRulesFilter>();
api.MapAuthApi();
api.MapApiTokenApi();
api.MapAdminApi();
app.UsePlatformSwagger();
app.MapOAuthServer();
app.MapMcpJsonRpc();
app.MapBoardTools();
api.MapProjectApi();
app.MapScrumboyMcp();

await app.RunAsync();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
