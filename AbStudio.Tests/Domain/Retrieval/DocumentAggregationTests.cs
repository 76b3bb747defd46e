using AbStudio.Domain.Retrieval;

namespace AbStudio.Tests.Domain.Retrieval;

public sealed class DocumentAggregationTests
{
    [Fact]
    public void MaxPerDocument_SeveralChunksOfOneDocument_KeepsItsBestChunkScoreOnce()
    {
        string[] documentOfChunk = ["d1", "d1", "d2", "d3", "d2"];
        ScoredHit[] hits = [new(1, 0.9f), new(4, 0.8f), new(0, 0.7f), new(3, 0.6f), new(2, 0.5f)];

        var ranked = DocumentAggregation.MaxPerDocument(hits, i => documentOfChunk[i], 10);

        Assert.Equal([new RankedDocument("d1", 0.9f), new RankedDocument("d2", 0.8f), new RankedDocument("d3", 0.6f)], ranked);
    }

    [Fact]
    public void MaxPerDocument_Limit_StopsAtThatManyDocuments()
    {
        ScoredHit[] hits = [new(0, 3), new(1, 2), new(2, 1)];

        Assert.Single(DocumentAggregation.MaxPerDocument(hits, i => $"d{i}", 1));
    }
}
