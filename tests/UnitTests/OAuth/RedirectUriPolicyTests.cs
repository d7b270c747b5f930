using Platform.Domain.Identity.OAuth;

namespace Platform.UnitTests.OAuth;

public sealed class RedirectUriPolicyTests
{
    [TestCase("https://app.example.com/cb")]
    [TestCase("https://app.example.com:8443/cb?x=1&y=2")]
    [TestCase("http://localhost/cb")]
    [TestCase("http://localhost:8787/callback")]
    [TestCase("http://127.0.0.1/")]
    [TestCase("http://127.0.0.1:33418/")]
    [TestCase("http://[::1]:9000/cb")]
    [TestCase("cursor://anysphere.cursor-retrieval/oauth/user-platform/callback")]
    [TestCase("vscode://vscode.github-authentication/did-authenticate")]
    [TestCase("com.example.app:/oauth2redirect")]
    [TestCase("com.example.app:///path")]
    public void Allowed(string uri) => Assert.That(RedirectUriPolicy.Check(uri), Is.Null);

    [TestCase("javascript:alert(1)", "scheme")]
    [TestCase("JAVASCRIPT:alert(1)", "scheme")]
    [TestCase("data:text/html;base64,PHNjcmlwdD4=", "scheme")]
    [TestCase("file:///etc/passwd", "scheme")]
    [TestCase("vbscript:x", "scheme")]
    [TestCase("blob:https://a.example.com/x", "scheme")]
    [TestCase("http://example.com/cb", "loopback")]
    [TestCase("http://127.0.0.2/cb", "loopback")]
    [TestCase("http://localhost.evil.com/cb", "loopback")]
    [TestCase("https://a.example.com/cb#frag", "fragment")]
    [TestCase("https://a.example.com/cb#", "fragment")]
    [TestCase("https://user@a.example.com/cb", "user information")]
    [TestCase("https://user:pw@a.example.com/cb", "user information")]
    [TestCase("http://user@localhost/cb", "user information")]
    [TestCase("/callback", "absolute")]
    [TestCase("callback", "absolute")]
    [TestCase("://x", "absolute")]
    [TestCase("1app:/cb", "absolute")]
    [TestCase("https://a.example.com/c b", "whitespace")]
    [TestCase("https://a.example.com/\u00e9", "non-ASCII")]
    [TestCase("https://a.example.com/\ncb", "control")]
    [TestCase("", "empty")]
    public void Refused(string uri, string reason) => Assert.That(RedirectUriPolicy.Check(uri), Does.Contain(reason));

    [Test]
    public void Very_long_uris_are_refused() =>
        Assert.That(RedirectUriPolicy.Check("https://a.example.com/" + new string('a', 2000)), Does.Contain("too long"));

    [TestCase("http://127.0.0.1:33418/", "http://127.0.0.1:54321/", true)]
    [TestCase("http://127.0.0.1/", "http://127.0.0.1:54321/", true)]
    [TestCase("http://127.0.0.1:33418", "http://127.0.0.1:54321/", true)]
    [TestCase("http://localhost:8787/callback", "http://localhost:1234/callback", true)]
    [TestCase("http://[::1]:80/cb", "http://[::1]:4000/cb", true)]
    [TestCase("http://localhost:8787/callback", "http://localhost:8787/callback/", false)]
    [TestCase("http://localhost:8787/callback", "http://127.0.0.1:8787/callback", false)]
    [TestCase("http://localhost:8787/callback", "http://localhost:8787/other", false)]
    [TestCase("http://localhost:8787/callback?a=1", "http://localhost:9/callback?a=2", false)]
    [TestCase("http://localhost:8787/callback", "https://localhost:8787/callback", false)]
    [TestCase("https://app.example.com/cb", "https://app.example.com/cb", true)]
    [TestCase("https://app.example.com/cb", "https://app.example.com:444/cb", false)]
    [TestCase("https://app.example.com/cb", "https://APP.example.com/cb", false)]
    [TestCase("cursor://a.b/cb", "cursor://a.b/cb", true)]
    [TestCase("cursor://a.b/cb", "cursor://a.b/cb2", false)]
    public void Requested_redirect_matches_exactly_except_the_loopback_port(string registered, string requested, bool matches) =>
        Assert.That(RedirectUriPolicy.Matches(registered, requested), Is.EqualTo(matches));

    [Test]
    public void Loopback_port_leniency_never_admits_userinfo()
    {
        Assert.That(RedirectUriPolicy.Matches("http://localhost:8787/cb", "http://evil@localhost:9/cb"), Is.False);
    }

    [TestCase("http://127.0.0.1:8765/callback", "127.0.0.1:8765")]
    [TestCase("https://claude.ai/api/mcp/auth_callback", "claude.ai")]
    [TestCase("cursor://anysphere.cursor-retrieval/oauth/cb", "cursor://anysphere.cursor-retrieval")]
    [TestCase("com.example.app:/cb", "com.example.app:")]
    public void Display_host_names_where_the_user_is_sent(string uri, string host) =>
        Assert.That(RedirectUriPolicy.DisplayHost(uri), Is.EqualTo(host));
}
