using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.ClientMetadataDocuments;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure.Security.Jwt;

namespace Platform.Web.OAuth;

/// <summary>Authorization-server metadata (RFC 8414) at every location clients probe, and the JWKS.</summary>
public static class MetadataEndpoints
{
    /// <summary>
    /// RFC 8414 path insertion for the issuer <c>…/auth</c>, its OpenID variants, and the root
    /// documents that some clients fall back to.
    /// </summary>
    public static readonly IReadOnlyList<string> MetadataPaths =
    [
        "/.well-known/oauth-authorization-server/auth",
        "/.well-known/openid-configuration/auth",
        "/auth/.well-known/openid-configuration",
        "/auth/.well-known/oauth-authorization-server",
        "/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration",
    ];

    public const string JwksPath = "/auth/jwks";

    public static IEndpointRouteBuilder MapOAuthMetadata(this IEndpointRouteBuilder app)
    {
        foreach (var path in MetadataPaths)
        {
            app.MapGet(path, GetMetadata);
            app.MapPreflight(path, "GET");
        }

        app.MapGet(JwksPath, GetJwks);
        app.MapPreflight(JwksPath, "GET");
        return app;
    }

    /// <summary>
    /// The metadata document, in the contract's field order, plus
    /// <c>client_id_metadata_document_supported</c> when URL client ids are accepted (decision 0304).
    /// </summary>
    public static JsonObject Document(string issuer, bool clientIdMetadataDocuments = true)
    {
        var document = Contract(issuer);
        if (clientIdMetadataDocuments)
        {
            document["client_id_metadata_document_supported"] = true;
        }

        return document;
    }

    private static JsonObject Contract(string issuer) => new()
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = issuer + "/authorize",
        ["token_endpoint"] = issuer + "/token",
        ["registration_endpoint"] = issuer + "/register",
        ["revocation_endpoint"] = issuer + "/revoke",
        ["jwks_uri"] = issuer + "/jwks",
        ["scopes_supported"] = Array(OAuthScopes.Supported),
        ["response_types_supported"] = Array(["code"]),
        ["response_modes_supported"] = Array(["query"]),
        ["grant_types_supported"] = Array(GrantTypes.Supported),
        ["token_endpoint_auth_methods_supported"] = Array(ClientAuthMethods.Supported),
        ["revocation_endpoint_auth_methods_supported"] = Array(ClientAuthMethods.Supported),
        ["code_challenge_methods_supported"] = Array([Pkce.S256]),
        ["authorization_response_iss_parameter_supported"] = true,
    };

    private static IResult GetMetadata(HttpContext context, IOAuthServerSettings settings, IOptions<ClientMetadataDocumentOptions> documents)
    {
        OAuthHttp.AllowAnyOrigin(context.Response);
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Text(Document(settings.Issuer, documents.Value.Enabled).ToJsonString(OAuthHttp.Json), "application/json; charset=utf-8");
    }

    private static async Task<IResult> GetJwks(HttpContext context, ISigningKeyStore keys)
    {
        OAuthHttp.AllowAnyOrigin(context.Response);
        // Short: after a rotation, verifiers that cache the document pick up the new key soon.
        context.Response.Headers.CacheControl = "public, max-age=300";
        var published = await keys.GetPublishedAsync(context.RequestAborted);
        var set = new JsonWebKeySet(published.Select(k => k.ToPublicJwk()).ToArray());
        return Results.Text(JsonSerializer.Serialize(set, OAuthHttp.Json), "application/json; charset=utf-8");
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
