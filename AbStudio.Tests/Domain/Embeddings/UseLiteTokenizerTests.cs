namespace AbStudio.Tests.Domain.Embeddings;

public class UseLiteTokenizerTests
{
    [Fact]
    public void Encode_ReferenceTexts_MatchTfjsTokenIds()
    {
        var tokenizer = UseLiteReference.Generator.Tokenizer;
        var mismatches = new List<string>();

        for (var i = 0; i < UseLiteReference.Texts.Length; i++)
        {
            var actual = tokenizer.Encode(UseLiteReference.Texts[i]);
            if (!actual.AsSpan().SequenceEqual(UseLiteReference.Tokens[i]))
            {
                mismatches.Add($"#{i} {UseLiteReference.Texts[i][..Math.Min(40, UseLiteReference.Texts[i].Length)]}: [{string.Join(',', actual.Take(20))}] vs [{string.Join(',', UseLiteReference.Tokens[i].Take(20))}]");
            }
        }

        Assert.Equal(156, UseLiteReference.Texts.Length);
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Fact]
    public void Encode_EmptyText_ReturnsNoTokens()
    {
        Assert.Empty(UseLiteReference.Generator.Tokenizer.Encode(""));
    }

    [Fact]
    public void Encode_RunOfUnknownCharacters_MergesIntoOneUnknownId()
    {
        var tokens = UseLiteReference.Generator.Tokenizer.Encode("日本語");

        Assert.Equal(1, tokens.Count(id => id == 0));
    }
}
