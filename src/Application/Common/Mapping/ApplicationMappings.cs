using Mapster;
using Platform.Application.Boards.Common;
using Platform.Application.Identity;
using Platform.Application.Identity.Admin.Users;
using Platform.Application.Identity.ApiTokens;
using Platform.Application.Identity.Directory;
using Platform.Application.Organizations;
using Platform.Application.Organizations.Tasks;
using Platform.Domain.Boards;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Common.Mapping;

/// <summary>
/// Entity → DTO copies whose shapes follow each other (same member names). The entity → DTO pairs
/// are also used as EF projections (<c>ProjectToType</c>), so their rules must stay translatable.
/// </summary>
internal sealed class ApplicationMappings : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        // Identity
        config.NewConfig<User, UserDto>()
            .Map(d => d.Disabled, s => s.DisabledAt != null);
        config.NewConfig<User, UserSummary>()
            .Map(d => d.Disabled, s => s.DisabledAt != null);
        config.NewConfig<Session, AdminSessionDto>();
        config.NewConfig<ApiToken, ApiTokenDto>();
        config.NewConfig<ApiToken, AdminApiTokenDto>();

        // Organizations
        config.NewConfig<Organization, OrganizationDto>();
        config.NewConfig<OrganizationMember, OrganizationMemberDto>();
        config.NewConfig<WorkTask, TaskSummaryDto>()
            .Map(d => d.Description, s => TaskDescription.Parse(s.Description));

        // Boards
        config.NewConfig<Todo, TodoSearchHitDto>();
        config.NewConfig<UserSummary, AvailableUserDto>()
            .Map(d => d.UserId, s => s.Id);
    }
}
