using System.Text.Json;
using Platform.Application.Common.Validation;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth;

/// <summary>
/// Client metadata (RFC 7591 §2) read from a JSON object, as a registration body or a client ID
/// metadata document carries it: lenient about unknown members (RFC 7591 §2 says to ignore them),
/// strict about the types of known ones. Throws <see cref="OAuthException"/>.
/// </summary>
public static class ClientMetadataJson
{
    /// <summary>Duplicate members and deep nesting are refused.</summary>
    public static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    public static ClientMetadata Read(JsonElement root) => new()
    {
        RedirectUris = StringArray(root, "redirect_uris", OAuthErrors.InvalidRedirectUri),
        TokenEndpointAuthMethod = String(root, "token_endpoint_auth_method"),
        GrantTypes = StringArray(root, "grant_types", OAuthErrors.InvalidClientMetadata),
        ResponseTypes = StringArray(root, "response_types", OAuthErrors.InvalidClientMetadata),
        ClientName = Name(String(root, "client_name"), "client_name"),
        ClientUri = String(root, "client_uri"),
        LogoUri = String(root, "logo_uri"),
        Scope = String(root, "scope"),
        Contacts = StringArray(root, "contacts", OAuthErrors.InvalidClientMetadata),
        TosUri = String(root, "tos_uri"),
        PolicyUri = String(root, "policy_uri"),
        SoftwareId = String(root, "software_id"),
        SoftwareVersion = String(root, "software_version"),
        ApplicationType = String(root, "application_type"),
    };

    /// <summary>A string member, or null when absent or null.</summary>
    public static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? Text(value, name, OAuthErrors.InvalidClientMetadata) : throw Invalid($"{name} must be a string");
    }

    /// <summary>A name shown on the consent page and to admins: no control or format characters (the application's name rule).</summary>
    private static string? Name(string? value, string name) =>
        value is not null && TextRule.NameProblem(value) is not null
            ? throw new OAuthException(OAuthErrors.InvalidClientMetadata, $"{name} contains a control or format character")
            : value;

    /// <summary>A JSON string as text; invalid UTF-8, NUL characters and unpaired surrogates are refused.</summary>
    private static string Text(JsonElement value, string name, string error)
    {
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new OAuthException(error, $"{name} is not valid UTF-8 text");
        }

        return TextRule.IsValid(text) ? text : throw new OAuthException(error, $"{name} contains NUL characters or invalid Unicode");
    }

    private static string[]? StringArray(JsonElement root, string name, string error)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String) || value.GetArrayLength() > 100)
        {
            throw new OAuthException(error, $"{name} must be an array of strings");
        }

        return value.EnumerateArray().Select(e => Text(e, name, error)).ToArray();
    }

    private static OAuthException Invalid(string description) => new(OAuthErrors.InvalidClientMetadata, description);
}
