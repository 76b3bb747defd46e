namespace AbStudio.Domain.Evaluation.Trec;

/// <summary>Splits one line of a TREC file into whitespace-separated fields.</summary>
internal static class TrecLine
{
    private static readonly char[] Whitespace = [' ', '\t', '\r'];

    public static string[] Fields(string line) =>
        line.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
}
