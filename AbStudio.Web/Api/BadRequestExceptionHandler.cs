using Microsoft.AspNetCore.Diagnostics;

namespace AbStudio.Web.Api;

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a wrong content type, a query
/// value of the wrong type, a body over the size limit) into a problem with the framework's own
/// status (400, 413, 415) and its message, which names the parameter. Anything else is left to
/// <see cref="UnexpectedExceptionHandler"/>: a 500 problem with a correlation id and no details.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large",
                    StatusCodes.Status415UnsupportedMediaType => "Unsupported content type",
                    _ => "The request could not be read",
                },
                Detail = bad.Message,
            },
        });
    }
}
