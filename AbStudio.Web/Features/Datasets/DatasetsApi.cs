using System.ComponentModel;
using System.Security.Claims;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AbStudio.Web.Features.Datasets;

/// <summary><c>/api/v1/datasets</c>: upload, list, read and delete datasets.</summary>
public static class DatasetsApi
{
    // The datasets.name column's size (DatasetConfiguration); PostgreSQL would refuse a longer one with an error.
    private const int MaxNameLength = 200;

    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/datasets").WithTags("Datasets");

        group.MapPost("/", UploadAsync)
            .WithName("UploadDataset")
            .WithSummary("Upload and import a dataset")
            .WithDescription(
                "A multipart form with one .zip of a dataset (BEIR's layout: corpus.jsonl, queries.jsonl, qrels/<split>.tsv) or the dataset's " +
                "files as several 'file' parts, each named by its path in the dataset (filename=qrels/test.tsv). Optional fields: format " +
                "(beir, trec, jsonl, csv; recognised from the files when absent), name, split, team (the owning team's name or id: one of yours, " +
                "any for an admin; needed only when you belong to several teams). All or nothing: a dataset with errors is not stored, " +
                "and the 422 problem lists each error with its file and line.")
            .Accepts<DatasetUploadForm>("multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", ListAsync)
            .WithName("ListDatasets").WithSummary("List datasets, newest first").WithPaging();

        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetDataset").WithSummary("A dataset: name, content hash, counts, splits, creation")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteDataset").WithSummary("Delete a dataset with its documents, queries and judgments")
            .WithDescription("409 while a test uses it or collections built from it remain; 403 for a dataset shared with your team but owned by another.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/share", ShareAsync)
            .WithName("ShareDataset").WithSummary("Share a dataset with every team (admins only)")
            .WithDescription("Every team then sees it, and a ready collection of it is reused by any team's test (docs/adr/0006). 403 for anyone but an admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/unshare", UnshareAsync)
            .WithName("UnshareDataset").WithSummary("Make a shared dataset private to its team again (admins only)")
            .WithDescription("Collections other teams built from it stay theirs; new plans reuse only within a team. 403 for anyone but an admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/documents", DocumentsAsync)
            .WithName("ListDatasetDocuments").WithSummary("A dataset's documents, in import order").WithPaging()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/queries", QueriesAsync)
            .WithName("ListDatasetQueries").WithSummary("A dataset's queries, in import order; with split, only those judged in it").WithPaging()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/judgments", JudgmentsAsync)
            .WithName("ListDatasetJudgments").WithSummary("A dataset's judgments (qrels), in import order; with split, only that split's").WithPaging()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Ok<PagedList<DatasetSummary>>> ListAsync([AsParameters] PageQuery page, ClaimsPrincipal user, DatasetsService datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await datasets.ListAsync(Actor.From(user), page, cancellationToken));

    public static async Task<Results<Ok<DatasetDetail>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, DatasetsService datasets, CancellationToken cancellationToken) =>
        await datasets.GetAsync(Actor.From(user), id, cancellationToken) is { } dataset ? TypedResults.Ok(dataset) : ApiProblems.NotFound("dataset", id);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ClaimsPrincipal user, DatasetsService datasets, CancellationToken cancellationToken) =>
        ApiProblems.Deleted(await datasets.DeleteAsync(Actor.From(user), id, cancellationToken), "dataset", id);

    public static Task<Results<Ok<DatasetDetail>, ProblemHttpResult>> ShareAsync(Guid id, ClaimsPrincipal user, DatasetsService datasets, CancellationToken cancellationToken) =>
        SharedAsync(id, Actor.From(user), datasets, shared: true, cancellationToken);

    public static Task<Results<Ok<DatasetDetail>, ProblemHttpResult>> UnshareAsync(Guid id, ClaimsPrincipal user, DatasetsService datasets, CancellationToken cancellationToken) =>
        SharedAsync(id, Actor.From(user), datasets, shared: false, cancellationToken);

    public static async Task<Results<Ok<PagedList<DocumentItem>>, ProblemHttpResult>> DocumentsAsync(
        Guid id, [AsParameters] PageQuery page, ClaimsPrincipal user, DatasetsService datasets, CancellationToken cancellationToken) =>
        await datasets.DocumentsAsync(Actor.From(user), id, page, cancellationToken) is { } items ? TypedResults.Ok(items) : ApiProblems.NotFound("dataset", id);

    public static async Task<Results<Ok<PagedList<QueryItem>>, ProblemHttpResult>> QueriesAsync(
        Guid id, [Description("Only queries judged in this split, e.g. test.")] string? split, [AsParameters] PageQuery page, ClaimsPrincipal user, DatasetsService datasets, CancellationToken cancellationToken) =>
        await datasets.QueriesAsync(Actor.From(user), id, split, page, cancellationToken) is { } items ? TypedResults.Ok(items) : ApiProblems.NotFound("dataset", id);

    public static async Task<Results<Ok<PagedList<JudgmentItem>>, ProblemHttpResult>> JudgmentsAsync(
        Guid id, [Description("Only this split's judgments, e.g. test.")] string? split, [AsParameters] PageQuery page, ClaimsPrincipal user, DatasetsService datasets, CancellationToken cancellationToken) =>
        await datasets.JudgmentsAsync(Actor.From(user), id, split, page, cancellationToken) is { } items ? TypedResults.Ok(items) : ApiProblems.NotFound("dataset", id);

    private static async Task<Results<Ok<DatasetDetail>, ProblemHttpResult>> SharedAsync(
        Guid id, Actor actor, DatasetsService datasets, bool shared, CancellationToken cancellationToken)
    {
        var outcome = await datasets.ShareAsync(actor, id, shared, cancellationToken);
        return outcome.Refusal is { } refusal ? ApiProblems.Refused(refusal, "dataset", id, "The dataset cannot be shared") : TypedResults.Ok(outcome.Value!);
    }

    // Reads the form itself rather than binding it: the size limit has to be set before the body is
    // read, and every way the form can be wrong becomes a problem that says how. (A comment, not XML
    // docs: the OpenAPI generator would take an XML summary over WithSummary.)
    public static async Task<Results<Created<DatasetDetail>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest request, ClaimsPrincipal user, DatasetsService datasets, DatasetUploadLimits limits, CancellationToken cancellationToken)
    {
        var actor = Actor.From(user);
        if (!actor.CanWrite)
        {
            return ApiProblems.Forbidden("Uploading a dataset needs the Engineer or Admin role (and a token that may write).");
        }

        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
                detail: $"Send the dataset as multipart/form-data (got '{request.ContentType ?? "no content type"}'), e.g. curl -F file=@scifact.zip.");
        }

        if (request.ContentLength > limits.MaxBytes)
        {
            return TooLarge(limits);
        }

        // Kestrel then stops a body without Content-Length at the limit too (a 413 BadHttpRequestException).
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxBytes;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limits.MaxBytes }, cancellationToken);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge(limits);
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form could not be read", detail: e.Message);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DatasetFormat? format = null;
        if (form["format"].ToString() is { Length: > 0 } formatName)
        {
            if (Enum.TryParse<DatasetFormat>(formatName, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(formatName, out _))
            {
                format = parsed;
            }
            else
            {
                errors["format"] = [$"'{formatName}' is not a format AbStudio reads: use beir, trec, jsonl or csv (or leave it out to recognise it from the files)."];
            }
        }

        if (form["name"].ToString().Length > MaxNameLength)
        {
            errors["name"] = [$"The name has {form["name"].ToString().Length} characters; at most {MaxNameLength} are allowed."];
        }

        if (form.Files.Count == 0)
        {
            errors["file"] = ["No file parts: send one .zip of the dataset, or its files (corpus.jsonl, queries.jsonl, qrels/test.tsv…)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The upload is incomplete or has invalid fields");
        }

        var upload = new DatasetUpload(
            form.Files.Select(f => new UploadedFile(f.FileName, f.OpenReadStream)).ToList(),
            format,
            NullIfEmpty(form["name"]),
            NullIfEmpty(form["split"]))
        {
            // The form field wins; ?team= serves clients that cannot add a field (curl -T).
            Team = NullIfEmpty(form["team"]) ?? NullIfEmpty(request.Query["team"]),
        };
        try
        {
            var imported = await datasets.ImportAsync(actor, upload, cancellationToken);
            if (imported.Refusal is { } refusal)
            {
                return ApiProblems.Forbidden(refusal.Message);
            }

            var dataset = imported.Value!;
            return TypedResults.Created($"/api/v1/datasets/{dataset.Id}", dataset);
        }
        catch (DatasetUploadException e) when (e.Field is { } field)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [e.Message] }, title: "The upload is incomplete or has invalid fields");
        }
        catch (DatasetUploadException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The upload is not a dataset", detail: e.Message);
        }
        catch (DatasetImportException e)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The dataset was not imported",
                detail: $"{e.Errors.Count} problem(s) found{(e.Truncated ? " (stopped at the error limit; there may be more)" : "")}; nothing was stored.",
                extensions: new Dictionary<string, object?>
                {
                    ["importErrors"] = e.Errors.Select(error => new { file = error.File, line = error.Line, field = error.Field, message = error.Message }).ToList(),
                    ["truncated"] = e.Truncated,
                });
        }
    }

    private static ProblemHttpResult TooLarge(DatasetUploadLimits limits) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The upload is too large",
        detail: $"Uploads may be at most {limits.MaxBytes:N0} bytes ({DatasetUploadLimits.Section}:{nameof(DatasetUploadLimits.MaxBytes)}). " +
            "Import a larger dataset with the 'import' verb on the host, or raise the limit.");

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;
}

/// <summary>The upload form as the OpenAPI document describes it (the handler reads the form itself).</summary>
public sealed class DatasetUploadForm
{
    /// <summary>One .zip, or the dataset's files each named by its path in the dataset.</summary>
    public required IFormFileCollection File { get; init; }

    /// <summary>beir, trec, jsonl or csv; recognised from the files when absent.</summary>
    public string? Format { get; init; }

    /// <summary>The dataset's name; the zip's name when absent.</summary>
    public string? Name { get; init; }

    /// <summary>BEIR: import this split only. Other formats: the split of judgments that name none (default test).</summary>
    public string? Split { get; init; }

    /// <summary>The team to own it (name or id): one of yours (admins: any); needed only when you belong to several.</summary>
    public string? Team { get; init; }
}
