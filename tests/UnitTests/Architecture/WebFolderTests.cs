using System.Reflection;
using NetArchTest.Rules;

namespace Platform.UnitTests.Architecture;

/// <summary>
/// The Web layer's folders depend on each other one way: shared HTTP/JSON helpers and security at the
/// bottom, the adapters (REST, OAuth server, the two MCP dialects) beside each other on top of them
/// (the MCP dialects also on the shared MCP pieces: catalog, tool-call rate limits),
/// the composition (Program, Hosting) above all. Checked on the built assembly's IL (NetArchTest).
/// </summary>
public sealed class WebFolderTests
{
    private static readonly Assembly Web = typeof(Program).Assembly;

    private const string Root = "Platform.Web.";

    /// <summary>Each folder and the folders it may use (its own subfolders always).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Http"] = [],
        ["Configuration"] = [],
        ["Security"] = ["Configuration", "Http"],
        ["Health"] = ["Configuration", "Http"],
        ["Observability"] = ["Configuration", "Http", "Security"],
        ["Mcp.Catalog"] = ["Http"],
        ["Api"] = ["Http", "Security", "Configuration"],
        ["OAuth"] = ["Http", "Security", "Configuration"],
        ["Mcp.RateLimiting"] = ["Http", "Security"],
        ["Mcp.OAuthJsonRpc"] = ["Mcp.Catalog", "Mcp.RateLimiting", "Http", "Security", "Configuration", "Observability"],
        ["Mcp.CookieEnvelope"] = ["Mcp.Catalog", "Mcp.RateLimiting", "Http", "Security", "Configuration", "Observability"],
        ["Mcp.BoardTools"] = ["Mcp.OAuthJsonRpc", "Mcp.CookieEnvelope", "Mcp.Catalog", "Http", "Security", "Configuration", "Observability"],
    };

    private static IEnumerable<TestCaseData> Folders() => Allowed.Keys.Select(f => new TestCaseData(f).SetName($"Web folder {f} depends only on its allowed folders"));

    [TestCaseSource(nameof(Folders))]
    public void Folder_depends_only_on_the_folders_below_it(string folder)
    {
        var others = Allowed.Keys.Append("Hosting")
            .Where(other => other != folder && !Allowed[folder].Contains(other) && !folder.StartsWith(other + ".", StringComparison.Ordinal))
            .Select(other => Root + other)
            .ToArray();
        var result = Types.InAssembly(Web).That().ResideInNamespace(Root + folder).ShouldNot().HaveDependencyOnAny(others).GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty, $"{folder} uses a folder outside [{string.Join(", ", Allowed[folder])}]");
    }

    [Test]
    public void Every_web_folder_is_placed_in_the_rules()
    {
        var placed = Allowed.Keys.Append("Hosting").Select(f => Root + f).ToList();
        var unplaced = Web.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(Root, StringComparison.Ordinal))
            .Where(ns => !placed.Any(p => ns == p || ns.StartsWith(p + ".", StringComparison.Ordinal)))
            .Distinct()
            .ToList();
        Assert.That(unplaced, Is.Empty, "a new Web folder needs its place in WebFolderTests.Allowed");
    }
}
