using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace AbStudio.Domain.Retrieval.Lexical;

/// <summary>
/// Lucene's English analyzer, the one behind the published Lucene/Anserini BM25 baselines:
/// standard tokenizer, possessive removal, lower-casing, English stop words, Porter stemming.
/// Thread-safe (Lucene reuses token streams per thread).
/// </summary>
public sealed class EnglishTextAnalyzer : IDisposable
{
    private readonly EnglishAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);

    public List<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        using var stream = _analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    public void Dispose() => _analyzer.Dispose();
}
