using System.Globalization;
using Platform.Application.Common.Security;
using Platform.Application.Organizations;
using Platform.Domain.Common;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// The Zuko dialect's error translator: a caller-fixable failure becomes the one text of an isError
/// tool result, worded as the original server worded it.
/// </summary>
internal static class ZukoErrors
{
    public static string ToText(PlatformException exception)
    {
        if (exception is InsufficientScopeException scope)
        {
            return $"Access token is missing the required scope \"{scope.Scope}\".";
        }

        var details = exception.Details;
        switch (details.TryGetValue(OrganizationErrors.ReasonKey, out var reason) ? reason as string : null)
        {
            case OrganizationErrors.NoOrganization:
                return "User is not a member of any organization.";
            case OrganizationErrors.MultipleOrganizations:
                return "User belongs to multiple organizations. Call list_organizations to find the correct id, then pass it as organizationId.";
            case OrganizationErrors.OrganizationNotAccessible:
                return $"You do not have access to organization {Id(details, "organizationId")}.";
            case OrganizationErrors.TaskNotAccessible:
                return $"Task with ID {Id(details, "taskId")} not found or not accessible.";
        }

        return exception.Code switch
        {
            ErrorCodes.Validation => InvalidArguments(exception.Message),
            ErrorCodes.AuthRequired => "Unauthorized: sign-in required.",
            _ => Sentence(exception.Message),
        };
    }

    public static string InvalidArguments(string message) => $"Invalid arguments: {message}.";

    public static string Internal(string traceId) => $"An internal error occurred (trace id {traceId}).";

    public const string DatabaseUnavailable = "The database is unavailable; try again shortly.";

    private static string Id(IReadOnlyDictionary<string, object?> details, string key) =>
        details.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" : "";

    private static string Sentence(string message) =>
        message.Length == 0 ? "The request failed." : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? "" : ".");
}
