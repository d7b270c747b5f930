using System.Text.Json;
using System.Text.Json.Nodes;
using MediatR;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.RegisterClient;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;
using Platform.Web.Http;

namespace Platform.Web.OAuth;

/// <summary>
/// POST /auth/register (RFC 7591): open registration. The JSON body is decoded leniently about
/// unknown members (RFC 7591 §2 says to ignore them) and strictly about the types of known ones;
/// the rules live in <see cref="OAuthClient.Register"/>. The 201 response omits absent fields
/// instead of writing null (strict clients reject nulls).
/// </summary>
public static class RegistrationEndpoint
{
    public const string Path = "/auth/register";

    public static IEndpointRouteBuilder MapClientRegistration(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Register);
        app.MapPreflight(Path, "POST");
        return app;
    }

    private static async Task<IResult> Register(HttpContext context, IMediator mediator)
    {
        OAuthHttp.AllowAnyOrigin(context.Response);
        OAuthHttp.NoStore(context.Response);
        try
        {
            var metadata = await ReadMetadataAsync(context);
            var client = await mediator.Send(new RegisterClientCommand(metadata, ClientAddress.Of(context)), context.RequestAborted);
            return Results.Text(ToJson(client).ToJsonString(OAuthHttp.Json), "application/json; charset=utf-8", statusCode: StatusCodes.Status201Created);
        }
        catch (OAuthException ex)
        {
            return OAuthHttp.Error(context, ex);
        }
        catch (RateLimitedException ex)
        {
            // RFC 6749's error for a temporary refusal, with when to try again.
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling((ex.RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return OAuthHttp.Error(context, new OAuthException("temporarily_unavailable", ex.Message), StatusCodes.Status429TooManyRequests);
        }
    }

    internal static async Task<ClientMetadata> ReadMetadataAsync(HttpContext context)
    {
        if (context.Request.ContentLength > OAuthHttp.MaxBodyBytes)
        {
            // A declared oversize body up to the /api limit is read and discarded first, so a client still
            // sending it gets the answer instead of a reset; a larger one closes the connection.
            if (!await WireJson.TryDrainAsync(context.Request, OAuthHttp.MaxBodyBytes, drainAtMost: WireJson.MaxBodyBytes * 2))
            {
                WireJson.CloseConnection(context);
            }

            throw Invalid($"the body must be a JSON object of at most {OAuthHttp.MaxBodyBytes} bytes");
        }

        OAuthHttp.LimitBody(context);
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException)
        {
            throw Invalid($"the body must be a JSON object of at most {OAuthHttp.MaxBodyBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ClientMetadataJson.StrictJson);
        }
        catch (JsonException)
        {
            throw Invalid("the body must be a JSON object (no duplicate members)");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the body must be a JSON object");
            }

            return ClientMetadataJson.Read(root);
        }
    }

    private static JsonObject ToJson(RegisteredClientDto client)
    {
        var json = new JsonObject
        {
            ["client_id"] = client.ClientId,
            ["client_id_issued_at"] = client.ClientIdIssuedAt.ToUnixTimeSeconds(),
        };
        if (client.ClientSecret is { } secret)
        {
            json["client_secret"] = secret;
            json["client_secret_expires_at"] = 0;
        }

        json["redirect_uris"] = Array(client.RedirectUris);
        json["token_endpoint_auth_method"] = client.TokenEndpointAuthMethod;
        json["grant_types"] = Array(client.GrantTypes);
        json["response_types"] = Array(client.ResponseTypes);
        Optional(json, "client_name", client.ClientName);
        Optional(json, "client_uri", client.ClientUri);
        Optional(json, "logo_uri", client.LogoUri);
        Optional(json, "scope", client.Scope);
        if (client.Contacts is { } contacts)
        {
            json["contacts"] = Array(contacts);
        }

        Optional(json, "tos_uri", client.TosUri);
        Optional(json, "policy_uri", client.PolicyUri);
        Optional(json, "software_id", client.SoftwareId);
        Optional(json, "software_version", client.SoftwareVersion);
        Optional(json, "application_type", client.ApplicationType);
        return json;
    }

    private static void Optional(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static OAuthException Invalid(string description) => new(OAuthErrors.InvalidClientMetadata, description);
}
