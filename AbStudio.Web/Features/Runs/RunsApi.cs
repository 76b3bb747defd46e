using System.ComponentModel;
using System.Security.Claims;
using AbStudio.Domain.Runs.Results;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AbStudio.Web.Features.Runs;

/// <summary><c>/api/v1/runs</c>: a run's state, summary and significance, its per-query results and the drill-down into one query.</summary>
public static class RunsApi
{
    private const int MaxDepth = 1000;

    public static RouteGroupBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/runs").WithTags("Runs");

        group.MapGet("/{runId:guid}", GetAsync)
            .WithName("GetRun").WithSummary("A run: status, progress, timestamps, error")
            .WithDescription("Poll this until status is completed, failed or cancelled; or watch the run live on the SignalR hub /hubs/status (Watch(\"run\", id)).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{runId:guid}/summary", SummaryAsync)
            .WithName("GetRunSummary").WithSummary("Per arm: every metric's mean at every k, and latency percentiles per stage and in total")
            .WithDescription("409 while the run has not completed.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{runId:guid}/significance", SignificanceAsync)
            .WithName("GetRunSignificance").WithSummary("Paired comparisons per metric and pair of arms: difference, CI, p-values, Holm-adjusted p, effect size, wins/ties/losses")
            .WithDescription("Holm–Bonferroni adjusts over every pair × every metric; significant = Holm-adjusted randomization p < alpha (0.05). 409 while the run has not completed.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{runId:guid}/results", ResultsAsync)
            .WithName("ListRunResults").WithSummary("The per-query grid: one metric of every arm per query, and armB − armA")
            .WithDescription("Rows are queries in the dataset's order (sort=query), or by the difference (sort=difference: largest gain of B first; -difference: largest loss first; ties keep query order).")
            .WithPaging()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{runId:guid}/queries/{queryId}", QueryAsync)
            .WithName("GetRunQuery").WithSummary("One query of a run: each arm's ranked list with judged grades (null: unjudged), metrics, latencies, and the judgments")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Results<Ok<RunView>, ProblemHttpResult>> GetAsync(Guid runId, ClaimsPrincipal user, RunsService runs, CancellationToken cancellationToken) =>
        await runs.GetAsync(Actor.From(user), runId, cancellationToken) is { } run ? TypedResults.Ok(run) : ApiProblems.NotFound("run", runId);

    public static async Task<Results<Ok<RunSummaryView>, ProblemHttpResult>> SummaryAsync(Guid runId, ClaimsPrincipal user, RunsService runs, CancellationToken cancellationToken) =>
        await runs.AnalysisAsync(Actor.From(user), runId, cancellationToken) switch
        {
            null => ApiProblems.NotFound("run", runId),
            { Summary: null } run => NotCompleted(run),
            var run => TypedResults.Ok(RunSummaryViews.Summary(run.RunId, run.TestId, run.PrimaryMetric, run.K, run.Summary)),
        };

    public static async Task<Results<Ok<SignificanceView>, ValidationProblem, ProblemHttpResult>> SignificanceAsync(
        Guid runId, [Description("Only this metric's comparisons, e.g. ndcg@10.")] string? metric, ClaimsPrincipal user, RunsService runs, CancellationToken cancellationToken)
    {
        var run = await runs.AnalysisAsync(Actor.From(user), runId, cancellationToken);
        if (run is null)
        {
            return ApiProblems.NotFound("run", runId);
        }

        if (run.Summary is null)
        {
            return NotCompleted(run);
        }

        var metrics = run.Summary.Comparisons.Select(c => c.Metric).Distinct(StringComparer.Ordinal).ToList();
        if (metric is not null && !metrics.Contains(metric, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["metric"] = [$"'{metric}' is not a metric of this run; use one of {string.Join(", ", metrics)}."],
            });
        }

        return TypedResults.Ok(RunSummaryViews.Significance(run.RunId, run.Summary, metric));
    }

    public static async Task<Results<Ok<PagedList<QueryComparisonRow>>, ValidationProblem, ProblemHttpResult>> ResultsAsync(
        Guid runId,
        [Description("The metric compared, e.g. ndcg@10, recall@100 (default: the test's primary metric).")] string? metric,
        [Description("The arm compared against (default: the first arm).")] string? armA,
        [Description("The arm compared (default: the second arm); difference = armB − armA.")] string? armB,
        [Description("all (default), wins (armB higher), losses (armB lower) or ties.")] string? filter,
        [Description("query (default: the dataset's order), difference (largest gain first) or -difference (largest loss first).")] string? sort,
        [AsParameters] PageQuery page,
        ClaimsPrincipal user,
        RunsService runs,
        CancellationToken cancellationToken)
    {
        if (!EnumFilter.TryParse<QueryOutcomeFilter>(filter, "filter", out var outcome, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        QueryOrder? order = sort switch
        {
            null or "" or "query" => QueryOrder.Query,
            "difference" => QueryOrder.DifferenceDescending,
            "-difference" => QueryOrder.DifferenceAscending,
            _ => null,
        };
        if (order is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["sort"] = [$"'{sort}' is not a sort order; use query, difference (largest gain first) or -difference (largest loss first)."],
            });
        }

        try
        {
            return TypedResults.Ok(await runs.ResultsAsync(Actor.From(user), runId, metric, armA, armB, outcome ?? QueryOutcomeFilter.All, order.Value, page, cancellationToken));
        }
        catch (ResultsRequestException e)
        {
            return Refused<PagedList<QueryComparisonRow>>(e, runId);
        }
    }

    public static async Task<Results<Ok<QueryDetail>, ValidationProblem, ProblemHttpResult>> QueryAsync(
        Guid runId,
        [Description("The query's id in the dataset (its externalId).")] string queryId,
        [Description("How many documents of each arm's ranking to show (1 to 1000, default 20).")] int? depth,
        ClaimsPrincipal user,
        RunsService runs,
        QueryDrillDown drillDown,
        CancellationToken cancellationToken)
    {
        if (!await runs.VisibleAsync(Actor.From(user), runId, cancellationToken))
        {
            return ApiProblems.NotFound("run", runId);
        }

        if (depth is < 1 or > MaxDepth)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["depth"] = [$"depth is {depth}; it must be between 1 and {MaxDepth} (default 20)."],
            });
        }

        try
        {
            return TypedResults.Ok(await drillDown.ReadAsync(runId, queryId, depth ?? 20, cancellationToken));
        }
        catch (ResultsRequestException e)
        {
            return Refused<QueryDetail>(e, runId);
        }
    }

    private static ProblemHttpResult NotCompleted(RunAnalysis run) => ApiProblems.Conflict(
        "The run has not completed",
        $"The run is {run.Status.ToString().ToLowerInvariant()}; its summary and significance exist once it has completed (poll GET /api/v1/runs/{run.RunId}).");

    /// <summary>An unknown run or query is a 404; anything else the request names that the run does not have is a 400 on that parameter.</summary>
    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Refused<T>(ResultsRequestException e, Guid runId) => e.Field switch
    {
        "runId" => ApiProblems.NotFound("run", runId),
        "queryId" => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such query", detail: e.Message),
        _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] }),
    };
}
