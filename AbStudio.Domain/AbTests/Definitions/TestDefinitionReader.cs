using System.Text.Json;
using System.Text.Json.Serialization;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections.Storage;

namespace AbStudio.Domain.AbTests.Definitions;

/// <summary>
/// Reads and checks a test definition. JSON errors name the line and path; semantic checks collect
/// every problem (unknown provider, k out of range, duplicate arm names, …) before failing, so a user
/// fixes a definition in one go.
/// </summary>
public static class TestDefinitionReader
{
    public const int MaxK = 1000;
    public const int MaxArms = 16;

    public static IReadOnlySet<string> EmbeddingProviders { get; } = new HashSet<string>(Embeddings.EmbeddingProviderFactory.Names, StringComparer.Ordinal);

    public static IReadOnlySet<string> RerankProviders { get; } = new HashSet<string>(StringComparer.Ordinal) { "embedding", "mmr", "http" };

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    public static TestDefinition Read(string json, string source = "definition")
    {
        ArgumentNullException.ThrowIfNull(json);
        TestDefinition? definition;
        try
        {
            definition = TestDefinitionJson.Parse(json);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "(document)";
            var line = e.LineNumber is { } n ? $"line {n + 1}, " : "";
            throw new TestDefinitionException(source, [new DefinitionProblem(where, $"{line}{Explain(e)}")]);
        }

        if (definition is null)
        {
            throw new TestDefinitionException(source, [new DefinitionProblem("(document)", "the definition is empty (null); expected a JSON object with name, dataset and arms.")]);
        }

        var problems = Validate(definition);
        return problems.Count == 0 ? definition : throw new TestDefinitionException(source, problems);
    }

    public static List<DefinitionProblem> Validate(TestDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<DefinitionProblem>();
        void Problem(string path, string message) => problems.Add(new DefinitionProblem(path, message));

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            Problem("name", "give the test a name.");
        }
        else
        {
            CheckText(definition.Name, "name", NameLength, Problem);
        }

        if (definition.Description is { } description)
        {
            CheckText(description, "description", DescriptionLength, Problem, allowLineBreaks: true);
        }

        CheckText(definition.Dataset.Split, "dataset.split", SplitLength, Problem);

        if (definition.Dataset.Path is null && definition.Dataset.Id is null)
        {
            Problem("dataset", "give either dataset.path (a folder or file to import) or dataset.id (an imported dataset).");
        }

        if (definition.K.Count == 0 || definition.K.Any(k => k is < 1 or > MaxK))
        {
            Problem("k", $"every k must be between 1 and {MaxK}; got [{string.Join(", ", definition.K)}].");
        }
        else if (!Runs.Summary.RunMetrics.For(definition.K).Any(m => m.Name == definition.PrimaryMetric))
        {
            // Otherwise the run completes and every view that marks the winner on it has nothing to read.
            var ks = string.Join(", ", definition.K);
            Problem("primary_metric", $"'{definition.PrimaryMetric}' is not a metric this test computes: use ndcg, recall, mrr, hit, p or map at one of its k ({ks}), e.g. ndcg@{definition.K.Max()}.");
        }

        if (definition.Arms.Count is < 2 or > MaxArms)
        {
            Problem("arms", $"an A/B test needs 2 to {MaxArms} arms; got {definition.Arms.Count}.");
        }

        foreach (var duplicate in definition.Arms.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Problem("arms", $"arm names must be unique; '{duplicate.Key}' appears {duplicate.Count()} times.");
        }

        for (var i = 0; i < definition.Arms.Count; i++)
        {
            ValidateArm(definition.Arms[i], $"arms[{i}]", Problem);
        }

        if (definition.Cleanup is { } cleanup)
        {
            ValidateCleanup(cleanup, Problem);
        }

