namespace Platform.Web.Hosting;

/// <summary>
/// Where the server reads <c>appsettings.json</c>: the folder of its own assembly, unless the content
/// root is given (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>/<c>DOTNET_CONTENTROOT</c>, or a test
/// host). The framework's default, the working directory, made a server started from its dll in
/// another folder (as a service manager or a container does) miss its settings and log every SQL
/// command at Information (issue 17).
/// </summary>
public static class ContentRoot
{
    /// <summary>The content root to set, or null to leave the one given.</summary>
    public static string? Resolve(string[] args, Func<string, string?> environment)
    {
        var given = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)
                                  || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase)
                                  || a.StartsWith("contentRoot=", StringComparison.OrdinalIgnoreCase))
                    || !string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT"))
                    || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT"));
        return given ? null : AppContext.BaseDirectory;
    }
}
