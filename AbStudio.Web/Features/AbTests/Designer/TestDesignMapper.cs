using System.Globalization;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Web.Features.AbTests.Designer;

/// <summary>The designer's form as a definition, and the problems it has, each at the path of its field.</summary>
public sealed record DesignCheck(TestDefinition Definition, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;

    /// <summary>The messages for exactly this path (e.g. <c>arms[1].name</c>), or null: what a field shows under itself.</summary>
    public string? At(string path)
    {
        var messages = Problems.Where(p => p.Path == path).Select(p => p.Message).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }
}

/// <summary>
/// Turns the designer's form into a <see cref="TestDefinition"/> and back. The checks are
/// <see cref="TestDefinitionReader.Validate"/>'s, so the console rejects exactly what the API and
/// the eval verb reject; the form adds only what its own text fields can get wrong.
/// </summary>
public static class TestDesignMapper
{
    private static readonly char[] KSeparators = [',', ' ', ';'];

    public static DesignCheck Check(TestDesign design)
    {
        ArgumentNullException.ThrowIfNull(design);
        var problems = new List<DefinitionProblem>();
        var k = ParseK(design.K, out var unreadable);
        if (unreadable.Count > 0)
        {
            problems.Add(new DefinitionProblem("k", $"write whole numbers separated by commas; cannot read {string.Join(", ", unreadable.Select(u => $"'{u}'"))}."));
        }

        var ttl = ParseTtl(design);
        if (design.Cleanup == CleanupPolicy.Ttl && ttl is null)
        {
            problems.Add(new DefinitionProblem("cleanup.ttl", $"write a duration as d.hh:mm:ss (e.g. 7.00:00:00 for a week); cannot read '{design.CleanupTtl}'."));
        }

        var definition = ToDefinition(design, k);
        problems.AddRange(TestDefinitionReader.Validate(definition));
        if (unreadable.Count > 0)
        {
            // The k the reader saw is only the readable part of the field: the primary metric is judged once k reads.
            problems.RemoveAll(p => p.Path == "primary_metric");
        }

        if (design.DatasetId is null)
        {
            // The reader accepts dataset.path for the eval verb; the console starts tests on imported datasets only.
            problems.RemoveAll(p => p.Path == "dataset");
            problems.Insert(0, new DefinitionProblem("dataset", "pick a dataset."));
        }

        return new DesignCheck(definition, problems);
    }

    public static TestDefinition ToDefinition(TestDesign design) => ToDefinition(design, ParseK(design?.K ?? "", out _));

    public static TestDesign FromDefinition(TestDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new TestDesign
        {
            Name = definition.Name,
            Description = definition.Description,
            DatasetId = definition.Dataset.Id,
            Split = definition.Dataset.Split,
            K = string.Join(", ", definition.K),
            PrimaryMetric = definition.PrimaryMetric,
            ReuseExisting = definition.ReuseExisting,
            Cleanup = CleanupPolicies.Parse(definition.Cleanup?.Policy) ?? CleanupPolicy.Keep,
            CleanupTtl = definition.Cleanup?.Ttl is { } ttl ? ttl.ToString("c", CultureInfo.InvariantCulture) : new TestDesign().CleanupTtl,
            Statistics = definition.Statistics,
            Arms = [.. definition.Arms.Select(FromArm)],
        };
    }

    /// <summary>The metric names a primary metric may take for these cut-offs (ndcg@10, recall@100, …).</summary>
    public static IReadOnlyList<string> MetricsFor(string k) =>
        [.. RunMetrics.For(ParseK(k, out _).Distinct().Order().ToList()).Select(m => m.Name)];

    private static TestDefinition ToDefinition(TestDesign design, IReadOnlyList<int> k)
    {
        ArgumentNullException.ThrowIfNull(design);
        return new TestDefinition
        {
            Name = design.Name.Trim(),
            Description = Blank(design.Description),
            Dataset = new DatasetReference { Id = design.DatasetId, Split = design.Split.Trim() },
            K = k,
            Arms = [.. design.Arms.Select(ToArm)],
            ReuseExisting = design.ReuseExisting,
            PrimaryMetric = design.PrimaryMetric.Trim(),
            Statistics = design.Statistics,
            Cleanup = design.Cleanup switch
            {
                CleanupPolicy.Keep => null,
                CleanupPolicy.Ttl => ParseTtl(design) is { } ttl ? new CleanupDefinition { Policy = CleanupPolicies.Ttl, Ttl = ttl } : null,
                var policy => new CleanupDefinition { Policy = CleanupPolicies.Name(policy) },
            },
        };
    }

