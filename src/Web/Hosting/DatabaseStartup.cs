using Microsoft.EntityFrameworkCore;
using Platform.Infrastructure.Persistence;
using Platform.Infrastructure.Persistence.Embedded;

namespace Platform.Web.Hosting;

internal static class DatabaseStartup
{
    /// <summary>
    /// The configured <c>ConnectionStrings__Platform</c>, or else a private cluster under
    /// <c>.data/</c> (created on first run, reused later, stopped on shutdown).
    /// </summary>
    public static string ResolveConnectionString(WebApplicationBuilder builder, out EmbeddedPostgres? embedded)
    {
        embedded = null;
        if (builder.Configuration.GetConnectionString("Platform") is { Length: > 0 } configured)
        {
            return configured;
        }

        var dataDir = builder.Configuration["PLATFORM_DATA_DIR"] is { Length: > 0 } dir
            ? dir
            : Path.Combine(ProjectRoot(), ".data");
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        embedded = EmbeddedPostgres.Start(new EmbeddedPostgresOptions { RootDirectory = dataDir }, loggerFactory.CreateLogger("Platform.EmbeddedPostgres"));
        return embedded.ConnectionString() + ";Maximum Pool Size=16";
    }

    /// <summary>The checkout's root (the folder holding Platform.sln) when run from inside it, else the working folder.</summary>
    private static string ProjectRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    public static async Task MigrateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await db.Database.MigrateAsync();
    }
}