        return problems;
    }

    // The columns these land in (AbTestConfiguration): PostgreSQL refuses longer text and NUL
    // characters with an error, SQLite stores anything, so the door holds the same line for both.
    private const int NameLength = 200;
    private const int DescriptionLength = 4000;
    private const int SplitLength = 64;
    private const int ModelLength = 200;

    private static void CheckText(string text, string path, int maxLength, Action<string, string> problem, bool allowLineBreaks = false)
    {
        if (text.Length > maxLength)
        {
            problem(path, $"at most {maxLength} characters; got {text.Length}.");
        }

        if (text.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
        {
            problem(path, "remove the control characters (such as NUL or a line break): they cannot be stored or shown.");
        }
    }

    private static void ValidateArm(ArmDefinition arm, string path, Action<string, string> problem)
    {
        // The name becomes run.<name>.trec inside an export zip: no path separators, no "..", no
        // control characters, and none of the characters Windows refuses in a file name.
        if (string.IsNullOrWhiteSpace(arm.Name) || arm.Name.Length > 100 || arm.Name.Contains("..", StringComparison.Ordinal)
            || arm.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|'))
        {
            problem($"{path}.name", "use 1 to 100 characters without spaces or '/' (it names the arm's TREC run file), and none of \\ : * ? \" < > | or '..'.");
        }

        var needsEmbedding = arm.Retrieval.Mode != RetrievalMode.Lexical;
        if (needsEmbedding && arm.Embedding is null)
        {
            problem($"{path}.embedding", $"a {arm.Retrieval.Mode.ToString().ToLowerInvariant()} arm needs an embedding provider ({string.Join(", ", EmbeddingProviders)}).");
        }

        if (arm.Embedding is { } embedding)
        {
            if (!EmbeddingProviders.Contains(embedding.Provider))
            {
                problem($"{path}.embedding.provider", $"'{embedding.Provider}' is not a known provider; use one of {string.Join(", ", EmbeddingProviders)}.");
            }

            if (embedding.Model is { } model)
            {
                CheckText(model, $"{path}.embedding.model", ModelLength, problem);
            }

            if (embedding.Dimensions is < 1 or > 8192)
            {
                problem($"{path}.embedding.dimensions", "must be between 1 and 8192.");
            }

            if (embedding.Index is not (VectorIndexKind.Flat or VectorIndexKind.Hnsw))
            {
                problem($"{path}.embedding.index", $"'{embedding.Index}' is not an index kind; use '{VectorIndexKind.Flat}' (exact, any database) or '{VectorIndexKind.Hnsw}' (approximate, PostgreSQL only).");
            }
        }

        if (arm.Retrieval.TopN is < 1 or > 10_000)
        {
            problem($"{path}.retrieval.topN", "must be between 1 and 10000.");
        }

        Check(() => arm.Chunking.ToSettings().Validated(), $"{path}.chunking", problem);
        Check(() => new Retrieval.Lexical.Bm25Parameters(arm.Retrieval.Bm25.K1, arm.Retrieval.Bm25.B).Validated(), $"{path}.retrieval.bm25", problem);
        if (arm.Retrieval.Mode == RetrievalMode.Hybrid)
        {
            Check(() => arm.Retrieval.Fusion.ToSettings().Validated(), $"{path}.retrieval.fusion", problem);
        }

        if (arm.Rerank is { } rerank)
        {
            if (!RerankProviders.Contains(rerank.Provider))
            {
                problem($"{path}.rerank.provider", $"'{rerank.Provider}' is not a known reranker; use one of {string.Join(", ", RerankProviders)}.");
            }

            if (rerank.TopN is < 1 or > 1000)
            {
                problem($"{path}.rerank.topN", "must be between 1 and 1000.");
            }
        }
    }

    private static void ValidateCleanup(CleanupDefinition cleanup, Action<string, string> problem)
    {
        var policy = CleanupPolicies.Parse(cleanup.Policy);
        if (policy is null)
        {
            problem("cleanup.policy", $"'{cleanup.Policy}' is not a cleanup policy; use one of {string.Join(", ", CleanupPolicies.All)}.");
            return;
        }

        if (policy == CleanupPolicy.Ttl && cleanup.Ttl is null)
        {
            problem("cleanup.ttl", "the ttl policy needs a ttl: how long a collection may stay unused, e.g. \"7.00:00:00\" (7 days).");
        }
        else if (policy == CleanupPolicy.Ttl && cleanup.Ttl <= TimeSpan.Zero)
        {
            problem("cleanup.ttl", $"must be longer than zero; got {cleanup.Ttl}.");
        }
        else if (policy != CleanupPolicy.Ttl && cleanup.Ttl is not null)
        {
            problem("cleanup.ttl", $"applies to the ttl policy only; remove it or set cleanup.policy to \"{CleanupPolicies.Ttl}\".");
        }
    }

    private static void Check(Action validate, string path, Action<string, string> problem)
    {
        try
        {
            validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            problem(path, e.Message.Split(" (Parameter")[0].Split(Environment.NewLine)[0]);
        }
    }

    private static string Explain(JsonException e) => e.Message switch
    {
        var m when m.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) =>
            "unknown field; check its spelling against docs/test-definition.md.",
        var m when m.Contains("missing required properties", StringComparison.Ordinal) =>
            m[m.IndexOf("missing required properties", StringComparison.Ordinal)..].Split(". Path")[0].TrimEnd('.') + ".",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) =>
            "the value has the wrong type or is not one of the allowed values (see docs/test-definition.md).",
        var m => m.Split(" Path:")[0],
    };
}
