namespace AbStudio.Domain.Retrieval;

/// <summary>
/// Turns chunk hits into a document ranking: a document scores as its best chunk (max), the usual
/// choice for passage-level retrieval evaluated at document level. Ties keep the order in which
/// the documents' best chunks were ranked, so the result is deterministic.
/// </summary>
public static class DocumentAggregation
{
    /// <param name="hits">Chunk hits, best first.</param>
    /// <param name="documentOfChunk">Maps a chunk index to its document id.</param>
    /// <param name="limit">How many documents to keep.</param>
    public static RankedDocument[] MaxPerDocument(ReadOnlySpan<ScoredHit> hits, Func<int, string> documentOfChunk, int limit)
    {
        ArgumentNullException.ThrowIfNull(documentOfChunk);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ranked = new List<RankedDocument>(Math.Min(limit, hits.Length));
        foreach (var hit in hits)
        {
            // Hits arrive best first, so a document's first hit is its best chunk.
            var document = documentOfChunk(hit.Index);
            if (seen.Add(document))
            {
                ranked.Add(new RankedDocument(document, hit.Score));
                if (ranked.Count == limit)
                {
                    break;
                }
            }
        }

        return [.. ranked];
    }
}
