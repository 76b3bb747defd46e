using System.Diagnostics;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Evaluation.Trec;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Runs.Results;
using AbStudio.Domain.Runs.Summary;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>
/// The work of an <c>ExecuteRun</c> job: answers every judged query with every arm, stores each
/// result (ranked list in trec_eval order, metrics at each k, stage latencies) in batches, then
/// analyses the stored results and completes the run. Resumable: a run taken up again after a
/// crash skips the (run, arm, query) results already stored — the unique key on them means a
/// result can never be stored twice — and analyses only once every result is there.
/// </summary>
public sealed class RunExecutor(
    IDbContextFactory<AbStudioDbContext> contexts,
    RunCorpusLoader corpora,
    RunResultsReader results,
    Func<ArmRetrieverFactory> retrievers,
    TestLifecycle lifecycle)
{
    public const int BatchSize = 50;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    public async Task ExecuteAsync(Guid runId, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var test = await StartAsync(runId, cancellationToken);
        if (test is null)
        {
            return;
        }

        var corpus = await corpora.LoadAsync(test.DatasetId, test.Split, cancellationToken);
        if (corpus.Queries.Count == 0)
        {
            throw new InvalidOperationException($"Dataset split '{test.Split}' has no judged queries: nothing to evaluate. Pick a split that has judgments.");
        }

        var arms = test.Arms.OrderBy(a => a.Ordinal).ToList();
        var total = corpus.Queries.Count * arms.Count;
        Dictionary<string, long> queryKeys;
        long done;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            queryKeys = await RunResultsReader.QueryKeysAsync(db, test.DatasetId, cancellationToken);
            done = await db.QueryResults.CountAsync(r => r.RunId == runId, cancellationToken);
            await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.QueriesTotal, total).SetProperty(r => r.QueriesDone, (int)done), cancellationToken);
        }

        var tracker = new ProgressTracker(runId, test.Id, total, done, progress);
        tracker.Report(done > 0 ? $"resuming: {done} of {total} results already stored" : $"running {corpus.Queries.Count} queries × {arms.Count} arms");
        var scorer = new QueryScorer(test.KValues);
        var depth = test.KValues.Max();
        using var factory = retrievers();
        foreach (var arm in arms)
        {
            await RunArmAsync(runId, arm, corpus, queryKeys, scorer, depth, factory, tracker, cancellationToken);
        }

        tracker.Report("analysing");
        // Long with many permutations or resamples: the token stops it when the run is cancelled or the host stops.
        var summary = (await results.ReadAsync(runId, corpus, cancellationToken)).Analyse(cancellationToken);
        if (!await lifecycle.CompleteRunAsync(runId, StoredRunSummary.From(summary).ToJson(), cancellationToken))
        {
            // Cancelled (or gone) while the analysis ran: its job ends cancelled, and nothing says "completed".
            throw new OperationCanceledException($"Run {runId} was cancelled before its analysis was stored.");
        }

        tracker.Report(RunStatus.Completed, $"completed: {corpus.Queries.Count} queries × {arms.Count} arms");
    }

    /// <summary>Marks the run running (or resumes it); null when there is nothing to do (finished, cancelled, or gone).</summary>
    private async Task<AbTest?> StartAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!await lifecycle.BeginRunAsync(runId, cancellationToken))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var testId = await db.Runs.Where(r => r.Id == runId).Select(r => r.TestId).SingleAsync(cancellationToken);
        return await db.Tests.AsNoTracking().Include(t => t.Arms).ThenInclude(a => a.Collection).SingleAsync(t => t.Id == testId, cancellationToken);
    }

    private async Task RunArmAsync(
        Guid runId, Arm arm, RunCorpus corpus, Dictionary<string, long> queryKeys, QueryScorer scorer, int depth,
        ArmRetrieverFactory factory, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        HashSet<long> stored;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            stored = [.. await db.QueryResults.Where(r => r.RunId == runId && r.ArmId == arm.Id).Select(r => r.QueryId).ToListAsync(cancellationToken)];
        }

        var remaining = corpus.Queries.Where(q => !stored.Contains(queryKeys[q.Id])).ToList();
        if (remaining.Count == 0)
        {
            return;
        }

        tracker.Report($"{arm.Name}: {remaining.Count} queries to run");
        var collection = arm.Collection is { } c ? new ArmVectors(c.Fingerprint, c.Dimensions) : null;
        using var retriever = factory.Create(arm.Definition, corpus, collection);
        var batch = new List<QueryResult>(BatchSize);
        foreach (var query in remaining)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (ranking, latency) = await retriever.RetrieveAsync(query.Text, depth, cancellationToken);
            ranking = InTrecOrder(ranking);
            batch.Add(new QueryResult
            {
                RunId = runId,
                ArmId = arm.Id,
                QueryId = queryKeys[query.Id],
                RankingJson = QueryResultJson.WriteRanking(ranking),
                MetricsJson = QueryResultJson.WriteMetrics(scorer.Metrics, scorer.Score(ranking, corpus.Judgments[query.Id])),
                EmbedMs = latency.EmbedMs,
                SearchMs = latency.SearchMs,
                FusionMs = latency.FusionMs,
                RerankMs = latency.RerankMs,
                TotalMs = latency.TotalMs,
            });
            if (batch.Count == BatchSize)
            {
                await StoreAsync(runId, batch, tracker, arm.Name, cancellationToken);
            }
        }

        await StoreAsync(runId, batch, tracker, arm.Name, cancellationToken);
    }

    /// <summary>One batch in one transaction, with the run's count of stored results.</summary>
    private async Task StoreAsync(Guid runId, List<QueryResult> batch, ProgressTracker tracker, string armName, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.QueryResults.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
        var done = tracker.Stored(batch.Count);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.QueriesDone, (int)done), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        batch.Clear();
        tracker.ReportThrottled($"{armName}: {done} of {tracker.Total} results stored");
    }

    private static RankedDocument[] InTrecOrder(RankedDocument[] ranking)
    {
        var ordered = (RankedDocument[])ranking.Clone();
        Array.Sort(ordered, static (x, y) => TrecOrder.Compare(x.DocumentId, x.Score, y.DocumentId, y.Score));
        return ordered;
    }

    /// <summary>Counts stored results and reports them with rate and ETA, at most every few seconds for routine steps.</summary>
    private sealed class ProgressTracker(Guid runId, Guid testId, long total, long done, IProgress<RunProgress>? progress)
    {
        private readonly long _startedAt = Stopwatch.GetTimestamp();
        private readonly long _doneAtStart = done;
        private long _lastReport = Stopwatch.GetTimestamp();
        private long _done = done;

        public long Total => total;

        public long Stored(int count) => _done += count;

        public void ReportThrottled(string message)
        {
            if (Stopwatch.GetElapsedTime(_lastReport) >= ProgressInterval)
            {
                Report(message);
            }
        }

        public void Report(string message) => Report(RunStatus.Running, message);

        public void Report(RunStatus status, string message)
        {
            _lastReport = Stopwatch.GetTimestamp();
            var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
            double? rate = seconds > 0 && _done > _doneAtStart ? (_done - _doneAtStart) / seconds : null;
            double? eta = rate is > 0 ? (total - _done) / rate : null;
            progress?.Report(new RunProgress(runId, testId, status, _done, total, rate, eta, message));
        }
    }
}
