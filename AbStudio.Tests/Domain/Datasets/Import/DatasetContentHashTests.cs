using AbStudio.Domain.Datasets.Import;
using FsCheck;
using FsCheck.Xunit;

namespace AbStudio.Tests.Domain.Datasets.Import;

/// <summary>The laws of the content hash: order does not matter, content does.</summary>
public sealed class DatasetContentHashTests
{
    [Fact]
    public void Compute_TinyDataset_MatchesTheDocumentedCanonicalForm()
    {
        // Expected value computed outside .NET, from the canonical form as docs/datasets.md states it.
        var hash = new DatasetContentHash();
        hash.AddDocument("b", "T", "x\r\ny");
        hash.AddDocument("a", null, "");
        hash.AddQuery("q", "what?");
        hash.AddJudgment("test", "q", "b", -1);
        hash.AddJudgment("test", "q", "a", 2);

        Assert.Equal("35604563689a96a19ec5f45033d87c843712f70af8136c9ee403a514d11f914b", hash.Compute());
    }

    [Fact]
    public void Compute_CrLfCrOrLfInTexts_GivesTheSameHash()
    {
        Assert.Equal(HashOf("one\r\ntwo\rthree"), HashOf("one\ntwo\nthree"));
    }

    [Fact]
    public void Compute_MissingOrEmptyTitle_GivesTheSameHash()
    {
        var withNull = new DatasetContentHash();
        withNull.AddDocument("d", null, "text");
        var withEmpty = new DatasetContentHash();
        withEmpty.AddDocument("d", "", "text");

        Assert.Equal(withNull.Compute(), withEmpty.Compute());
    }

    [Fact]
    public void Compute_TextMovedBetweenTitleAndText_ChangesTheHash()
    {
        // Field boundaries are part of the canonical form (netstrings), so "ab"+"c" is not "a"+"bc".
        var first = new DatasetContentHash();
        first.AddDocument("d", "ab", "c");
        var second = new DatasetContentHash();
        second.AddDocument("d", "a", "bc");

        Assert.NotEqual(first.Compute(), second.Compute());
    }

    [Fact]
    public void CodePointOrder_BmpPrivateUseAgainstEmoji_OrdersByCodePointNotUtf16()
    {
        // U+FF01 < U+1F600 as code points (and in UTF-8 bytes), though its UTF-16 unit 0xFF01 > 0xD83D.
        Assert.True(CodePointOrder.Instance.Compare("\uFF01", "\U0001F600") < 0);
        Assert.True(string.CompareOrdinal("\uFF01", "\U0001F600") > 0);
    }

    [Property(MaxTest = 200)]
    public bool Compute_RecordsInAnyOrder_GivesTheSameHash(NonEmptyArray<NonNull<string>> texts, int seed)
    {
        var dataset = Generate(texts.Get.Select(t => t.Get).ToArray());
        var shuffled = new Random(seed);

        return Hash(dataset, order: null) == Hash(dataset, order: shuffled);
    }

    [Property(MaxTest = 200)]
    public bool Compute_AnySingleTextChanged_ChangesTheHash(NonEmptyArray<NonNull<string>> texts, PositiveInt which, char added)
    {
        var dataset = Generate(texts.Get.Select(t => t.Get).ToArray());
        var records = dataset.Documents.Count + dataset.Queries.Count;
        var index = which.Get % records;
        var changed = Generate(texts.Get.Select(t => t.Get).ToArray());
        if (index < changed.Documents.Count)
        {
            changed.Documents[index] = changed.Documents[index] with { Text = changed.Documents[index].Text + Printable(added) };
        }
        else
        {
            var query = index - changed.Documents.Count;
            changed.Queries[query] = changed.Queries[query] with { Text = changed.Queries[query].Text + Printable(added) };
        }

        return Hash(dataset, order: null) != Hash(changed, order: null);
    }

    // A lone surrogate or CR would not be a change after UTF-8 encoding or line-ending normalisation.
    private static char Printable(char c) => char.IsSurrogate(c) || c == '\r' ? 'x' : c;

    private static string HashOf(string text)
    {
        var hash = new DatasetContentHash();
        hash.AddDocument("d", "title", text);
        return hash.Compute();
    }

    /// <summary>Documents (ids d0…), queries (q0…) and a judgment per query from arbitrary texts.</summary>
    private static GeneratedDataset Generate(string[] texts) =>
        new(
            texts.Select((t, i) => new GeneratedDocument($"d{i}", i % 2 == 0 ? null : t, t)).ToList(),
            texts.Select((t, i) => new GeneratedQuery($"q{i}", t)).ToList(),
            texts.Select((_, i) => (Split: i % 3 == 0 ? "train" : "test", Query: $"q{i}", Document: $"d{(i * 7) % texts.Length}", Grade: i % 4 - 1)).ToList());

    private static string Hash(GeneratedDataset dataset, Random? order)
    {
        var documents = dataset.Documents.ToArray();
        var queries = dataset.Queries.ToArray();
        var judgments = dataset.Judgments.ToArray();
        order?.Shuffle(documents);
        order?.Shuffle(queries);
        order?.Shuffle(judgments);
        var hash = new DatasetContentHash();
        foreach (var document in documents)
        {
            hash.AddDocument(document.Id, document.Title, document.Text);
        }

        foreach (var query in queries)
        {
            hash.AddQuery(query.Id, query.Text);
        }

        foreach (var (split, query, document, grade) in judgments)
        {
            hash.AddJudgment(split, query, document, grade);
        }

        return hash.Compute();
    }

    private sealed record GeneratedDocument(string Id, string? Title, string Text);

    private sealed record GeneratedQuery(string Id, string Text);

    private sealed record GeneratedDataset(
        List<GeneratedDocument> Documents, List<GeneratedQuery> Queries, List<(string Split, string Query, string Document, int Grade)> Judgments);
}
