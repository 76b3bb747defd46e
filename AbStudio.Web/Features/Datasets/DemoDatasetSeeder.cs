using AbStudio.Domain.Datasets.Import;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Datasets;

/// <summary>
/// Makes the SciFact demo (shipped in DemoData/scifact-demo) ready on first start: imports it when no
/// dataset with its content hash exists, into the default team (an admin may share it). Idempotent, and it respects a user who renamed the demo,
/// since it looks for the content, not the name. Runs after migrations; <c>Datasets:SeedDemo=false</c> turns it off.
/// </summary>
public sealed partial class DemoDatasetSeeder(
    DatasetImporter importer,
    IDbContextFactory<AbStudioDbContext> contexts,
    IConfiguration configuration,
    ILogger<DemoDatasetSeeder> logger)
{
    public const string Name = "SciFact demo";

    public static string DemoPath => Path.Combine(AppContext.BaseDirectory, "DemoData", "scifact-demo");

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (!configuration.GetValue("Datasets:SeedDemo", defaultValue: true))
        {
            return;
        }

        var request = new DatasetImportRequest(DemoPath, Name: Name) { CreatedBy = "system", TeamId = Team.DefaultId };

        // Validating first costs a read of a 300 KB folder and gives the hash without writing anything.
        var expected = await importer.ValidateAsync(request, cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Datasets.AnyAsync(d => d.ContentHash == expected.ContentHash, cancellationToken))
            {
                LogPresent(expected.ContentHash);
                return;
            }
        }

        var imported = await importer.ImportAsync(request, cancellationToken);
        LogSeeded(imported.DatasetId, imported.Documents, imported.Queries, imported.Judgments, imported.ContentHash);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo dataset already present (content hash {ContentHash})")]
    private partial void LogPresent(string contentHash);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo dataset seeded as {DatasetId}: {Documents} documents, {Queries} queries, {Judgments} judgments, content hash {ContentHash}")]
    private partial void LogSeeded(Guid datasetId, int documents, int queries, int judgments, string contentHash);
}
