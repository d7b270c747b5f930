using Platform.Application.Identity;

namespace Platform.Web.Security;

/// <summary>The <c>scrumboy_session</c> cookie: 30 days, HttpOnly, SameSite=Lax, Secure over HTTPS.</summary>
public static class SessionCookie
{
    public static void Append(HttpContext context, SignedInUser signedIn) =>
        context.Response.Cookies.Append(SessionAuthenticationHandler.CookieName, signedIn.SessionToken, new CookieOptions
        {
            Path = "/",
            Expires = signedIn.ExpiresAt,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
        });

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Append(SessionAuthenticationHandler.CookieName, "", new CookieOptions
        {
            Path = "/",
            Expires = DateTimeOffset.UnixEpoch,
            MaxAge = TimeSpan.Zero,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
        });
}
