namespace AbStudio.Domain.Runs;

/// <summary>What one arm returned for one query in one run, with its metrics and stage latencies.</summary>
public sealed class QueryResult
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public Guid ArmId { get; set; }
    public long QueryId { get; set; }

    /// <summary>The ranked list as JSON: [{"doc": id, "score": s}, …], best first.</summary>
    public required string RankingJson { get; set; }

    /// <summary>Metric values at each k as JSON: {"ndcg@10": 0.61, …}.</summary>
    public required string MetricsJson { get; set; }

    public double EmbedMs { get; set; }
    public double SearchMs { get; set; }
    public double FusionMs { get; set; }
    public double RerankMs { get; set; }
    public double TotalMs { get; set; }

    public Run? Run { get; set; }
    public AbTests.Arm? Arm { get; set; }
    public Datasets.Query? Query { get; set; }
}
