using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AbStudio.Web.Api;

/// <summary>
/// The last word on an API request that failed with an exception nobody expected (a bug, a lost
/// database): a 500 problem that says only that, with a correlation id to quote, and never the
/// exception's type, message or stack, which go to the log under the same id.
/// </summary>
internal sealed partial class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> log) : IExceptionHandler
{
    public const string CorrelationIdExtension = "correlationId";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var correlationId = CorrelationIdOf(httpContext);
        LogUnexpected(log, exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", correlationId);

        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred",
            Detail = $"The request failed on the server and the error was logged. Quote correlation id {correlationId} when you report it.",
            Extensions = { [CorrelationIdExtension] = correlationId },
        };
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;

        // No Exception in the context: no writer gets the chance to put its details in the body.
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem }))
        {
            await httpContext.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken);
        }

        return true;
    }

    /// <summary>The id that joins a response to its log lines: the trace's id, or the request's.</summary>
    public static string CorrelationIdOf(HttpContext httpContext) => Activity.Current?.Id ?? httpContext.TraceIdentifier;

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unexpected error in {Method} {Path}; correlation id {CorrelationId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path, string correlationId);
}
