using AbStudio.Domain.Retrieval;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>Milliseconds spent per stage on one query; <see cref="TotalMs"/> is wall time end to end.</summary>
public readonly record struct StageLatency(double EmbedMs, double SearchMs, double FusionMs, double RerankMs, double TotalMs);

/// <summary>What one arm returned for one query: documents best first, and how long each stage took.</summary>
public sealed record QueryOutcome(string QueryId, RankedDocument[] Ranking, StageLatency Latency);
