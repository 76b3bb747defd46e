using AbStudio.Domain.Retrieval;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>
/// One arm's retrieval, ready to answer queries: lexical, vector or hybrid, optionally reranked.
/// Queries are answered one at a time so each stage's latency is the query's own.
/// </summary>
public interface IArmRetriever : IDisposable
{
    Task<(RankedDocument[] Ranking, StageLatency Latency)> RetrieveAsync(string query, int depth, CancellationToken cancellationToken);
}
