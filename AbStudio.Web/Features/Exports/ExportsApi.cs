using System.ComponentModel;
using System.Security.Claims;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace AbStudio.Web.Features.Exports;

/// <summary><c>/api/v1/runs/{runId}/exports/{format}</c>: a completed run as a file (docs/exports.md).</summary>
public static class ExportsApi
{
    public static RouteGroupBuilder MapExportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/runs/{runId:guid}/exports").WithTags("Exports");

        group.MapGet("/{format}", ExportAsync)
            .WithName("ExportRun").WithSummary("Download a completed run as results.json, CSV, summary CSV, XLSX or TREC run files")
            .WithDescription("format is json, csv (one row per arm and query), summary.csv (one row per arm), xlsx (Summary, Significance, " +
                "Per-query and About sheets) or trec (with arm: that arm's run file; without: a zip of every arm's). " +
                "The file name is <test>-<run>.<format>. Schemas: docs/exports.md.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/json", "text/csv",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/plain", "application/zip")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem>> ExportAsync(
        Guid runId,
        [Description("json, csv, summary.csv, xlsx or trec.")] string format,
        [Description("trec only: the arm whose run file to send; without it, a zip of every arm's run file.")] string? arm,
        ClaimsPrincipal user,
        ExportsService exports,
        CancellationToken cancellationToken) =>
        await exports.PrepareAsync(Actor.From(user), runId, format, arm, cancellationToken) switch
        {
            ExportAnswer.Ready ready => Stream(ready.File),
            ExportAnswer.RunNotCompleted notCompleted => ApiProblems.Conflict("The run has not completed", notCompleted.Detail),
            ExportAnswer.Invalid invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] }),
            _ => ApiProblems.NotFound("run", runId),
        };

    /// <summary>
    /// The writers are synchronous, and the response body refuses synchronous writes: they write to
    /// a buffer that spills to a temporary file past 32 KiB, drained to the client asynchronously,
    /// so a large export never sits whole in memory.
    /// </summary>
    private static PushStreamHttpResult Stream(ExportFile file) =>
        TypedResults.Stream(async body =>
        {
            await using var buffer = new FileBufferingWriteStream();
            file.Write(buffer);
            await buffer.DrainBufferAsync(body);
        }, file.ContentType, file.FileName);
}
