using System.Text.Json;
using Mapster;
using Platform.Application.Boards.Common;
using Platform.Application.Boards.Projects.ListAllProjects;
using Platform.Application.Boards.Projects.TransferMaintainership;
using Platform.Application.Identity;
using Platform.Application.Identity.Admin.Users;
using Platform.Application.Identity.ApiTokens;
using Platform.Application.Identity.Audit;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.AdminClients;
using Platform.Application.Identity.OAuth.AdminGrants;
using Platform.Application.Organizations;
using Platform.Application.Organizations.Members;
using Platform.Application.Organizations.Tasks;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;
using Platform.Web.Api.Admin;
using Platform.Web.Http;

namespace Platform.Web.Api;

/// <summary>
/// DTO → REST body copies of <c>/api</c> and <c>/api/admin</c> (decision 0209). The bodies' records
/// fix the JSON field order; these rules only fill them. Shared conversions of the wire: timestamps
/// are <see cref="WireJson.Timestamp(DateTimeOffset)"/> text, enums their wire names. Not for the
/// Scrumboy/MCP writers (<c>Web/Mcp</c>), whose order and omissions are a contract of their own.
/// </summary>
internal sealed class ApiMappings : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<DateTimeOffset, string>().MapWith(v => WireJson.Timestamp(v));
        config.NewConfig<DateTimeOffset?, string?>().MapWith(v => WireJson.Timestamp(v));
        config.NewConfig<SystemRole, string>().MapWith(r => r.ToWire());
        config.NewConfig<OrganizationRole, string>().MapWith(r => r.ToWire());
        config.NewConfig<WorkTaskStatus, string>().MapWith(s => s.ToWire());

        // Auth and users (two-factor authentication does not exist: always false, as Scrumboy answers).
        config.NewConfig<UserDto, AuthEndpoints.UserJson>().Map(d => d.TwoFactorEnabled, _ => false);
        config.NewConfig<UserDto, AuthEndpoints.StatusUserJson>().Map(d => d.TwoFactorEnabled, _ => false);
        config.NewConfig<AdminUserDto, AdminUserJson>().Map(d => d.TwoFactorEnabled, _ => false);
        config.NewConfig<AdminSessionDto, AdminSessionJson>();

        // Personal API tokens
        config.NewConfig<ApiTokenDto, ApiTokenEndpoints.ApiTokenJson>();
        config.NewConfig<CreatedApiTokenDto, ApiTokenEndpoints.CreatedApiTokenJson>();
        config.NewConfig<AdminApiTokenDto, AdminApiTokenJson>();

        // Organizations and their tasks
        config.NewConfig<OrganizationDto, OrganizationEndpoints.OrganizationJson>();
        config.NewConfig<OrganizationMemberDto, OrganizationEndpoints.MemberJson>();
        config.NewConfig<AdminOrganizationDto, AdminOrganizationJson>();
        config.NewConfig<AdminOrganizationMemberDto, AdminOrganizationMemberJson>();
        config.NewConfig<TaskSummaryDto, AdminTaskJson>();
        // get_task hands the description on as JSON text (decision 0214); the admin body keeps it a JSON value.
        config.NewConfig<TaskDetailDto, AdminTaskDetailJson>()
            .Map(d => d.Description, s => s.Description == null ? (JsonElement?)null : JsonElement.Parse(s.Description.Value.Value, default));
        config.NewConfig<TaskOwnerDto, AdminTaskOwnerJson>();
        config.NewConfig<TaskOwnerUserDto, AdminTaskOwnerUserJson>();
        config.NewConfig<SubtaskDto, AdminSubtaskJson>();
        config.NewConfig<TaskParentDto, AdminTaskParentJson>();

        // Projects
        config.NewConfig<ProjectDto, ProjectEndpoints.ProjectJson>();
        config.NewConfig<ProjectTagDto, ProjectEndpoints.ProjectTagJson>();
        config.NewConfig<AdminProjectDto, AdminProjectJson>();
        config.NewConfig<MemberDto, AdminProjectMemberJson>();
        config.NewConfig<MaintainershipTransferDto, MaintainershipTransferJson>();

        // OAuth
        config.NewConfig<AdminOAuthClientDto, AdminOAuthClientJson>();
        config.NewConfig<UserGrantDto, UserGrantJson>();
        config.NewConfig<RefreshTokenFamilyDto, RefreshTokenFamilyJson>();
        config.NewConfig<SigningKeyDto, SigningKeyEndpoints.SigningKeyJson>()
            .Map(d => d.Kid, s => s.KeyId)
            .Map(d => d.Alg, s => s.Algorithm);

        // Audit log: the stored summary text is embedded as JSON.
        config.NewConfig<AuditEntryDto, AuditEntryJson>()
            .Map(d => d.Summary, s => ParseSummary(s.SummaryJson));
    }

    internal static JsonElement ParseSummary(string json)
    {
        using var summary = JsonDocument.Parse(json);
        return summary.RootElement.Clone();
    }
}
