using System.Reflection;
using MediatR;
using Platform.Application.Common.Security;

namespace Platform.UnitTests.Architecture;

/// <summary>The layer rules of the design card, checked by reflection over the built assemblies.</summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(Platform.Domain.Common.PlatformException).Assembly;
    private static readonly Assembly Application = Platform.Application.DependencyInjection.Assembly;
    private static readonly Assembly Infrastructure = typeof(Platform.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;

    private static string[] PlatformReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Platform.", StringComparison.Ordinal)).ToArray();

    [Test]
    public void Domain_references_nothing_of_ours_and_no_frameworks()
    {
        Assert.That(PlatformReferences(Domain), Is.Empty);
        Assert.That(Domain.GetReferencedAssemblies().Select(a => a.Name),
            Has.None.StartsWith("Microsoft.EntityFrameworkCore").And.None.StartsWith("Microsoft.AspNetCore").And.None.StartsWith("MediatR"));
    }

    [Test]
    public void Application_references_only_the_domain_and_no_web_types()
    {
        Assert.That(PlatformReferences(Application), Is.EquivalentTo(new[] { "Platform.Domain" }));
        Assert.That(Application.GetReferencedAssemblies().Select(a => a.Name),
            Has.None.StartsWith("Microsoft.AspNetCore").And.None.StartsWith("Npgsql").And.None.StartsWith("ModelContextProtocol"));
    }

    [Test]
    public void Infrastructure_does_not_reference_the_web_layer()
    {
        Assert.That(PlatformReferences(Infrastructure), Is.EquivalentTo(new[] { "Platform.Application", "Platform.Domain" }));
        Assert.That(Infrastructure.GetReferencedAssemblies().Select(a => a.Name), Has.None.StartsWith("ModelContextProtocol"));
    }

    [Test]
    public void Every_request_declares_who_may_run_it()
    {
        var requests = Application.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i == typeof(IBaseRequest)))
            .ToList();
        Assert.That(requests, Is.Not.Empty);
        var undeclared = requests
            .Where(t => t.GetCustomAttribute<AllowAnonymousAttribute>() is null && t.GetCustomAttribute<AuthorizeAttribute>() is null)
            .Select(t => t.FullName)
            .ToList();
        Assert.That(undeclared, Is.Empty, "requests without [Authorize] or [AllowAnonymous]");
    }

    [Test]
    public void Handlers_are_internal_and_sealed()
    {
        var handlers = Application.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            .ToList();
        Assert.That(handlers, Is.Not.Empty);
        Assert.That(handlers.Where(t => t.IsPublic || !t.IsSealed).Select(t => t.FullName), Is.Empty);
    }

    [Test]
    public void Modules_refer_to_each_other_only_through_public_requests()
    {
        string[] modules = ["Identity", "Organizations", "Boards"];
        var offenders = new List<string>();
        foreach (var type in Application.GetTypes().Where(t => t.Namespace is not null && !t.IsPublic))
        {
            var own = modules.FirstOrDefault(m => type.Namespace!.StartsWith($"Platform.Application.{m}", StringComparison.Ordinal));
            if (own is null)
            {
                continue;
            }

            var fields = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .SelectMany(c => c.GetParameters()).Select(p => p.ParameterType);
            foreach (var dependency in fields)
            {
                var other = modules.FirstOrDefault(m => m != own && (dependency.Namespace ?? "").StartsWith($"Platform.Application.{m}", StringComparison.Ordinal));
                if (other is not null && dependency.Name.EndsWith("DbContext", StringComparison.Ordinal))
                {
                    offenders.Add($"{type.FullName} uses {dependency.FullName}");
                }
            }
        }

        Assert.That(offenders, Is.Empty, "a module reached into another module's database interface");
    }
}
