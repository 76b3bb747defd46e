using System.ComponentModel;
using System.Security.Claims;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AbStudio.Web.Features.Jobs;

/// <summary><c>/api/v1/jobs</c>: the durable queue's jobs, their attempts, and the user's retry and cancel.</summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/jobs").WithTags("Jobs");

        group.MapGet("/", ListAsync)
            .WithName("ListJobs").WithSummary("List jobs, newest first; optionally only those with a status and/or type").WithPaging();

        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetJob").WithSummary("A job with its payload, lease and attempt history")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/retry", RetryAsync)
            .WithName("RetryJob").WithSummary("Queue a failed or cancelled job again, with a fresh budget of attempts")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelJob").WithSummary("Cancel a pending job, or ask a running one to stop")
            .WithDescription("A running job is flagged (cancelRequested) and stops at its worker's next heartbeat; 409 for a job that has ended.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }

    public static async Task<Results<Ok<PagedList<JobSummary>>, ValidationProblem>> ListAsync(
        [Description("Only jobs with this status: pending, running, succeeded, failed or cancelled.")] string? status,
        [Description("Only jobs of this type, e.g. BuildCollection.")] string? type,
        [AsParameters] PageQuery page,
        ClaimsPrincipal user,
        JobsService jobs,
        CancellationToken cancellationToken) =>
        EnumFilter.TryParse<JobStatus>(status, "status", out var wanted, out var errors)
            ? TypedResults.Ok(await jobs.ListAsync(Actor.From(user), wanted, type, page, cancellationToken))
            : TypedResults.ValidationProblem(errors);

    public static async Task<Results<Ok<JobDetail>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, JobsService jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(Actor.From(user), id, cancellationToken) is { } job ? TypedResults.Ok(job) : ApiProblems.NotFound("job", id);

    public static async Task<Results<Ok<JobDetail>, ProblemHttpResult>> RetryAsync(Guid id, ClaimsPrincipal user, JobsService jobs, CancellationToken cancellationToken) =>
        Answer(await jobs.RetryAsync(Actor.From(user), id, cancellationToken), id, "The job cannot be retried");

    public static async Task<Results<Ok<JobDetail>, ProblemHttpResult>> CancelAsync(Guid id, ClaimsPrincipal user, JobsService jobs, CancellationToken cancellationToken) =>
        Answer(await jobs.CancelAsync(Actor.From(user), id, cancellationToken), id, "The job cannot be cancelled");

    /// <summary>The job as it is after the change, or the problem that says why nothing changed.</summary>
    private static Results<Ok<JobDetail>, ProblemHttpResult> Answer(Outcome<JobDetail> outcome, Guid id, string refused) =>
        outcome.Refusal is { } refusal ? ApiProblems.Refused(refusal, "job", id, refused) : TypedResults.Ok(outcome.Value!);
}
