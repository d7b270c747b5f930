using System.Reflection;
using Mapster;

namespace Platform.Application.Common.Mapping;

/// <summary>
/// The one Mapster configuration of the process (decision 0209): every mapping rule lives in an
/// <see cref="IRegister"/> of the Application assembly or of an assembly the host adds (the Web
/// assembly for its REST bodies). Only declared pairs map (<see cref="TypeAdapterConfig.RequireExplicitMapping"/>)
/// and every destination member must have a source or be ignored on purpose
/// (<see cref="TypeAdapterConfig.RequireDestinationMemberSource"/>), so a new field on a DTO or body
/// that nothing fills fails <see cref="Create"/> at startup and in the unit test, not on the wire.
/// </summary>
public static class MappingConfiguration
{
    /// <summary>Builds the configuration from the registers of the Application assembly and <paramref name="assemblies"/>, and compiles it.</summary>
    public static TypeAdapterConfig Create(params Assembly[] assemblies)
    {
        var config = new TypeAdapterConfig
        {
            RequireExplicitMapping = true,
            RequireDestinationMemberSource = true,
        };
        config.Scan([.. assemblies.Prepend(typeof(MappingConfiguration).Assembly).Distinct()]);

        // Build every delegate and every EF projection now: a mapping that does not cover its
        // destination throws here, when the application starts, instead of on a request.
        config.Compile();
        config.CompileProjection();
        return config;
    }
}
