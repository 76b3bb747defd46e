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

    /// <summary>A use case's refusal: 404 when the item is not there, 409 when its state does not allow it.</summary>
    public static ProblemHttpResult Refused(Refusal refusal, string what, Guid id, string title)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Kind == RefusalKind.NotFound ? NotFound(what, id) : Conflict(title, refusal.Message);
    }

    /// <summary>204 when deleted, 404 when there was nothing, 409 saying what still uses it.</summary>
    public static Results<NoContent, ProblemHttpResult> Deleted(DeletionResult result, string what, Guid id)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            DeletionOutcome.Deleted => TypedResults.NoContent(),
            DeletionOutcome.NotFound => NotFound(what, id),
            _ => Conflict($"The {what} is in use", result.Reason ?? $"The {what} is in use."),
        };
    }
}
