using MediatR;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.ListSigningKeys;
using Platform.Application.Identity.OAuth.RotateSigningKey;
using Platform.Web.Api;

namespace Platform.Web.OAuth;

/// <summary>Admin API for the token-signing keys (owner/admin): list, and rotate with overlap.</summary>
public static class SigningKeyAdminEndpoints
{
    public static IEndpointRouteBuilder MapSigningKeyAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/signing-keys", List);
        app.MapPost("/api/admin/signing-keys/rotate", Rotate);
        return app;
    }

    public static async Task<IResult> List(IMediator mediator, CancellationToken ct)
    {
        var keys = await mediator.Send(new ListSigningKeysQuery(), ct);
        return TypedResults.Json(new SigningKeysJson(keys.Select(SigningKeyJson.From).ToArray()), ApiJson.Options);
    }

    public static async Task<IResult> Rotate(IMediator mediator, CancellationToken ct)
    {
        var key = await mediator.Send(new RotateSigningKeyCommand(), ct);
        return TypedResults.Json(SigningKeyJson.From(key), ApiJson.Options);
    }

    public sealed record SigningKeysJson(IReadOnlyList<SigningKeyJson> Keys);

    /// <summary>A key as the admin API shows it: status current | previous | retired, source database | file.</summary>
    public sealed record SigningKeyJson(string Kid, string Alg, string Status, string Source, bool Published, string? CreatedAt, string? RetiredAt)
    {
        public static SigningKeyJson From(SigningKeyDto k) =>
            new(k.KeyId, k.Algorithm, k.Status, k.Source, k.Published, ApiJson.Timestamp(k.CreatedAt), ApiJson.Timestamp(k.RetiredAt));
    }
}
