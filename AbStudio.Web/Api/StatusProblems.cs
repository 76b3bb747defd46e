using Microsoft.AspNetCore.Diagnostics;

namespace AbStudio.Web.Api;

/// <summary>
/// Problem bodies for the statuses routing sets without one: an unknown path (404), a method the
/// path does not take (405), a caller not signed in (401) or not allowed (403), a content type the endpoint does not accept (415).
/// </summary>
internal static class StatusProblems
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var (title, detail) = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("No such endpoint", $"Nothing is served at {request.Path}; see /api/reference."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{request.Method} is not allowed on {request.Path}; see /api/reference."),
            StatusCodes.Status401Unauthorized => ("Sign-in required",
                request.Method is "GET" or "HEAD"
                    ? "Send 'Authorization: Bearer <token>' (create a token on the console's Tokens page, or with the 'token create' verb)."
                    : "Changes through the API need 'Authorization: Bearer <token>' (create one on the console's Tokens page, or with the 'token create' verb); the console's sign-in cookie is not accepted here, so other web pages cannot act for you."),
            StatusCodes.Status403Forbidden => ("Not allowed", "Your role or token scope does not allow this; a Viewer or a read-only token can only read."),
            StatusCodes.Status415UnsupportedMediaType => ("Unsupported content type",
                $"{request.Path} does not accept '{request.ContentType ?? "no content type"}'; see /api/reference for what it takes."),
            var status => (ReasonPhrase(status), null),
        };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = http.Response.StatusCode, Title = title, Detail = detail },
        });
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";
}
