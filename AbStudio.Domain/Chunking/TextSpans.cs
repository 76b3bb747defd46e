using System.Text.RegularExpressions;

namespace AbStudio.Domain.Chunking;

/// <summary>Where words, sentences and paragraphs are in a text, as (start, end) character offsets.</summary>
internal static partial class TextSpans
{
    public static List<(int Start, int End)> Words(string text, int from = 0, int to = -1) =>
        Matches(WordPattern(), text, from, to);

    /// <summary>Sentences end at '.', '!' or '?' (possibly repeated or followed by quotes/brackets) before whitespace.</summary>
    public static List<(int Start, int End)> Sentences(string text, int from = 0, int to = -1) =>
        Matches(SentencePattern(), text, from, to);

    /// <summary>Paragraphs are separated by blank lines.</summary>
    public static List<(int Start, int End)> Paragraphs(string text) => Matches(ParagraphPattern(), text, 0, -1);

    private static List<(int Start, int End)> Matches(Regex pattern, string text, int from, int to)
    {
        var end = to < 0 ? text.Length : to;
        var spans = new List<(int, int)>();
        for (var match = pattern.Match(text, from, end - from); match.Success; match = match.NextMatch())
        {
            spans.Add((match.Index, match.Index + match.Length));
        }

        return spans;
    }

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\S(?:.*?)(?:[.!?]+[""')\]]*(?=\s)|$)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex SentencePattern();

    [GeneratedRegex(@"\S(?:.*?)(?=\r?\n\s*\r?\n|\s*$)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ParagraphPattern();
}
