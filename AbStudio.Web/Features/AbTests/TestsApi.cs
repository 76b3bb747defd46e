using System.ComponentModel;
using System.Security.Claims;
using System.Security.Cryptography;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Lifecycle;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AbStudio.Web.Features.AbTests;

/// <summary><c>/api/v1/tests</c>: create A/B tests from a definition, start, cancel and retry their runs, clone and delete them.</summary>
public static class TestsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>A definition is a few kilobytes; 1 MiB leaves room for 16 arms with long prefixes and comments.</summary>
    public const int MaxDefinitionBytes = 1024 * 1024;

    private const int MaxIdempotencyKeyLength = 200;
    private const string CreatedBy = "api";

    public static RouteGroupBuilder MapTestsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/tests").WithTags("Tests");

        group.MapPost("/", CreateAsync)
            .WithName("CreateTest").WithSummary("Create a test (draft) from a test definition")
            .WithDescription(
                "The body is the test definition document (docs/test-definition.md), the same as the eval verb's, with dataset.id naming an " +
                "uploaded dataset (dataset.path is refused: upload the dataset first). Every problem is reported at once, keyed by its path " +
                "in the document (errors[\"arms[1].embedding.provider\"]). With an Idempotency-Key header, a retry with the same key and body " +
                "returns the test the first request created (200) instead of a second one; the same key with another body is a 409. The test belongs to " +
                "your team (?team=NAME or id when you belong to several), and its dataset must be one your team sees (its own or a shared one).")
            .Accepts<TestDefinition>("application/json")
            .WithRequestExample(ExampleDefinition)
            .Produces<TestDetail>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/", ListAsync)
            .WithName("ListTests").WithSummary("List tests, newest first; optionally only those with a status").WithPaging();

        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetTest").WithSummary("A test: its definition, arms with their collection plan and build progress, latest run")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/arms", ArmsAsync)
            .WithName("ListTestArms").WithSummary("A test's arms in order (the first is the baseline), with their collection plan, reason and build progress")
            .WithDescription("Not paged: a test has at most 16 arms.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/clone", CloneAsync)
            .WithName("CloneTest").WithSummary("Create a new draft test from a test's stored definition, optionally with a new name")
            .WithDescription("The body is optional: { \"name\": \"…\" }; without a name the clone is called '<name> (copy)'.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/runs", StartAsync)
            .WithName("StartTest").WithSummary("Start a run: plan the arms' collections (reuse or build) and queue the run")
            .WithDescription(
                "202 Accepted: the run goes on in the background. Location (and statusUrl) is the run to poll; to watch it live, connect to the " +
                "SignalR hub /hubs/status and call Watch(\"run\", runId). 409 while a run of the test is in progress.")
            .WithResponseExample(StatusCodes.Status202Accepted, ExampleStart)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/retry", RetryAsync)
            .WithName("RetryTest").WithSummary("Start the test again after its latest run failed or was cancelled")
            .WithDescription("As starting (202 with the new run); 409 when the latest run did not fail or was not cancelled.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelTest").WithSummary("Cancel the test's run in progress")
            .WithDescription("A waiting run is cancelled at once, a running one at its next batch. 409 when no run is in progress.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteTest").WithSummary("Delete a test with its arms, runs and results")
            .WithDescription("409 while a run is in progress (cancel it first). Its collections stay: delete them with DELETE /api/v1/collections/{id}.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }

    // Reads the body itself rather than binding a TestDefinition: the document is stored as sent,
    // its hash is the idempotency check, and the reader's problems name paths the binder could not.
    public static async Task<Results<Created<TestDetail>, Ok<TestDetail>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, TestsService tests, TestsQueries queries, IIdempotencyKeys idempotency, CancellationToken cancellationToken)
    {
        var actor = Actor.From(user);
        if (!actor.CanWrite)
        {
            return ApiProblems.Forbidden("Creating a test needs the Engineer or Admin role (and a token that may write).");
        }

        // The owning team: ?team= (name or id); without it, the caller's only team.
        var team = request.Query["team"].ToString() is { Length: > 0 } named ? named : null;
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
                detail: $"Send the test definition as application/json (got '{request.ContentType ?? "no content type"}').");
        }

        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > MaxIdempotencyKeyLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyKeyHeader] = [$"The key has {key.Length} characters; at most {MaxIdempotencyKeyLength} are allowed (a UUID is typical)."],
            });
        }

        var body = await RequestBody.ReadAsync(request, MaxDefinitionBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large",
                detail: $"A test definition may be at most {MaxDefinitionBytes:N0} bytes.");
        }

        try
        {
            if (key.Length == 0)
            {
                var created = await tests.CreateAsync(actor, body, CreatedBy, team, cancellationToken);
                if (created.Refusal is { } refusal)
                {
                    return ApiProblems.Forbidden(refusal.Message);
                }

                return TypedResults.Created(Location(created.Value!.Id), await queries.DetailAsync(actor, created.Value.Id, cancellationToken));
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)));
            var result = await idempotency.CreateOnceAsync(
                "tests", key, hash, async token => (await tests.CreateAsync(actor, body, CreatedBy, team, token)).Require().Id, cancellationToken);
            var detail = await queries.DetailAsync(actor, result.ResourceId, cancellationToken);
            return result.Outcome switch
            {
                IdempotentOutcome.KeyReused => ApiProblems.Conflict(
                    "The Idempotency-Key was used for another request",
                    "A test was created under this key from a different body; use a new key for a new test."),
                _ when detail is null => ApiProblems.Conflict(
                    "The test created under this Idempotency-Key was deleted",
                    $"Test {result.ResourceId} was created under this key and has since been deleted; use a new key to create it again."),
                IdempotentOutcome.Replayed => TypedResults.Ok(detail),
                _ => TypedResults.Created(Location(detail.Id), detail),
            };
        }
        catch (TestDefinitionException e)
        {
            return DefinitionProblems(e);
        }
    }

    public static async Task<Results<Ok<PagedList<TestSummary>>, ValidationProblem>> ListAsync(
        [Description("Only tests with this status: draft, queued, building, running, completed, failed or cancelled.")] string? status,
        [AsParameters] PageQuery page,
        ClaimsPrincipal user,
        TestsQueries queries,
        CancellationToken cancellationToken) =>
        EnumFilter.TryParse<AbTestStatus>(status, "status", out var wanted, out var errors)
            ? TypedResults.Ok(await queries.PageAsync(Actor.From(user), wanted, page, cancellationToken))
            : TypedResults.ValidationProblem(errors);

    public static async Task<Results<Ok<TestDetail>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, TestsQueries queries, CancellationToken cancellationToken) =>
        await queries.DetailAsync(Actor.From(user), id, cancellationToken) is { } test ? TypedResults.Ok(test) : ApiProblems.NotFound("test", id);

    public static async Task<Results<Ok<IReadOnlyList<ArmView>>, ProblemHttpResult>> ArmsAsync(Guid id, ClaimsPrincipal user, TestsQueries queries, CancellationToken cancellationToken) =>
        await queries.DetailAsync(Actor.From(user), id, cancellationToken) is { } test ? TypedResults.Ok(test.Arms) : ApiProblems.NotFound("test", id);

    public static async Task<Results<Created<TestDetail>, ValidationProblem, ProblemHttpResult>> CloneAsync(
        Guid id, [FromBody] CloneRequest? request, ClaimsPrincipal user, TestsService tests, TestsQueries queries, CancellationToken cancellationToken)
    {
        var actor = Actor.From(user);
        try
        {
            var clone = await tests.CloneAsync(actor, id, request?.Name, CreatedBy, cancellationToken);
            return clone.Refusal is { } refusal
                ? ApiProblems.Refused(refusal, "test", id, "The test cannot be cloned")
                : TypedResults.Created(Location(clone.Value!.Id), await queries.DetailAsync(actor, clone.Value.Id, cancellationToken));
        }
        catch (TestDefinitionException e)
        {
            return DefinitionProblems(e);
        }
    }

    public static Task<Results<Accepted<RunStarted>, ProblemHttpResult>> StartAsync(Guid id, ClaimsPrincipal user, TestsService tests, TestsQueries queries, CancellationToken cancellationToken) =>
        StartedAsync(id, () => tests.StartAsync(Actor.From(user), id, cancellationToken), "The test could not start");

    public static Task<Results<Accepted<RunStarted>, ProblemHttpResult>> RetryAsync(Guid id, ClaimsPrincipal user, TestsService tests, TestsQueries queries, CancellationToken cancellationToken) =>
        StartedAsync(id, () => tests.RetryAsync(Actor.From(user), id, cancellationToken), "The test cannot be retried");

    public static async Task<Results<Ok<TestDetail>, ProblemHttpResult>> CancelAsync(Guid id, ClaimsPrincipal user, TestsService tests, TestsQueries queries, CancellationToken cancellationToken)
    {
        var actor = Actor.From(user);
        var cancelled = await tests.CancelAsync(actor, id, cancellationToken);
        if (cancelled.Refusal is { } refusal)
        {
            return ApiProblems.Refused(refusal, "test", id, "Nothing to cancel");
        }

        return await queries.DetailAsync(actor, id, cancellationToken) is { } after ? TypedResults.Ok(after) : ApiProblems.NotFound("test", id);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ClaimsPrincipal user, TestsService tests, CancellationToken cancellationToken) =>
        ApiProblems.Deleted(await tests.DeleteAsync(Actor.From(user), id, cancellationToken), "test", id);

    private static string Location(Guid testId) => $"/api/v1/tests/{testId}";

    /// <summary>The definition's problems as a validation problem, each under its path in the document.</summary>
    private static ValidationProblem DefinitionProblems(TestDefinitionException e) => TypedResults.ValidationProblem(
        e.Problems.GroupBy(p => p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
        title: "The test definition has problems",
        detail: $"{e.Problems.Count} problem(s); each is listed under its path in the definition (see docs/test-definition.md).");

    private static async Task<Results<Accepted<RunStarted>, ProblemHttpResult>> StartedAsync(
        Guid id, Func<Task<Outcome<RunStart>>> start, string refused)
    {
        // Already running, nothing to retry, or an arm's model or server is missing: nothing was queued; the message says which.
        var started = await start();
        if (started.Refusal is { } refusal)
        {
            return ApiProblems.Refused(refusal, "test", id, refused);
        }

        var run = started.Value!;

        var statusUrl = $"/api/v1/runs/{run.RunId}";
        return TypedResults.Accepted(statusUrl, new RunStarted(
            id, run.RunId, run.Status, statusUrl, HubWatch.Run(run.RunId),
            [.. run.Arms.Select(a => new ArmPlanView(a.Arm, a.Plan?.Outcome, a.Plan?.CollectionId, a.Plan?.Reason))]));
    }

    private const string ExampleDefinition = """
        {
          "name": "bm25 vs hashing",
          "dataset": { "id": "01a20f22-b1b8-71ab-ae7e-3aeba5cad6f2", "split": "test" },
          "k": [1, 10, 100],
          "primary_metric": "ndcg@10",
          "arms": [
            { "name": "bm25", "retrieval": { "mode": "lexical" } },
            { "name": "hashing", "embedding": { "provider": "hashing", "dimensions": 256 }, "retrieval": { "mode": "vector" } }
          ]
        }
        """;

    private const string ExampleStart = """
        {
          "testId": "01a20f30-0c4e-7a51-9d1e-5b7f0e2c4a10",
          "runId": "01a20f31-77d2-7c0b-8e44-2f1d9c3b6e01",
          "status": "pending",
          "statusUrl": "/api/v1/runs/01a20f31-77d2-7c0b-8e44-2f1d9c3b6e01",
          "watch": { "hub": "/hubs/status", "method": "Watch", "kind": "run", "id": "01a20f31-77d2-7c0b-8e44-2f1d9c3b6e01" },
          "arms": [
            { "arm": "bm25", "plan": null, "collectionId": null, "reason": null },
            { "arm": "hashing", "plan": "building", "collectionId": "01a20f31-7700-7d2e-a1b0-66c2f1e0d9aa", "reason": "No collection with this configuration yet: building one." }
          ]
        }
        """;
}
