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

    /// <summary>The arm's full configuration as canonical JSON (chunking, prefixes, fusion, reranker, k).</summary>
    public required string ConfigurationJson { get; set; }

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
