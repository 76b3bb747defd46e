using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Retrieval.Lexical;

namespace AbStudio.Tests.Domain.Retrieval.Lexical;

public sealed class Bm25IndexTests
{
    private static readonly EnglishTextAnalyzer Analyzer = new();

    [Fact]
    public void Search_HandComputedCorpus_ScoresAsLuceneBm25()
    {
        var index = Bm25Index.Build(["the cat sat", "cats and dogs", "a dog barked at the dog"], Analyzer, new Bm25Parameters(1.2, 0.75));

        var hits = index.Search("dog", 10);

        // "dog" (stemmed) is in documents 1 and 2: n = 2, N = 3, idf = ln(1 + 1.5 / 2.5).
        // Lengths after stop words: [2, 2, 3], avgdl = 7/3.
        var idf = Math.Log(1 + (1.5 / 2.5));
        var doc1 = idf * 1 * 2.2 / (1 + (1.2 * (1 - 0.75 + (0.75 * 2 / (7.0 / 3)))));
        var doc2 = idf * 2 * 2.2 / (2 + (1.2 * (1 - 0.75 + (0.75 * 3 / (7.0 / 3)))));
        Assert.Equal([2, 1], hits.Select(h => h.Index));
        Assert.Equal(doc2, hits[0].Score, 5);
        Assert.Equal(doc1, hits[1].Score, 5);
    }

    [Fact]
    public void Analyze_EnglishText_LowercasesRemovesStopWordsAndStems()
    {
        Assert.Equal(["retriev", "system", "rank", "document"], Analyzer.Analyze("The Retrieval Systems are ranking documents"));
    }

    [Fact]
    public void Search_NoSharedTerm_ReturnsNothing()
    {
        var index = Bm25Index.Build(["alpha beta", "gamma"], Analyzer);

        Assert.Empty(index.Search("delta", 10));
        Assert.Empty(index.Search("", 10));
    }

    [Fact]
    public void Build_NegativeK1_IsRejectedNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Bm25Index.Build(["x"], Analyzer, new Bm25Parameters(-1, 0.4)));

        Assert.Contains("bm25.k1 must be zero or positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchMany_SciFactTitlePlusText_LandsOnThePublishedLuceneBm25NdcgAt10()
    {
        var data = BeirTestData.Load("scifact");
        var index = Bm25Index.Build(data.DocumentTexts, Analyzer, new Bm25Parameters(0.9, 0.4));
        var evaluator = new RankingEvaluator(EvaluationOptions.Default);

        var results = index.SearchMany(data.Queries.Select(q => q.Text).ToList(), 100);
        var ndcg = data.Queries
            .Select((q, i) => evaluator.Evaluate(results[i].Select(h => data.DocumentIds[h.Index]).ToArray(), data.Judgments[q.Id]).NdcgAt(10))
            .Average();

        // Published Lucene BM25 on SciFact: 0.665 (BEIR, multifield) to 0.679 (Anserini, flat); allow ±0.015.
        Assert.Equal(300, data.Queries.Count);
        Assert.InRange(ndcg, 0.665 - 0.015, 0.679 + 0.015);
        TestContext.Current.SendDiagnosticMessage($"SciFact BM25 nDCG@10 = {ndcg:F4}");
    }
}
