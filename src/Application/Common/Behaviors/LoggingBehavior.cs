using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;
using Platform.Application.Common.Security;
using Platform.Domain.Common;

namespace Platform.Application.Common.Behaviors;

/// <summary>
/// Outermost behavior: times every request, logs slow ones as warnings, expected failures at debug
/// and unexpected exceptions as errors (with the ambient trace id) before they reach a translator.
/// </summary>
internal sealed partial class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger, ICurrentUser currentUser)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(500);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > SlowThreshold)
            {
                LogSlow(logger, typeof(TRequest).Name, elapsed.TotalMilliseconds, currentUser.UserId);
            }
            else
            {
                LogHandled(logger, typeof(TRequest).Name, elapsed.TotalMilliseconds);
            }

            return response;
        }
        catch (PlatformException ex)
        {
            LogRejected(logger, typeof(TRequest).Name, ex.Code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, typeof(TRequest).Name, Activity.Current?.TraceId.ToString(), currentUser.UserId);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} handled in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string request, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow request {Request}: {ElapsedMs:0.0} ms (user {UserId})")]
    private static partial void LogSlow(ILogger logger, string request, double elapsedMs, int? userId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} rejected with {Code} after {ElapsedMs:0.0} ms")]
    private static partial void LogRejected(ILogger logger, string request, string code, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Request} (trace {TraceId}, user {UserId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string request, string? traceId, int? userId);
}
