using AbStudio.Domain.Lifecycle;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AbStudio.Web.Api;

/// <summary>The problem responses the endpoint groups share, so each says the same thing the same way.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what, Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}", detail: $"There is no {what} with id {id}.");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: detail);

    /// <summary>
    /// A use case's refusal: 404 when the item is not there (or not visible to the caller's teams: the
    /// same answer), 403 when the caller may not do this, 409 when its state does not allow it.
    /// </summary>
    public static ProblemHttpResult Refused(Refusal refusal, string what, Guid id, string title)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Kind switch
        {
            RefusalKind.NotFound => NotFound(what, id),
            RefusalKind.Forbidden => Forbidden(refusal.Message),
            _ => Conflict(title, refusal.Message),
        };
    }

    /// <summary>204 when deleted, 404 when there was nothing, 409 saying what still uses it.</summary>
    public static Results<NoContent, ProblemHttpResult> Deleted(DeletionResult result, string what, Guid id)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            DeletionOutcome.Deleted => TypedResults.NoContent(),
            DeletionOutcome.NotFound => NotFound(what, id),
            DeletionOutcome.Forbidden => Forbidden(result.Reason ?? $"You may not delete this {what}."),
            _ => Conflict($"The {what} is in use", result.Reason ?? $"The {what} is in use."),
        };
    }
}
