using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Retrieval.Fusion;

namespace AbStudio.Web.Features.AbTests.Designer;

/// <summary>
/// What the test designer's form edits: mutable, so MudBlazor fields can bind to it. It becomes a
/// <see cref="TestDefinition"/> only through <see cref="TestDesignMapper"/>, which is where the rules live.
/// </summary>
public sealed class TestDesign
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public Guid? DatasetId { get; set; }
    public string Split { get; set; } = "test";

    /// <summary>The cut-offs as the user types them, e.g. "1, 3, 10".</summary>
    public string K { get; set; } = "1, 3, 5, 10, 20, 100";

    public string PrimaryMetric { get; set; } = "ndcg@10";
    public bool ReuseExisting { get; set; } = true;

    /// <summary>What happens to the test's collections once it completes.</summary>
    public CleanupPolicy Cleanup { get; set; } = CleanupPolicy.Keep;

    /// <summary>For <see cref="CleanupPolicy.Ttl"/>: the time to live as typed, d.hh:mm:ss (e.g. "7.00:00:00").</summary>
    public string CleanupTtl { get; set; } = "7.00:00:00";

    /// <summary>Not edited in the form; kept so a cloned or imported test keeps its seed and resample counts.</summary>
    public StatisticsDefinition Statistics { get; set; } = new();

    public List<ArmDesign> Arms { get; set; } = [ArmDesign.Lexical("bm25"), ArmDesign.Vector("vector", "use-lite")];
}

/// <summary>One arm as the form edits it. Embedding fields stay filled while the mode is lexical, so switching back loses nothing.</summary>
public sealed class ArmDesign
{
    public string Name { get; set; } = "";
    public RetrievalMode Mode { get; set; } = RetrievalMode.Lexical;
    public int TopN { get; set; } = 1000;

    public string Provider { get; set; } = "use-lite";
    public string? Model { get; set; }
    public int? Dimensions { get; set; }
    public string? QueryPrefix { get; set; }
    public string? DocumentPrefix { get; set; }
    public bool RemoveStopWords { get; set; }

    public ChunkingStrategy ChunkingStrategy { get; set; } = ChunkingStrategy.None;
    public int ChunkSize { get; set; } = 256;
    public int ChunkOverlap { get; set; } = 32;

    public double Bm25K1 { get; set; } = 0.9;
    public double Bm25B { get; set; } = 0.4;

    public FusionMethod FusionMethod { get; set; } = FusionMethod.Rrf;
    public int FusionK { get; set; } = 60;
    public double LexicalWeight { get; set; } = 0.5;
    public ScoreNormalization Normalization { get; set; } = ScoreNormalization.MinMax;

    public bool Rerank { get; set; }
    public string RerankProvider { get; set; } = "mmr";
    public string? RerankModel { get; set; }
    public int RerankTopN { get; set; } = 50;
    public string? RerankUrl { get; set; }
    public double RerankLambda { get; set; } = 0.7;

    public static ArmDesign Lexical(string name) => new() { Name = name, Mode = RetrievalMode.Lexical };

    public static ArmDesign Vector(string name, string provider) => new() { Name = name, Mode = RetrievalMode.Vector, Provider = provider };
}
