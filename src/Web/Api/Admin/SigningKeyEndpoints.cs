using MapsterMapper;
using MediatR;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.ListSigningKeys;
using Platform.Application.Identity.OAuth.RotateSigningKey;
using Platform.Web.Api.OpenApi;

namespace Platform.Web.Api.Admin;

/// <summary><c>/api/admin/signing-keys</c>: the OAuth server's token-signing keys; list, and rotate with overlap.</summary>
public static class SigningKeyEndpoints
{
    private const string Tag = "Admin OAuth";

    public static RouteGroupBuilder MapAdminSigningKeys(this RouteGroupBuilder admin)
    {
        var keys = admin.MapGroup("/signing-keys").WithTags(Tag);

        keys.MapGet("", List)
            .Describe("listSigningKeys", "List the token-signing keys",
                "Newest first: `current` signs, `previous` keys stay published in /auth/jwks so earlier tokens keep verifying, `retired` ones are gone. "
                + "A key from AUTH_SIGNING_KEY_FILE shows with source `file`. Never the private part. The set is small, so the list is not paged.")
            .ProducesJson<SigningKeysJson>()
            .WithExamples(response: new SigningKeysJson([SigningKeyJson.Example, SigningKeyJson.Example with
            {
                Kid = "Nq3Vg0hUe7kHcB2sYbLrT1mFxw9pZaQd5jXoKiE4Rc", Status = "previous", CreatedAt = "2026-11-01T08:00:00Z", RetiredAt = "2026-11-21T09:30:00Z",
            }]));

        keys.MapPost("/rotate", Rotate)
            .Describe("rotateSigningKey", "Rotate the token-signing key",
                "A new key signs from now on (at once on this node, within 30 s on the others); the old one stays published until tokens it signed expire. "
                + "With AUTH_SIGNING_KEY_FILE set: 409 (replace the file and restart instead).")
            .ProducesJson<SigningKeyJson>()
            .ProducesAdminProblems(StatusCodes.Status409Conflict)
            .WithExamples(response: SigningKeyJson.Example);

        return admin;
    }

    public static async Task<IResult> List(IMediator mediator, IMapper mapper, CancellationToken ct)
    {
        var keys = await mediator.Send(new ListSigningKeysQuery(), ct);
        return AdminResults.Ok(new SigningKeysJson(keys.Select(mapper.Map<SigningKeyDto, SigningKeyJson>).ToArray()));
    }

    public static async Task<IResult> Rotate(IMediator mediator, IMapper mapper, CancellationToken ct) =>
        AdminResults.Ok(mapper.Map<SigningKeyDto, SigningKeyJson>(await mediator.Send(new RotateSigningKeyCommand(), ct)));

    public sealed record SigningKeysJson(IReadOnlyList<SigningKeyJson> Keys);

    /// <summary>A key as the admin API shows it: status current | previous | retired, source database | file.</summary>
    public sealed record SigningKeyJson(string Kid, string Alg, string Status, string Source, bool Published, string? CreatedAt, string? RetiredAt)
    {
        internal static readonly SigningKeyJson Example =
            new("kT5pW2cX9vB1nM8qR4sL7dF0gH3jZ6aY2uE5iO8wQ1", "ES256", "current", "database", true, "2026-11-21T09:30:00Z", null);
    }
}
