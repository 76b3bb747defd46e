using System.Globalization;

namespace AbStudio.Domain.Embeddings;

/// <summary>
/// Splits text into words the way the reference wink-nlp tokenisation does for plain prose: a word
/// is a run of letters, combining marks and digits that holds at least one letter; numbers,
/// punctuation, symbols and emoji are not words.
/// </summary>
/// <remarks>
/// Matches wink-nlp on every sentence of reference/models/glove-avg-reference.json. Not reproduced:
/// wink's contraction splitting ("can't" → "ca", "n't"; here "can", "t"), hyphenated compounds,
/// URLs, e-mails and hashtags, which wink keeps as single tokens.
/// </remarks>
public static class Words
{
    /// <summary>The words of <paramref name="text"/>, in order, as written (case kept).</summary>
    /// <param name="text">Any text.</param>
    /// <param name="includeNumbers">Also return runs of digits (useful features for hashing; not words for wink).</param>
    public static List<string> Split(string text, bool includeNumbers = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var start = -1;
        var hasLetter = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var category = i < text.Length ? CharUnicodeInfo.GetUnicodeCategory(text, i) : UnicodeCategory.Control;
            if (IsWordPart(category))
            {
                if (start < 0)
                {
                    start = i;
                    hasLetter = false;
                }

                hasLetter |= category <= UnicodeCategory.OtherLetter;
                if (i < text.Length - 1 && char.IsHighSurrogate(text[i]))
                {
                    i++;
                }

                continue;
            }

            if (start >= 0 && (hasLetter || includeNumbers))
            {
                words.Add(text[start..i]);
            }

            start = -1;
        }

        return words;
    }

    private static bool IsWordPart(UnicodeCategory category) =>
        category is <= UnicodeCategory.OtherLetter // Lu, Ll, Lt, Lm, Lo
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.DecimalDigitNumber;
}
