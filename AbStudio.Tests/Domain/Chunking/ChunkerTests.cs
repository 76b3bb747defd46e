using AbStudio.Domain.Chunking;

namespace AbStudio.Tests.Domain.Chunking;

public sealed class ChunkerTests
{
    private const string Prose = "Alpha beta gamma. Delta epsilon! Zeta eta theta iota?\n\nKappa lambda mu. Nu xi.";

    [Fact]
    public void Split_None_GivesTheWholeDocumentAsOneChunk()
    {
        var chunk = Assert.Single(Chunker.Split("d1", Prose, new ChunkingSettings()));

        Assert.Equal(new Chunk("d1", 0, 0, Prose.Length, Prose), chunk);
    }

    [Fact]
    public void Split_Tokens_WindowsOfSizeWithOverlap()
    {
        var chunks = Chunker.Split("d1", "a b c d e f g", new ChunkingSettings(ChunkingStrategy.Tokens, Size: 3, Overlap: 1));

        Assert.Equal(["a b c", "c d e", "e f g"], chunks.Select(c => c.Text));
        Assert.Equal([0, 1, 2], chunks.Select(c => c.Ordinal));
    }

    [Fact]
    public void Split_Characters_NeverSplitsASurrogatePair()
    {
        var text = "ab😀cd"; // the emoji is two UTF-16 code units at 2 and 3

        var chunks = Chunker.Split("d1", text, new ChunkingSettings(ChunkingStrategy.Characters, Size: 3, Overlap: 0));

        Assert.Equal(["ab", "😀c", "d"], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Split_Sentences_PacksWholeSentencesUpToSize()
    {
        var chunks = Chunker.Split("d1", Prose, new ChunkingSettings(ChunkingStrategy.Sentences, Size: 6, Overlap: 0));

        Assert.Equal(["Alpha beta gamma. Delta epsilon!", "Zeta eta theta iota?", "Kappa lambda mu. Nu xi."], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Split_SentencesWithOverlap_RepeatsTrailingSentencesThatFit()
    {
        var chunks = Chunker.Split("d1", "One two. Three. Four five. Six.", new ChunkingSettings(ChunkingStrategy.Sentences, Size: 4, Overlap: 1));

        Assert.Equal(["One two. Three.", "Three. Four five. Six."], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Split_Recursive_KeepsParagraphsAndFallsBackForLongOnes()
    {
        var chunks = Chunker.Split("d1", Prose, new ChunkingSettings(ChunkingStrategy.Recursive, Size: 6, Overlap: 0));

        Assert.Equal(["Alpha beta gamma. Delta epsilon!", "Zeta eta theta iota?", "Kappa lambda mu. Nu xi."], chunks.Select(c => c.Text));
        Assert.Single(Chunker.Split("d1", Prose, new ChunkingSettings(ChunkingStrategy.Recursive, Size: 50, Overlap: 0)));
    }

    [Theory]
    [InlineData(ChunkingStrategy.Tokens)]
    [InlineData(ChunkingStrategy.Characters)]
    [InlineData(ChunkingStrategy.Sentences)]
    [InlineData(ChunkingStrategy.Recursive)]
    public void Split_AnyStrategy_OffsetsPointIntoTheOriginalTextAndCoverEveryWord(ChunkingStrategy strategy)
    {
        var random = new Random(5);
        for (var round = 0; round < 30; round++)
        {
            var text = RandomProse(random);
            var settings = new ChunkingSettings(strategy, Size: random.Next(2, 12), Overlap: 1);
            var chunks = Chunker.Split("d", text, settings);

            Assert.All(chunks, c => Assert.Equal(text.Substring(c.Start, c.Length), c.Text));
            var covered = new bool[text.Length];
            foreach (var chunk in chunks)
            {
                Array.Fill(covered, true, chunk.Start, chunk.Length);
            }

            Assert.All(Enumerable.Range(0, text.Length).Where(i => !char.IsWhiteSpace(text[i])), i => Assert.True(covered[i], $"character {i} of '{text}' is in no chunk"));
            Assert.Equal(chunks, Chunker.Split("d", text, settings));
        }
    }

    [Fact]
    public void Split_WhitespaceOnly_GivesNoChunks() =>
        Assert.Empty(Chunker.Split("d1", " \n\t ", new ChunkingSettings(ChunkingStrategy.Tokens, 4, 1)));

    [Theory]
    [InlineData(0, 0, "chunking.size must be at least 1")]
    [InlineData(4, 4, "chunking.overlap must be between 0 and size − 1 (3)")]
    public void Split_InvalidSettings_AreRejectedNamingTheField(int size, int overlap, string expected)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Chunker.Split("d", "text", new ChunkingSettings(ChunkingStrategy.Tokens, size, overlap)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static string RandomProse(Random random)
    {
        var words = new List<string>();
        for (var i = random.Next(1, 60); i > 0; i--)
        {
            var word = new string((char)('a' + random.Next(26)), random.Next(1, 6));
            var end = random.Next(10) switch { 0 => ".", 1 => "!\n\n", 2 => "?", _ => "" };
            words.Add(word + end);
        }

        return string.Join(random.Next(4) == 0 ? "  " : " ", words);
    }
}
