namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Orders strings by Unicode code point, which is also the byte order of their UTF-8 encoding
/// (and Python's <c>sorted</c>). .NET's ordinal order compares UTF-16 units instead, which puts
/// U+E000–U+FFFF after supplementary characters; the content hash must not depend on that quirk.
/// </summary>
internal sealed class CodePointOrder : IComparer<string>
{
    public static CodePointOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        var at = x.AsSpan(0, length).CommonPrefixLength(y.AsSpan(0, length));
        if (at == length)
        {
            return x.Length.CompareTo(y.Length);
        }

        return Fixup(x[at]).CompareTo(Fixup(y[at]));
    }

    // Surrogates (D800–DFFF) move above E000–FFFF, so UTF-16 units compare as code points do.
    private static int Fixup(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