    /// <summary>The typed TTL, or null when it cannot be read; only the ttl policy looks at it.</summary>
    private static TimeSpan? ParseTtl(TestDesign design) =>
        TimeSpan.TryParse(design.CleanupTtl?.Trim(), CultureInfo.InvariantCulture, out var ttl) ? ttl : null;

    private static ArmDefinition ToArm(ArmDesign arm) => new()
    {
        Name = arm.Name.Trim(),
        Embedding = arm.Mode == RetrievalMode.Lexical
            ? null
            : new EmbeddingDefinition
            {
                Provider = arm.Provider,
                Model = Blank(arm.Model),
                Dimensions = arm.Dimensions,
                QueryPrefix = Verbatim(arm.QueryPrefix),
                DocumentPrefix = Verbatim(arm.DocumentPrefix),
                RemoveStopWords = arm.RemoveStopWords,
            },
        Chunking = new ChunkingDefinition { Strategy = arm.ChunkingStrategy, Size = arm.ChunkSize, Overlap = arm.ChunkOverlap },
        Retrieval = new RetrievalDefinition
        {
            Mode = arm.Mode,
            Bm25 = new Bm25Definition { K1 = arm.Bm25K1, B = arm.Bm25B },
            Fusion = new FusionDefinition { Method = arm.FusionMethod, K = arm.FusionK, LexicalWeight = arm.LexicalWeight, Normalization = arm.Normalization },
            TopN = arm.TopN,
        },
        Rerank = arm.Rerank
            ? new RerankDefinition { Provider = arm.RerankProvider, Model = Blank(arm.RerankModel), TopN = arm.RerankTopN, Url = Blank(arm.RerankUrl), Lambda = arm.RerankLambda }
            : null,
    };

    private static ArmDesign FromArm(ArmDefinition arm)
    {
        var design = new ArmDesign
        {
            Name = arm.Name,
            Mode = arm.Retrieval.Mode,
            TopN = arm.Retrieval.TopN,
            ChunkingStrategy = arm.Chunking.Strategy,
            ChunkSize = arm.Chunking.Size,
            ChunkOverlap = arm.Chunking.Overlap,
            Bm25K1 = arm.Retrieval.Bm25.K1,
            Bm25B = arm.Retrieval.Bm25.B,
            FusionMethod = arm.Retrieval.Fusion.Method,
            FusionK = arm.Retrieval.Fusion.K,
            LexicalWeight = arm.Retrieval.Fusion.LexicalWeight,
            Normalization = arm.Retrieval.Fusion.Normalization,
        };
        if (arm.Embedding is { } embedding)
        {
            design.Provider = embedding.Provider;
            design.Model = embedding.Model;
            design.Dimensions = embedding.Dimensions;
            design.QueryPrefix = embedding.QueryPrefix;
            design.DocumentPrefix = embedding.DocumentPrefix;
            design.RemoveStopWords = embedding.RemoveStopWords;
        }

        if (arm.Rerank is { } rerank)
        {
            design.Rerank = true;
            design.RerankProvider = rerank.Provider;
            design.RerankModel = rerank.Model;
            design.RerankTopN = rerank.TopN;
            design.RerankUrl = rerank.Url;
            design.RerankLambda = rerank.Lambda;
        }

        return design;
    }

    private static List<int> ParseK(string text, out List<string> unreadable)
    {
        unreadable = [];
        var k = new List<int>();
        foreach (var token in text.Split(KSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                k.Add(value);
            }
            else
            {
                unreadable.Add(token);
            }
        }

        return k;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Prefixes are embedded as typed: the space in "query: " is part of what the model was trained on.</summary>
    private static string? Verbatim(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
