using System.Text.Json;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Collections.Planning;

/// <summary>
/// Decides, for one arm, whether its collection is reused, joined or built, by fingerprint.
/// A new build is a <c>pending</c> collection row and a <c>BuildCollection</c> job written in one
/// transaction, so a build is never lost between the two. Two planners racing on one fingerprint
/// meet at its unique index: the loser reads the winner's row and joins it.
/// </summary>
public sealed class CollectionPlanner(IDbContextFactory<AbStudioDbContext> contexts, JobQueue queue, TimeProvider time)
{
    public const string BuildJobType = "BuildCollection";

    /// <summary>Plans for the default team (set-up code and tests that predate teams).</summary>
    public Task<CollectionPlan> PlanAsync(CollectionSpecification specification, Guid datasetId, bool reuseExisting, CancellationToken cancellationToken = default) =>
        PlanAsync(specification, datasetId, Team.DefaultId, reuseExisting, cancellationToken);

    /// <summary>
    /// Plans an arm's collection for a test of <paramref name="teamId"/>. Whether another team's
    /// collection may be found is decided by the specification's <see cref="CollectionSpecification.Reuse"/>
    /// (part of the fingerprint); a new collection belongs to <paramref name="teamId"/>.
    /// </summary>
    public async Task<CollectionPlan> PlanAsync(CollectionSpecification specification, Guid datasetId, Guid teamId, bool reuseExisting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var fingerprint = CollectionFingerprint.Compute(specification);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await PlanOnceAsync(specification, fingerprint, datasetId, teamId, reuseExisting, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another planner inserted the same fingerprint (unique index) or changed the row
                // (concurrency token) in between: read again and decide with what is there now.
            }
        }
    }

    private async Task<CollectionPlan> PlanOnceAsync(CollectionSpecification specification, string fingerprint, Guid datasetId, Guid teamId, bool reuseExisting, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var existing = await db.Collections.SingleOrDefaultAsync(c => c.Fingerprint == fingerprint, cancellationToken);
        if (existing is not null && existing.Status.IsBuilding())
        {
            return new CollectionPlan(existing.Id, fingerprint, CollectionPlanOutcome.Joined, null, "a build of this configuration is already under way; waiting for it");
        }

        if (existing is { Status: CollectionStatus.Ready } && reuseExisting)
        {
            existing.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            return new CollectionPlan(existing.Id, fingerprint, CollectionPlanOutcome.Reused, null, "a ready collection with the same fingerprint exists");
        }

        string reason;
        CollectionPlanOutcome outcome;
        var collection = existing;
        if (collection is null)
        {
            collection = new Collection
            {
                Fingerprint = fingerprint,
                DatasetId = datasetId,
                TeamId = teamId,
                ConfigurationJson = CollectionFingerprint.CanonicalJson(specification),
                Provider = specification.Provider,
                Model = specification.Model,
                ModelRevision = specification.ModelRevision,
                Dimensions = specification.Dimensions,
                IndexKind = specification.IndexKind,
                CreatedAt = now,
                LastUsedAt = now,
            };
            db.Collections.Add(collection);
            outcome = CollectionPlanOutcome.Building;
            reason = await DriftReasonAsync(db, specification, datasetId, cancellationToken) ?? "no collection with this configuration yet";
        }
        else
        {
            outcome = CollectionPlanOutcome.Rebuilding;
            reason = collection.Status switch
            {
                CollectionStatus.Failed => $"the last build failed ({collection.Error}); building again",
                CollectionStatus.Cancelled => "the last build was cancelled; building afresh",
                _ => "reuse_existing is false; building again",
            };

            // Saved with the row's concurrency token: a planner that meets another writer reads again.
            collection.Status = Transitions.Collection.Decide(collection.Status, CollectionEvent.Rebuild).To
                ?? throw new InvalidOperationException($"Collection {collection.Id} cannot be rebuilt from {collection.Status}.");
            collection.Error = null;
            collection.ChunksDone = 0;
            collection.CheckpointBatches = 0;
            collection.EmbeddingCalls = 0;
            collection.EmbeddedTokens = 0;
            collection.LastUsedAt = now;
        }

        // Added to this context, so the job commits with the collection row or not at all.
        var job = queue.Enqueue(db, new JobRequest(BuildJobType, JsonSerializer.Serialize(new { collection = collection.Id, fingerprint }))
        {
            SubjectId = collection.Id,
            Provider = specification.Provider,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new CollectionPlan(collection.Id, fingerprint, outcome, job.Id, reason);
    }

    /// <summary>
    /// The fingerprint includes the model revision, so a provider whose weights changed gets a new
    /// collection by itself; this finds the old one to tell the user why nothing was reused.
    /// </summary>
    private static async Task<string?> DriftReasonAsync(AbStudioDbContext db, CollectionSpecification specification, Guid datasetId, CancellationToken cancellationToken)
    {
        var sameModel = await db.Collections
            .Where(c => c.DatasetId == datasetId && c.Provider == specification.Provider && c.Model == specification.Model
                && c.Dimensions == specification.Dimensions && c.Status == CollectionStatus.Ready && c.ModelRevision != specification.ModelRevision)
            .Select(c => new { c.ConfigurationJson, c.ModelRevision })
            .ToListAsync(cancellationToken);
        var current = CollectionFingerprint.CanonicalJson(specification);
        var drifted = sameModel.FirstOrDefault(c => CollectionFingerprint.CanonicalJson(specification with { ModelRevision = c.ModelRevision! }) == c.ConfigurationJson);
        return drifted is null || current == drifted.ConfigurationJson
            ? null
            : $"the model's revision changed from {drifted.ModelRevision} to {specification.ModelRevision} (drift): its ready collection is not reused";
    }
}
