using System.Globalization;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Retrieval.Fusion;

namespace AbStudio.Web.Features.AbTests.Components;

/// <summary>An arm's configuration in one line, as an evaluation engineer reads it: "hybrid · hashing 96d · tokens 256/32 · rrf k=60".</summary>
public static class ArmDescription
{
    public static string Of(ArmDefinition arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        var parts = new List<string> { arm.Retrieval.Mode.ToString().ToLowerInvariant() };
        if (arm.Retrieval.Mode != RetrievalMode.Vector)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"bm25 k1={arm.Retrieval.Bm25.K1} b={arm.Retrieval.Bm25.B}"));
        }

        if (arm.Retrieval.Mode != RetrievalMode.Lexical && arm.Embedding is { } embedding)
        {
            var model = embedding.Model is { } m ? $" {m}" : "";
            var dimensions = embedding.Dimensions is { } d ? string.Create(CultureInfo.InvariantCulture, $" {d}d") : "";
            parts.Add($"{embedding.Provider}{model}{dimensions}");
            parts.Add(arm.Chunking.Strategy == ChunkingStrategy.None
                ? "whole documents"
                : string.Create(CultureInfo.InvariantCulture, $"{arm.Chunking.Strategy.ToString().ToLowerInvariant()} {arm.Chunking.Size}/{arm.Chunking.Overlap}"));
        }

        if (arm.Retrieval.Mode == RetrievalMode.Hybrid)
        {
            var fusion = arm.Retrieval.Fusion;
            parts.Add(fusion.Method == FusionMethod.Rrf
                ? string.Create(CultureInfo.InvariantCulture, $"rrf k={fusion.K}")
                : string.Create(CultureInfo.InvariantCulture, $"weighted lexical={fusion.LexicalWeight}"));
        }

        if (arm.Rerank is { } rerank)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"rerank {rerank.Provider} top {rerank.TopN}"));
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $"top-N {arm.Retrieval.TopN}"));
        return string.Join(" · ", parts);
    }
}
