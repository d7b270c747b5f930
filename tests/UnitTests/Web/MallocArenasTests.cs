using Platform.Web.Hosting;

namespace Platform.UnitTests.Web;

/// <summary>The server caps glibc's malloc arenas itself, unless the environment already does (decision 0206).</summary>
public sealed class MallocArenasTests
{
    [Test]
    public void On_glibc_the_cap_is_set_in_the_process()
    {
        Assume.That(OperatingSystem.IsLinux() && (File.Exists("/lib/x86_64-linux-gnu/libc.so.6") || File.Exists("/lib/aarch64-linux-gnu/libc.so.6")),
            "glibc only");
        Assert.That(MallocArenas.Limit(_ => null), Is.True);
    }

    [Test]
    public void MALLOC_ARENA_MAX_in_the_environment_wins() =>
        Assert.That(MallocArenas.Limit(name => name == "MALLOC_ARENA_MAX" ? "4" : null), Is.False);
}
