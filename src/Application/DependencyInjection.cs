using System.Reflection;
using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Platform.Application.Common.Behaviors;
using Platform.Application.Common.Mapping;

namespace Platform.Application;

public static class DependencyInjection
{
    /// <summary>
    /// MediatR 5.1.0 has no DI package: register the mediator, every handler and validator found in
    /// this assembly, and the behaviors in pipeline order (outermost first). The Mapster configuration
    /// is built and compiled once, from the mapping registers of this assembly and of
    /// <paramref name="mappingAssemblies"/> (the host's REST bodies), and shared as one <see cref="IMapper"/>.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, params Assembly[] mappingAssemblies)
    {
        services.AddSingleton<IMapper>(new Mapper(MappingConfiguration.Create(mappingAssemblies)));

        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();

        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuditBehavior<,>));

        services.AddScoped<Identity.Sessions.SessionService>();
        services.AddScoped<Identity.ApiTokens.ApiTokenLookup>();
        services.AddScoped<Identity.Directory.IUserDirectory, Identity.Directory.UserDirectory>();
        services.AddSingleton<Identity.Directory.BootstrapState>();
        services.AddSingleton<Common.Telemetry.PlatformMetrics>();
        services.AddSingleton<Boards.Todos.CreateTodo.TodoCreationBatcher>();

        var assembly = typeof(DependencyInjection).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IRequestHandler<,>) || definition == typeof(IValidator<>))
                {
                    services.AddScoped(contract, type);
                }
            }
        }

        return services;
    }

    public static Assembly Assembly => typeof(DependencyInjection).Assembly;
}
