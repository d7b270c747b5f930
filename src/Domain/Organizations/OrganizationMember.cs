namespace Platform.Domain.Organizations;

public enum OrganizationRole
{
    Owner,
    Admin,
    Member,
}

public static class OrganizationRoleNames
{
    public static string ToWire(this OrganizationRole role) => role switch
    {
        OrganizationRole.Owner => "owner",
        OrganizationRole.Admin => "admin",
        _ => "member",
    };

    public static bool TryParse(string? value, out OrganizationRole role)
    {
        switch (value)
        {
            case "owner":
                role = OrganizationRole.Owner;
                return true;
            case "admin":
                role = OrganizationRole.Admin;
                return true;
            case "member":
                role = OrganizationRole.Member;
                return true;
            default:
                role = OrganizationRole.Member;
                return false;
        }
    }

    public static OrganizationRole FromWire(string value) =>
        TryParse(value, out var role) ? role : throw new ArgumentOutOfRangeException(nameof(value), value, "unknown organization role");
}

/// <summary>A user's membership in an organization (the user is referred to by id only).</summary>
public sealed class OrganizationMember
{
    private OrganizationMember()
    {
    }

    public int Id { get; private set; }

    public int OrganizationId { get; private set; }

    public int UserId { get; private set; }

    public OrganizationRole Role { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static OrganizationMember Create(int organizationId, int userId, OrganizationRole role, DateTimeOffset now) =>
        new() { OrganizationId = organizationId, UserId = userId, Role = role, CreatedAt = now };

    public void ChangeRole(OrganizationRole role) => Role = role;
}
