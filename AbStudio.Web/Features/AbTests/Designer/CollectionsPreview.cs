using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.AbTests.Designer;

/// <summary>What starting a designed test would do with one vector or hybrid arm's collection.</summary>
public sealed record ArmCollectionPreview(string Arm, string Provider, string? Fingerprint, ArmCollectionOutcome Outcome, long? Chunks, string Reason);

public enum ArmCollectionOutcome
{
    Reused,
    Joined,
    Built,

    /// <summary>The provider could not be asked for its model (missing files, no server): the start would fail the same way.</summary>
    Unknown,
}

/// <summary>Chunks to embed per provider, counting a collection shared by several arms once.</summary>
public sealed record ProviderEstimate(string Provider, long ChunksToEmbed, int Builds);

public sealed record CollectionsPreviewResult(IReadOnlyList<ArmCollectionPreview> Arms, IReadOnlyList<ProviderEstimate> Providers);

/// <summary>
/// A read-only look ahead at a designed test: for each arm, whether a collection with its
/// fingerprint would be reused or built, and how many chunks would be embedded. Decides as
/// <see cref="Domain.Collections.Planning.CollectionPlanner"/> does, but writes nothing and queues nothing.
/// </summary>
public sealed class CollectionsPreview(IDbContextFactory<AbStudioDbContext> contexts, EmbeddingCatalog embeddings, RunCorpusLoader corpora)
{
    /// <summary>
    /// The preview for a test the actor would create (in their team, <see cref="ActorTeams"/>) on a dataset
    /// they see; null when they see no such dataset or have no team to create it in.
    /// </summary>
    public async Task<CollectionsPreviewResult?> PreviewAsync(Actor actor, TestDefinition definition, Guid datasetId, string? team = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(definition);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if ((await ActorTeams.ChooseAsync(db, actor, team, cancellationToken)).TeamId is not { } teamId)
        {
            return null;
        }

        var dataset = await db.Datasets.VisibleTo(actor.Scope).VisibleTo(TeamScope.Of([teamId])).Where(d => d.Id == datasetId)
            .Select(d => new { d.ContentHash, d.Shared }).SingleOrDefaultAsync(cancellationToken);
        if (dataset is null)
        {
            return null;
        }

        // The same reuse scope a start would put in the fingerprint (TestLifecycle.StartAsync).
        var datasetHash = dataset.ContentHash;
        var reuse = CollectionReuse.ScopeOf(teamId, dataset.Shared);
        RunCorpus? corpus = null;
        var arms = new List<ArmCollectionPreview>();
        foreach (var arm in definition.Arms.Where(a => a.Retrieval.Mode != RetrievalMode.Lexical && a.Embedding is not null))
        {
            string fingerprint;
            try
            {
                // Local models are loaded to read their revision: the same call a start makes.
                fingerprint = CollectionFingerprint.Compute(EmbeddingCatalog.CollectionFor(arm, datasetHash, embeddings.ModelOf(arm), reuse));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or HttpRequestException)
            {
                arms.Add(new ArmCollectionPreview(arm.Name, arm.Embedding!.Provider, null, ArmCollectionOutcome.Unknown, null, e.Message));
                continue;
            }

            var existing = await db.Collections.AsNoTracking().Where(c => c.Fingerprint == fingerprint)
                .Select(c => new { c.Status, c.ChunksTotal }).SingleOrDefaultAsync(cancellationToken);
            var (outcome, reason) = existing switch
            {
                { Status: CollectionStatus.Ready } when definition.ReuseExisting => (ArmCollectionOutcome.Reused, "a ready collection with the same fingerprint exists"),
                { Status: var status } when status.IsBuilding() => (ArmCollectionOutcome.Joined, "a build of this configuration is under way; the test waits for it"),
                { Status: CollectionStatus.Ready } => (ArmCollectionOutcome.Built, "reuse_existing is off: the ready collection is built again"),
                { Status: CollectionStatus.Failed } => (ArmCollectionOutcome.Built, "its last build failed: it is built again"),
                { Status: CollectionStatus.Cancelled } => (ArmCollectionOutcome.Built, "its last build was cancelled: it is built afresh"),
                _ => (ArmCollectionOutcome.Built, "no collection with this configuration yet"),
            };
            long chunks;
            if (existing is { ChunksTotal: > 0 })
            {
                chunks = existing.ChunksTotal;
            }
            else
            {
                corpus ??= await corpora.LoadAsync(datasetId, definition.Dataset.Split, cancellationToken);
                chunks = corpus.Chunk(arm.Chunking.ToSettings()).Count;
            }

            arms.Add(new ArmCollectionPreview(arm.Name, arm.Embedding!.Provider, fingerprint, outcome, chunks, reason));
        }

        return new CollectionsPreviewResult(arms, EstimatesOf(arms));
    }

    /// <summary>Arms with one fingerprint share one build, so each fingerprint is counted once.</summary>
    public static IReadOnlyList<ProviderEstimate> EstimatesOf(IReadOnlyList<ArmCollectionPreview> arms) =>
        [.. arms.Where(a => a.Outcome == ArmCollectionOutcome.Built && a.Fingerprint is not null)
            .DistinctBy(a => a.Fingerprint)
            .GroupBy(a => a.Provider, StringComparer.Ordinal)
            .Select(g => new ProviderEstimate(g.Key, g.Sum(a => a.Chunks ?? 0), g.Count()))];
}
