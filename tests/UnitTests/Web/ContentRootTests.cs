using Platform.Web.Hosting;

namespace Platform.UnitTests.Web;

/// <summary>The server reads its settings from its own folder unless a content root is given.</summary>
public sealed class ContentRootTests
{
    private static string? NoVariables(string name) => null;

    [Test]
    public void Without_a_given_root_it_is_the_assembly_folder_not_the_working_directory() =>
        Assert.That(ContentRoot.Resolve([], NoVariables), Is.EqualTo(AppContext.BaseDirectory));

    [TestCase("--contentRoot=/srv/platform")]
    [TestCase("--contentroot")]
    [TestCase("contentRoot=/srv/platform")]
    public void A_root_given_on_the_command_line_is_left_alone(string arg) =>
        Assert.That(ContentRoot.Resolve([arg], NoVariables), Is.Null);

    [TestCase("ASPNETCORE_CONTENTROOT")]
    [TestCase("DOTNET_CONTENTROOT")]
    public void A_root_given_by_the_environment_is_left_alone(string variable) =>
        Assert.That(ContentRoot.Resolve([], name => name == variable ? "/srv/platform" : null), Is.Null);

    [Test]
    public void The_settings_file_ships_next_to_the_assembly() =>
        Assert.That(File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")), Is.True);
}
