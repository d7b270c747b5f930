using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Platform.Application.Identity.OAuth.Authorize;

namespace Platform.Web.OAuth.Pages;

/// <summary>
/// The server-rendered login, consent and error pages: plain HTML (no script), readable on a phone,
/// every user- or client-controlled value HTML-encoded, forms protected by an antiforgery token,
/// never framed or cached.
/// </summary>
public static class OAuthPages
{
    public const string AntiforgeryField = "csrf_token";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    private const string Style = """
        :root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#f6f8fa;--card:#fff;--line:#d1d9e0;--accent:#0969da;--danger:#cf222e}
        @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#151b23;--line:#3d444d;--accent:#4493f8;--danger:#f85149}}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        main{max-width:27rem;margin:2.5rem auto;overflow-wrap:anywhere;padding:1.5rem;background:var(--card);border:1px solid var(--line);border-radius:12px}
        h1{font-size:1.4rem;line-height:1.25;margin:0 0 .75rem}
        h2{font-size:1rem;margin:1.25rem 0 .5rem}
        p{margin:.5rem 0}
        label{display:block;font-weight:600;margin:1rem 0 .3rem}
        input[type=email],input[type=password]{width:100%;padding:.65rem .75rem;font:inherit;color:inherit;background:transparent;border:1px solid var(--line);border-radius:8px}
        input:focus,button:focus{outline:3px solid color-mix(in srgb,var(--accent) 40%,transparent);outline-offset:1px}
        button{width:100%;margin-top:1.25rem;padding:.7rem 1rem;font:inherit;font-weight:600;color:#fff;background:var(--accent);border:1px solid var(--accent);border-radius:8px;cursor:pointer}
        button.secondary{color:var(--fg);background:transparent;border-color:var(--line)}
        .buttons{display:flex;gap:.75rem}.buttons button{flex:1}
        .error{color:var(--danger);border:1px solid var(--danger);border-radius:8px;padding:.6rem .8rem}
        .warning{border:1px solid var(--danger);border-radius:8px;padding:.6rem .8rem}
        .muted{color:var(--muted);font-size:.9rem}
        ul.scopes{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:8px}
        ul.scopes li{padding:.65rem .85rem;border-top:1px solid var(--line)}
        ul.scopes li:first-child{border-top:0}
        ul.scopes code{display:block;font-size:.8rem;color:var(--muted)}
        @media (max-width:30rem){main{margin:0;min-height:100vh;border:0;border-radius:0}}
        """;

    public static IResult Login(HttpContext context, IAntiforgery antiforgery, AuthorizationLoginRequired login, string? error, string? email, int status)
    {
        var body = new StringBuilder();
        body.Append("<h1>Sign in to Platform</h1>");
        body.Append("<p><strong>").Append(Html.Encode(login.ClientName)).Append("</strong> wants to connect to your account. Sign in to continue.</p>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Html.Encode(error)).Append("</p>");
        }

        body.Append("<form method=\"post\" action=\"").Append(Html.Encode(context.Request.PathBase + AuthorizationEndpoints.LoginPath)).Append("\">");
        AppendHiddenFields(body, context, antiforgery, login.Request);
        body.Append("<label for=\"email\">Email</label>");
        body.Append("<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required autofocus value=\"").Append(Html.Encode(email ?? "")).Append("\">");
        body.Append("<label for=\"password\">Password</label>");
        body.Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>");
        body.Append("<button type=\"submit\">Sign in</button>");
        body.Append("</form>");
        return Page(context, "Sign in", body.ToString(), status);
    }

    public static IResult Consent(HttpContext context, IAntiforgery antiforgery, AuthorizationConsentRequired consent)
    {
        var prompt = consent.Prompt;
        var body = new StringBuilder();
        body.Append("<h1>Allow <span class=\"client\">").Append(Html.Encode(prompt.ClientName)).Append("</span> to access your account?</h1>");
        body.Append("<p class=\"resource\"><strong>").Append(Html.Encode(prompt.ClientName)).Append("</strong> wants to access ")
            .Append(Html.Encode(prompt.ResourceDescription)).Append(" (<code class=\"resource-uri\">").Append(Html.Encode(prompt.Resource)).Append("</code>).</p>");
        if (prompt.MetadataDocumentHost is { } documentHost)
        {
            body.Append("<p class=\"muted\">Described by <strong class=\"client-host\">").Append(Html.Encode(documentHost))
                .Append("</strong> (the application's client ID metadata document).</p>");
        }

        if (prompt.RedirectsOnlyToLocalhost)
        {
            // MCP authorization, CIMD security: localhost-only redirects can be claimed by any program on this computer.
            body.Append("<p class=\"warning\" role=\"note\">This application only receives its answer on this computer (localhost). ")
                .Append("Any program running here could claim its name. Allow only if you have just started this connection yourself.</p>");
        }

        body.Append("<p class=\"muted\">Signed in as ").Append(Html.Encode(prompt.UserName)).Append(" (").Append(Html.Encode(prompt.UserEmail)).Append(").</p>");
        body.Append("<h2>It will be able to:</h2><ul class=\"scopes\">");
        foreach (var scope in prompt.Scopes)
        {
            body.Append("<li><span>").Append(Html.Encode(scope.Description)).Append("</span><code>").Append(Html.Encode(scope.Scope)).Append("</code></li>");
        }

        body.Append("</ul>");
        body.Append("<p class=\"muted\">After you choose, you will be sent back to <strong class=\"redirect-host\">")
            .Append(Html.Encode(prompt.RedirectHost)).Append("</strong>.</p>");
        body.Append("<form method=\"post\" action=\"").Append(Html.Encode(context.Request.PathBase + AuthorizationEndpoints.ConsentPath)).Append("\">");
        AppendHiddenFields(body, context, antiforgery, consent.Request);
        body.Append("<div class=\"buttons\">");
        body.Append("<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny</button>");
        body.Append("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>");
        body.Append("</div></form>");
        body.Append("<p class=\"muted\">Client ID: <code>").Append(Html.Encode(prompt.ClientId)).Append("</code></p>");
        return Page(context, "Allow access", body.ToString(), StatusCodes.Status200OK);
    }

    public static IResult Error(HttpContext context, string message)
    {
        var body = "<h1>This connection cannot continue</h1><p class=\"error\" role=\"alert\">" + Html.Encode(message) +
                   "</p><p class=\"muted\">You can close this window and try connecting again from the application.</p>";
        return Page(context, "Authorization error", body, StatusCodes.Status400BadRequest);
    }

    private static void AppendHiddenFields(StringBuilder body, HttpContext context, IAntiforgery antiforgery, AuthorizationRequest request)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        Hidden(body, tokens.FormFieldName, tokens.RequestToken ?? "");
        foreach (var (name, value) in request.ToParameters())
        {
            Hidden(body, name, value);
        }
    }

    private static void Hidden(StringBuilder body, string name, string value) =>
        body.Append("<input type=\"hidden\" name=\"").Append(Html.Encode(name)).Append("\" value=\"").Append(Html.Encode(value)).Append("\">");

    private static IResult Page(HttpContext context, string title, string body, int status)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // No form-action: Chrome applies it to the redirect after the consent POST (to the client's URI).
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";
        var html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
                   "<title>" + Html.Encode(title) + " · Platform</title><style>" + Style + "</style></head>" +
                   "<body><main>" + body + "</main></body></html>";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
