namespace Platform.Domain.Identity;

/// <summary>The server-wide role of a user. Never grants access to a project or organization by itself.</summary>
public enum SystemRole
{
    User = 0,
    Admin = 1,
    Owner = 2,
}

public static class SystemRoleNames
{
    public static string ToWire(this SystemRole role) => role switch
    {
        SystemRole.Owner => "owner",
        SystemRole.Admin => "admin",
        _ => "user",
    };

    public static SystemRole FromWire(string value) => value switch
    {
        "owner" => SystemRole.Owner,
        "admin" => SystemRole.Admin,
        _ => SystemRole.User,
    };

    public static bool TryParse(string? value, out SystemRole role)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "owner": role = SystemRole.Owner; return true;
            case "admin": role = SystemRole.Admin; return true;
            case "user": role = SystemRole.User; return true;
            default: role = SystemRole.User; return false;
        }
    }
}
