namespace AbStudio.Domain.Retrieval.Lexical;

/// <summary>
/// An in-memory inverted index over analysed texts, scored with Lucene's BM25:
/// idf = ln(1 + (N − n + 0.5) / (n + 0.5)), term weight = idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl / avgdl)).
/// Unlike Lucene it keeps exact document lengths (Lucene stores them lossily in one byte), so
/// scores differ from Lucene's in the last digits, not in kind. A repeated query term counts once
/// per occurrence, as in a Lucene bag-of-words query.
/// </summary>
public sealed class Bm25Index
{
    private readonly Dictionary<string, int> _termIds;
    private readonly int[][] _postingDocuments;
    private readonly float[][] _postingFrequencies;
    private readonly float[] _lengthNorm;
    private readonly EnglishTextAnalyzer _analyzer;
    private readonly Bm25Parameters _parameters;

    private Bm25Index(EnglishTextAnalyzer analyzer, Bm25Parameters parameters, Dictionary<string, int> termIds,
        int[][] postingDocuments, float[][] postingFrequencies, float[] lengthNorm)
    {
        _analyzer = analyzer;
        _parameters = parameters;
        _termIds = termIds;
        _postingDocuments = postingDocuments;
        _postingFrequencies = postingFrequencies;
        _lengthNorm = lengthNorm;
    }

    public int DocumentCount => _lengthNorm.Length;

    public int TermCount => _termIds.Count;

    /// <summary>Indexes <paramref name="texts"/>; a hit's index is the text's position in this list.</summary>
    public static Bm25Index Build(IReadOnlyList<string> texts, EnglishTextAnalyzer analyzer, Bm25Parameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(analyzer);
        var bm25 = (parameters ?? new Bm25Parameters()).Validated();

        var analysed = new List<string>[texts.Count];
        Parallel.For(0, texts.Count, i => analysed[i] = analyzer.Analyze(texts[i]));

        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var documents = new List<List<int>>();
        var frequencies = new List<List<float>>();
        var lengths = new int[texts.Count];
        var counts = new Dictionary<int, int>();
        for (var doc = 0; doc < analysed.Length; doc++)
        {
            counts.Clear();
            foreach (var term in analysed[doc])
            {
                if (!termIds.TryGetValue(term, out var id))
                {
                    id = termIds.Count;
                    termIds.Add(term, id);
                    documents.Add([]);
                    frequencies.Add([]);
                }

                counts[id] = counts.GetValueOrDefault(id) + 1;
            }

            lengths[doc] = analysed[doc].Count;
            foreach (var (id, count) in counts.OrderBy(c => c.Key))
            {
                documents[id].Add(doc);
                frequencies[id].Add(count);
            }
        }

        var averageLength = lengths.Length == 0 ? 0 : lengths.Average();
        var lengthNorm = new float[lengths.Length];
        for (var doc = 0; doc < lengths.Length; doc++)
        {
            // k1 · (1 − b + b · dl / avgdl), precomputed once per document.
            lengthNorm[doc] = (float)(bm25.K1 * (1 - bm25.B + (averageLength == 0 ? 0 : bm25.B * lengths[doc] / averageLength)));
        }

        return new Bm25Index(analyzer, bm25, termIds,
            [.. documents.Select(d => d.ToArray())], [.. frequencies.Select(f => f.ToArray())], lengthNorm);
    }

    /// <summary>The <paramref name="k"/> best documents for <paramref name="query"/>, best first; documents sharing no term are not returned.</summary>
    public ScoredHit[] Search(string query, int k)
    {
        var scores = new float[DocumentCount];
        var touched = new List<int>();
        return Search(query, k, scores, touched);
    }

    /// <summary>Searches many queries in parallel, reusing one score buffer per worker.</summary>
    public ScoredHit[][] SearchMany(IReadOnlyList<string> queries, int k)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var results = new ScoredHit[queries.Count][];
        Parallel.For(0, queries.Count,
            () => (Scores: new float[DocumentCount], Touched: new List<int>()),
            (i, _, buffers) =>
            {
                results[i] = Search(queries[i], k, buffers.Scores, buffers.Touched);
                return buffers;
            },
            _ => { });
        return results;
    }

    private ScoredHit[] Search(string query, int k, float[] scores, List<int> touched)
    {
        ArgumentNullException.ThrowIfNull(query);
        var documentCount = DocumentCount;
        var k1PlusOne = (float)(_parameters.K1 + 1);
        foreach (var term in _analyzer.Analyze(query))
        {
            if (!_termIds.TryGetValue(term, out var id))
            {
                continue;
            }

            var postings = _postingDocuments[id];
            var tfs = _postingFrequencies[id];
            var idf = (float)Math.Log(1 + ((documentCount - postings.Length + 0.5) / (postings.Length + 0.5)));
            for (var p = 0; p < postings.Length; p++)
            {
                var doc = postings[p];
                if (scores[doc] == 0)
                {
                    touched.Add(doc);
                }

                var tf = tfs[p];
                scores[doc] += idf * tf * k1PlusOne / (tf + _lengthNorm[doc]);
            }
        }

        var top = new TopKCollector(k);
        foreach (var doc in touched)
        {
            top.Offer(doc, scores[doc]);
            scores[doc] = 0;
        }

        touched.Clear();
        return top.ToSortedArray();
    }
}
