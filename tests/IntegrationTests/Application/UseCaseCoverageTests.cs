using MediatR;

namespace Platform.IntegrationTests.Application;

/// <summary>
/// Every request of <c>Platform.Application</c> has its use-case test class: <c>{Request}Tests</c>, a
/// <see cref="MediatorFixture"/>, in the namespace mirroring the request's
/// (<c>Platform.Application.X.Y</c> → <c>Platform.IntegrationTests.Application.X.Y</c>).
/// </summary>
public sealed class UseCaseCoverageTests
{
    [Test]
    public void Every_request_has_a_mediator_test_class_in_the_mirrored_folder()
    {
        var requests = Platform.Application.DependencyInjection.Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBaseRequest).IsAssignableFrom(t))
            .ToList();
        var testClasses = typeof(UseCaseCoverageTests).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(MediatorFixture).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToHashSet(StringComparer.Ordinal);

        var missing = requests
            .Select(r => $"Platform.IntegrationTests.{r.Namespace!["Platform.".Length..]}.{r.Name}Tests")
            .Where(expected => !testClasses.Contains(expected))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.That(requests, Has.Count.GreaterThan(70));
        Assert.That(missing, Is.Empty, "requests without a use-case test class");
    }
}
