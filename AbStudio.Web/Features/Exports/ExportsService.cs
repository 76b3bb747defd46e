using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AbStudio.Domain.Exports;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Results;
using AbStudio.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Exports;

/// <summary>A file ready to send: its name, media type, and the writer that fills it.</summary>
public sealed record ExportFile(string FileName, string ContentType, Action<Stream> Write);

/// <summary>What asking for an export comes to: the file, or why there is none.</summary>
public abstract record ExportAnswer
{
    public sealed record Ready(ExportFile File) : ExportAnswer;

    public sealed record RunNotFound : ExportAnswer;

    public sealed record RunNotCompleted(RunStatus Status, string Detail) : ExportAnswer;

    /// <summary>A parameter the export cannot take: which one, and what it could be.</summary>
    public sealed record Invalid(string Field, string Message) : ExportAnswer;
}

/// <summary>
/// Exports a completed run as results.json, CSV, XLSX or TREC run files (docs/exports.md), read
/// back from its stored results with the same analysis the run did. Each export is recorded as an
/// audit event.
/// </summary>
public sealed class ExportsService(IDbContextFactory<AbStudioDbContext> contexts, RunResultsReader results, TimeProvider clock)
{

    private static readonly Encoding Utf8WithoutMark = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The export of a run the actor's teams see (another team's run is not found); the audit event names the actor.</summary>
    public async Task<ExportAnswer> PrepareAsync(Actor actor, Guid runId, string format, string? arm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!ExportFormats.TryParse(format, out var kind))
        {
            return new ExportAnswer.Invalid("format", $"'{format}' is not an export format; use one of {string.Join(", ", ExportFormats.Names)}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().VisibleTo(actor.Scope).Where(r => r.Id == runId)
            .Select(r => new { r.Status, r.QueriesDone, r.QueriesTotal, Arms = r.Test!.Arms.OrderBy(a => a.Ordinal).Select(a => a.Name).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return new ExportAnswer.RunNotFound();
        }

        if (run.Status != RunStatus.Completed)
        {
            return new ExportAnswer.RunNotCompleted(run.Status,
                $"The run is {run.Status.ToString().ToLowerInvariant()} ({run.QueriesDone} of {run.QueriesTotal} query results stored); only a completed run can be exported.");
        }

        if (arm is not null && (kind != ExportFormat.Trec || !run.Arms.Contains(arm, StringComparer.Ordinal)))
        {
            return new ExportAnswer.Invalid("arm", kind == ExportFormat.Trec
                ? $"The test has no arm '{arm}'; its arms are {string.Join(", ", run.Arms)}."
                : "arm applies to the trec format only: every other format holds every arm.");
        }

        var export = (await results.ReadAsync(runId, cancellationToken: cancellationToken)).ToExport(clock.GetUtcNow().UtcDateTime);
        db.AuditEvents.Add(new AuditEvent
        {
            Actor = actor.Name,
            Action = "export",
            EntityType = "run",
            EntityId = runId.ToString(),
            At = export.GeneratedAt,
            DetailsJson = JsonSerializer.Serialize(new { format = ExportFormats.Extension(kind), arm, test = export.TestName }),
        });
        await db.SaveChangesAsync(cancellationToken);
        return new ExportAnswer.Ready(FileFor(export, kind, arm));
    }

    private static ExportFile FileFor(RunExport export, ExportFormat format, string? arm)
    {
        string Name(string extension) => ExportFormats.FileName(export.TestName, export.RunId, extension);
        var mediaType = ExportFormats.MediaType(format);
        var extension = ExportFormats.Extension(format);
        return format switch
        {
            ExportFormat.Json => new(Name(extension), mediaType, stream => ResultsDocument.Write(stream, export.Summary, export.Context)),
            ExportFormat.Csv => new(Name(extension), mediaType, stream => WriteCsv(stream, ExportTables.QueryRows(export))),
            ExportFormat.SummaryCsv => new(Name(extension), mediaType, stream => WriteCsv(stream, ExportTables.ArmSummaries(export))),
            ExportFormat.Xlsx => new(Name(extension), mediaType, stream => ResultsWorkbook.Write(stream, export)),
            _ when arm is not null => new(Name($"{ExportFormats.FileNamePart(arm)}.{extension}"), mediaType, stream => WriteTrec(stream, export, arm)),
            _ => new(Name($"{extension}.zip"), "application/zip", stream => WriteTrecZip(stream, export)),
        };
    }

    private static void WriteCsv(Stream stream, ExportTable table)
    {
        using var writer = new StreamWriter(stream, CsvTableWriter.Encoding, leaveOpen: true);
        CsvTableWriter.Write(writer, table);
    }

    private static void WriteTrec(Stream stream, RunExport export, string arm)
    {
        using var writer = new StreamWriter(stream, Utf8WithoutMark, leaveOpen: true);
        TrecRunWriter.Write(writer, arm, export.Arms.Single(a => a.ArmName == arm).Outcomes);
    }

    /// <summary>Every arm's run file, named as the eval verb names them: <c>run.&lt;arm&gt;.trec</c>.</summary>
    private static void WriteTrecZip(Stream stream, RunExport export)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var arm in export.Arms)
        {
            using var writer = new StreamWriter(zip.CreateEntry(TrecRunWriter.FileName(arm.ArmName), CompressionLevel.Optimal).Open(), Utf8WithoutMark);
            TrecRunWriter.Write(writer, arm.ArmName, arm.Outcomes);
        }
    }
}
