using System.Net;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Identity;

public sealed class HealthTests
{
    [Test]
    public async Task Healthz_and_readyz_answer_ok_on_a_migrated_database()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();
        Assert.That((await client.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var ready = await client.GetAsync("/readyz");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ready.ReadJsonAsync()).GetProperty("status").GetString(), Is.EqualTo("ready"));
    }
}
