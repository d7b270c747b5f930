using System.Runtime.InteropServices;

namespace Platform.Web.Hosting;

/// <summary>
/// Caps glibc's malloc arenas at two for the runtime's native allocations (decision 0206): with the
/// default (eight per core) the server's peak resident memory is higher for no throughput. Done in the
/// process, so it holds however the server is started; <c>MALLOC_ARENA_MAX</c> in the environment still
/// wins. Arenas made before <c>Main</c> (a few runtime threads) stay; the cap holds for every later one.
/// </summary>
internal static class MallocArenas
{
    public const int Max = 2;

    // glibc's <malloc.h>: #define M_ARENA_MAX -8
    private const int MArenaMax = -8;

    /// <summary>True when the cap was set; false off glibc (musl, macOS, Windows) or when the environment sets it.</summary>
    public static bool Limit(Func<string, string?> environment)
    {
        if (!OperatingSystem.IsLinux() || !string.IsNullOrEmpty(environment("MALLOC_ARENA_MAX")))
        {
            return false;
        }

        try
        {
            return mallopt(MArenaMax, Max) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc.so.6", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int mallopt(int param, int value);
}
