using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Application.Common.Security;
using Platform.Domain.Common;
using Platform.Web.Http;

namespace Platform.UnitTests.Web;

/// <summary>The one classifier every transport's translator starts from, and its one log line per failure.</summary>
public sealed class ErrorClassifierTests
{
    private static (HttpContext Context, CapturingLoggerProvider Logs) NewContext()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs)).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, TraceIdentifier = "trace-1" };
        context.Request.Method = "POST";
        context.Request.Path = "/x";
        return (context, logs);
    }

    [Test]
    public void Application_rules_are_expected_with_their_status_and_are_not_logged()
    {
        var (context, logs) = NewContext();
        var cases = new (PlatformException Exception, int Status)[]
        {
            (new NotFoundException("task not found"), 404),
            (new ForbiddenException(), 403),
            (new InsufficientScopeException(Scopes.TasksWrite), 403),
            (new ConflictException("taken"), 409),
            (new AuthRequiredException(), 401),
            (new RateLimitedException(), 429),
        };
        foreach (var (exception, status) in cases)
        {
            var error = ErrorClassifier.Classify(exception, context);
            Assert.That((error.Kind, error.Status, error.Code, error.Message), Is.EqualTo((ErrorKind.Expected, status, exception.Code, exception.Message)));
            Assert.That(error.Rule, Is.SameAs(exception));
        }

        Assert.That(logs.Entries, Is.Empty);
    }

    [Test]
    public void Validation_and_the_databases_text_refusal_are_invalid_input()
    {
        var (context, logs) = NewContext();

        Assert.That(ErrorClassifier.Classify(new ValidationFailedException("title is required"), context),
            Has.Property(nameof(ClassifiedError.Kind)).EqualTo(ErrorKind.InvalidInput).And.Property(nameof(ClassifiedError.Status)).EqualTo(400));
        Assert.That(ErrorClassifier.Classify(new PayloadTooLargeException(), context).Status, Is.EqualTo(413));
        var nul = new PostgresException("invalid byte sequence", "ERROR", "ERROR", "22021");
        var error = ErrorClassifier.Classify(new InvalidOperationException("wrapped", nul), context);
        Assert.That((error.Kind, error.Status, error.Code, error.Message),
            Is.EqualTo((ErrorKind.InvalidInput, 400, ErrorCodes.Validation, ErrorClassifier.InvalidTextMessage)));
        Assert.That(logs.Entries, Is.Empty);
    }

    [Test]
    public void A_database_outage_is_a_503_with_the_trace_id_logged_once_as_a_warning()
    {
        var (context, logs) = NewContext();

        var error = ErrorClassifier.Classify(new NpgsqlException("down", new SocketException()), context);

        Assert.That((error.Kind, error.Status, error.Code), Is.EqualTo((ErrorKind.DatabaseUnavailable, 503, ErrorClassifier.UnavailableCode)));
        Assert.That(error.Details["traceId"], Is.EqualTo(error.TraceId));
        Assert.That(logs.Entries.Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Warning }));
    }

    [Test]
    public void An_unexpected_failure_is_a_500_without_its_text_logged_once_with_the_trace_id()
    {
        var (context, logs) = NewContext();

        var error = ErrorClassifier.Classify(new InvalidOperationException("secret detail"), context);

        Assert.That((error.Kind, error.Status, error.Code, error.Message), Is.EqualTo((ErrorKind.Unexpected, 500, ErrorCodes.Internal, "internal error")));
        Assert.That(error.Details.Values, Has.None.Contains("secret detail"));
        var entry = logs.Entries.Single();
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(entry.Message, Does.Contain(error.TraceId).And.Contain("POST /x"));
        Assert.That(entry.Exception?.Message, Is.EqualTo("secret detail"));
    }

    [Test]
    public void A_rule_with_a_code_no_transport_knows_is_unexpected()
    {
        var (context, logs) = NewContext();

        Assert.That(ErrorClassifier.Classify(new UnknownCodeException(), context).Kind, Is.EqualTo(ErrorKind.Unexpected));
        Assert.That(logs.Entries, Has.Count.EqualTo(1));
    }

    private sealed class UnknownCodeException() : PlatformException("SOMETHING_NEW", "new", null);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Entries.Add((logLevel, formatter(state, exception), exception));
        }
    }
}
