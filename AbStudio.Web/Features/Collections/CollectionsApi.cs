using System.ComponentModel;
using System.Security.Claims;
using AbStudio.Domain.Collections;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AbStudio.Web.Features.Collections;

/// <summary><c>/api/v1/collections</c>: list, read and delete collections (they are built by tests, not created here).</summary>
public static class CollectionsApi
{
    public static RouteGroupBuilder MapCollectionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/collections").WithTags("Collections");

        group.MapGet("/", ListAsync)
            .WithName("ListCollections").WithSummary("List collections, newest first; optionally only those with a status").WithPaging();

        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetCollection").WithSummary("A collection: fingerprint, configuration, status, progress, build statistics, error")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteCollection").WithSummary("Delete a collection and its vectors")
            .WithDescription("409 while it is building (or its build is queued) or an arm of a queued or running test uses it; 403 for a shared dataset's collection another team built.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }

    public static async Task<Results<Ok<PagedList<CollectionSummary>>, ValidationProblem>> ListAsync(
        [Description("Only collections with this status: pending, building, ready or failed.")] string? status,
        [AsParameters] PageQuery page,
        ClaimsPrincipal user,
        CollectionsService collections,
        CancellationToken cancellationToken) =>
        EnumFilter.TryParse<CollectionStatus>(status, "status", out var wanted, out var errors)
            ? TypedResults.Ok(await collections.ListAsync(Actor.From(user), wanted, page, cancellationToken))
            : TypedResults.ValidationProblem(errors);

    public static async Task<Results<Ok<CollectionDetail>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, CollectionsService collections, CancellationToken cancellationToken) =>
        await collections.GetAsync(Actor.From(user), id, cancellationToken) is { } collection ? TypedResults.Ok(collection) : ApiProblems.NotFound("collection", id);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ClaimsPrincipal user, CollectionsService collections, CancellationToken cancellationToken) =>
        ApiProblems.Deleted(await collections.DeleteAsync(Actor.From(user), id, cancellationToken), "collection", id);
}
