using AbStudio.Domain.Retrieval;

namespace AbStudio.Tests.Domain.Retrieval;

public sealed class TopKCollectorTests
{
    [Fact]
    public void ToSortedArray_ManyOffers_KeepsTheKBestInOrder()
    {
        var collector = new TopKCollector(3);
        float[] scores = [0.1f, 0.9f, 0.5f, 0.7f, 0.3f, 0.8f];

        for (var i = 0; i < scores.Length; i++)
        {
            collector.Offer(i, scores[i]);
        }

        Assert.Equal([new ScoredHit(1, 0.9f), new ScoredHit(5, 0.8f), new ScoredHit(3, 0.7f)], collector.ToSortedArray());
    }

    [Fact]
    public void ToSortedArray_EqualScores_LowerIndexWinsRegardlessOfOfferOrder()
    {
        var forward = new TopKCollector(2);
        var backward = new TopKCollector(2);

        for (var i = 0; i < 5; i++)
        {
            forward.Offer(i, 1f);
            backward.Offer(4 - i, 1f);
        }

        Assert.Equal([0, 1], forward.ToSortedArray().Select(h => h.Index));
        Assert.Equal([0, 1], backward.ToSortedArray().Select(h => h.Index));
    }

    [Fact]
    public void ToSortedArray_RandomScores_MatchesAFullSort()
    {
        var random = new Random(7);
        for (var round = 0; round < 50; round++)
        {
            var n = random.Next(1, 300);
            var k = random.Next(1, 40);
            var scores = Enumerable.Range(0, n).Select(_ => (float)random.Next(0, 20)).ToArray();
            var collector = new TopKCollector(k);
            for (var i = 0; i < n; i++)
            {
                collector.Offer(i, scores[i]);
            }

            var expected = scores.Select((s, i) => new ScoredHit(i, s)).OrderByDescending(h => h.Score).ThenBy(h => h.Index).Take(k);
            Assert.Equal(expected, collector.ToSortedArray());
        }
    }
}
