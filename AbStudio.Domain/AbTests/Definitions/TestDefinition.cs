using System.Text.Json.Serialization;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Retrieval.Fusion;

namespace AbStudio.Domain.AbTests.Definitions;

/// <summary>
/// An A/B test as one JSON document: the same for the <c>eval</c> verb, the API and the console.
/// Field names are part of the public contract (docs/test-definition.md); add, never rename.
/// </summary>
public sealed record TestDefinition
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required DatasetReference Dataset { get; init; }

    /// <summary>Cut-offs every metric is reported at.</summary>
    public IReadOnlyList<int> K { get; init; } = [1, 3, 5, 10, 20, 100];

    public required IReadOnlyList<ArmDefinition> Arms { get; init; }

    [JsonPropertyName("reuse_existing")]
    public bool ReuseExisting { get; init; } = true;

    [JsonPropertyName("primary_metric")]
    public string PrimaryMetric { get; init; } = "ndcg@10";

    public StatisticsDefinition Statistics { get; init; } = new();

    /// <summary>What happens to the test's collections once it completes (default: kept).</summary>
    public CleanupDefinition? Cleanup { get; init; }
}

/// <summary>
/// <c>keep</c> (default), <c>on_complete</c> (delete the test's collections no other live test needs
/// once its run completes) or <c>ttl</c> (let the sweeper delete them once unused for longer than <c>ttl</c>).
/// </summary>
public sealed record CleanupDefinition
{
    public string Policy { get; init; } = CleanupPolicies.Keep;

    /// <summary>For <c>ttl</c>: how long a collection may stay unused, as a TimeSpan ("7.00:00:00").</summary>
    public TimeSpan? Ttl { get; init; }
}

/// <summary>The words of <see cref="CleanupDefinition.Policy"/>, as the definition spells them.</summary>
public static class CleanupPolicies
{
    public const string Keep = "keep";
    public const string OnComplete = "on_complete";
    public const string Ttl = "ttl";

    public static IReadOnlyList<string> All { get; } = [Keep, OnComplete, Ttl];

    public static CleanupPolicy? Parse(string? policy) => policy switch
    {
        null or Keep => CleanupPolicy.Keep,
        OnComplete => CleanupPolicy.OnComplete,
        Ttl => CleanupPolicy.Ttl,
        _ => null,
    };

    public static string Name(CleanupPolicy policy) => policy switch
    {
        CleanupPolicy.OnComplete => OnComplete,
        CleanupPolicy.Ttl => Ttl,
        _ => Keep,
    };
}

/// <summary>Where the dataset comes from: a path to import (eval verb) or the id of an imported dataset (API, UI).</summary>
public sealed record DatasetReference
{
    public string? Path { get; init; }
    public Guid? Id { get; init; }
    public string Format { get; init; } = "beir";
    public string Split { get; init; } = "test";
}

public sealed record ArmDefinition
{
    public required string Name { get; init; }
    public EmbeddingDefinition? Embedding { get; init; }
    public ChunkingDefinition Chunking { get; init; } = new();
    public required RetrievalDefinition Retrieval { get; init; }
    public RerankDefinition? Rerank { get; init; }
}

public sealed record EmbeddingDefinition
{
    public required string Provider { get; init; }
    public string? Model { get; init; }
    public int? Dimensions { get; init; }
    public string? QueryPrefix { get; init; }
    public string? DocumentPrefix { get; init; }

    /// <summary>For glove-avg: drop stop words before averaging.</summary>
    public bool RemoveStopWords { get; init; }

    /// <summary>
    /// How the collection is searched: <c>flat</c> (exact, every database) or <c>hnsw</c> (approximate,
    /// PostgreSQL with pgvector only). Part of the collection's fingerprint.
    /// </summary>
    public string Index { get; init; } = Collections.Storage.VectorIndexKind.Flat;
}

public sealed record ChunkingDefinition
{
    public ChunkingStrategy Strategy { get; init; } = ChunkingStrategy.None;
    public int Size { get; init; } = 256;
    public int Overlap { get; init; } = 32;

    public ChunkingSettings ToSettings() => new(Strategy, Size, Overlap);
}

public sealed record RetrievalDefinition
{
    public required RetrievalMode Mode { get; init; }
    public Bm25Definition Bm25 { get; init; } = new();
    public FusionDefinition Fusion { get; init; } = new();

    /// <summary>Chunks fetched from the vector index (and documents from BM25) before aggregation, fusion and reranking.</summary>
    public int TopN { get; init; } = 1000;
}

public sealed record Bm25Definition
{
    public double K1 { get; init; } = 0.9;
    public double B { get; init; } = 0.4;
}

public sealed record FusionDefinition
{
    public FusionMethod Method { get; init; } = FusionMethod.Rrf;
    public int K { get; init; } = 60;
    public double LexicalWeight { get; init; } = 0.5;
    public ScoreNormalization Normalization { get; init; } = ScoreNormalization.MinMax;

    public FusionSettings ToSettings() => new(Method, K, LexicalWeight, Normalization);
}

public sealed record RerankDefinition
{
    /// <summary><c>embedding</c> (re-score with a second local model), <c>mmr</c>, or <c>http</c> (a /rerank endpoint).</summary>
    public required string Provider { get; init; }
    public string? Model { get; init; }
    public int TopN { get; init; } = 50;
    public string? Url { get; init; }
    public double Lambda { get; init; } = 0.7;
}

public sealed record StatisticsDefinition
{
    public ulong Seed { get; init; } = 20_251_124;
    public int Permutations { get; init; } = 10_000;
    public int BootstrapResamples { get; init; } = 10_000;

    public Evaluation.Statistics.PairedComparisonOptions ToOptions() =>
        new() { Seed = Seed, Permutations = Permutations, BootstrapResamples = BootstrapResamples };
}
