using System.Reflection;
using System.Text.RegularExpressions;
using Platform.Application.Boards;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.UnitTests.Architecture;

/// <summary>
/// The Boards module speaks neutrally (decision 0104): its failures are made by <see cref="BoardErrors"/>
/// and <see cref="BoardRuleErrors"/> with plain messages and a reason, and no Scrumboy wording
/// (<c>validation: …</c>, <c>conflict: …</c>) is left in its source; that wording lives in the Web layer.
/// </summary>
public sealed partial class BoardMessagesTests
{
    private static IEnumerable<(string Name, PlatformException Error)> Failures() =>
        new[] { typeof(BoardErrors), typeof(BoardRuleErrors) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => typeof(PlatformException).IsAssignableFrom(m.ReturnType))
            .Select(m => ($"{m.DeclaringType!.Name}.{m.Name}", (PlatformException)m.Invoke(null, m.GetParameters().Select(Sample).ToArray())!));

    private static object? Sample(ParameterInfo parameter) =>
        (Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) == typeof(int) ? 3 : parameter.Name ?? "x";

    [Test]
    public void Failures_have_neutral_messages_and_a_reason_unless_they_are_the_admin_apis_own()
    {
        var failures = Failures().ToList();
        Assert.That(failures, Has.Count.GreaterThan(60));
        foreach (var (name, error) in failures)
        {
            Assert.That(error.Message, Does.Not.StartWith("validation:").And.Not.StartWith("conflict:"), name);
            Assert.That(error.Message, Is.Not.EqualTo("not found").And.Not.EqualTo("forbidden"), name);
            if (!name.Contains(".Admin", StringComparison.Ordinal))
            {
                Assert.That(error.Details.TryGetValue(BoardErrors.ReasonKey, out var reason) ? reason : null, Is.Not.Null.And.Not.Empty, name);
            }
        }
    }

    [Test]
    public void No_Scrumboy_wording_is_left_in_the_Boards_source()
    {
        var root = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln")))
        {
            root = root.Parent;
        }

        Assert.That(root, Is.Not.Null, "the checkout root (Platform.sln) above the test directory");
        var files = new[] { "src/Application/Boards", "src/Domain/Boards" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(root!.FullName, dir), "*.cs", SearchOption.AllDirectories))
            .ToList();
        Assert.That(files, Is.Not.Empty);
        var offending = files
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => ScrumboyPrefix().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root!.FullName, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.That(offending, Is.Empty);
    }

    [GeneratedRegex("\\$?\"(validation|conflict):", RegexOptions.CultureInvariant)]
    private static partial Regex ScrumboyPrefix();
}
