using Microsoft.AspNetCore.Diagnostics;
using Platform.Web.Api;
using Platform.Web.Http;
using Platform.Web.Mcp.CookieEnvelope;

namespace Platform.Web.Hosting;

/// <summary>
/// The framework's exception handler (<c>UseExceptionHandler</c>) for what escaped an endpoint: the
/// failure is classified once (<see cref="ErrorClassifier"/>, which logs the unexpected ones with the
/// trace id) and written in its transport's shape: the envelope on <c>/mcp</c>, the /api error object
/// or ProblemDetails everywhere else. A client that went away gets nothing (the middleware's 499), also
/// when it leaves while its error is being written.
/// </summary>
internal sealed class PlatformExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (WireJson.ClosesConnection(context))
        {
            // Part of an oversize body was never read: the connection cannot be reused (the handler runs on a cleared response).
            context.Response.Headers.Connection = "close";
        }

        try
        {
            if (EnvelopeEndpoint.Owns(context.Request.Path))
            {
                // e.g. the session lookup failed during a database outage: still an envelope
                await EnvelopeEndpoint.WriteExceptionAsync(context, exception);
            }
            else
            {
                await ApiErrors.WriteAsync(context, exception);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while its error was being written (e.g. it left in the middle of its body):
            // nobody to answer, and not an error of Platform's.
        }

        return true;
    }
}
