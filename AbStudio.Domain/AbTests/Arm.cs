namespace AbStudio.Domain.AbTests;

/// <summary>One configuration under comparison: embedding, chunking, retrieval mode, reranker.</summary>
public sealed class Arm
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TestId { get; set; }

    /// <summary>Position in the test (0-based); the first arm is the baseline comparisons are made against.</summary>
    public int Ordinal { get; set; }

    public required string Name { get; set; }

    /// <summary>Lexical arms have none; vector and hybrid arms name the provider (e.g. "use-lite").</summary>
    public string? EmbeddingProvider { get; set; }
    public string? EmbeddingModel { get; set; }
    public RetrievalMode RetrievalMode { get; set; }

    /// <summary>
    /// The arm's full configuration as canonical JSON (chunking, prefixes, fusion, reranker, k), kept for
    /// readers of the database; the engine reads <see cref="Definition"/> instead.
    /// </summary>
    public required string ConfigurationJson { get; set; }

    /// <summary>
    /// The arm's definition: its entry in its test's typed <see cref="AbTest.Definition"/>, so it is never
    /// parsed on its own. Needs the test loaded with its arms (an <c>Include</c> sets <see cref="Test"/>).
    /// </summary>
    public Definitions.ArmDefinition Definition =>
        Test?.Definition is { } test && Ordinal < test.Arms.Count && test.Arms[Ordinal].Name == Name
            ? test.Arms[Ordinal]
            : throw new InvalidOperationException(Test is null
                ? $"Arm '{Name}' was loaded without its test; include the test (or load the test with its arms) to read the arm's definition."
                : $"Arm '{Name}' (position {Ordinal}) is not in its test's definition.");

    /// <summary>The collection fingerprint this arm needs; kept even after the collection is cleaned up.</summary>
    public string? CollectionFingerprint { get; set; }
    public Guid? CollectionId { get; set; }

    /// <summary>What planning decided for the arm's collection when its test last started (null for lexical arms).</summary>
    public Collections.Planning.CollectionPlanOutcome? CollectionPlan { get; set; }

    /// <summary>Why, in words a user can read (e.g. the model revision drifted, so nothing was reused).</summary>
    public string? CollectionPlanReason { get; set; }

    public AbTest? Test { get; set; }
    public Collections.Collection? Collection { get; set; }
}

public enum RetrievalMode
{
    Lexical,
    Vector,
    Hybrid,
}
