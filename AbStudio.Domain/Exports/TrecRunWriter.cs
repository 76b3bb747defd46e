using System.Globalization;
using AbStudio.Domain.Runs.Execution;

namespace AbStudio.Domain.Exports;

/// <summary>
/// Writes an arm's results as a TREC run file (<c>qid Q0 docno rank score tag</c>), so any
/// standard IR tool can check them. Scores are written in round-trip form, so trec_eval ranks the
/// file exactly as AbStudio ranked it.
/// </summary>
public static class TrecRunWriter
{
    /// <summary>
    /// <c>run.&lt;arm&gt;.trec</c>, for the eval verb's folder and the export zip alike. Definitions refuse
    /// unsafe arm names at the door; tests stored before that rule keep theirs, so anything that could
    /// leave the folder or trip a file system is replaced here too.
    /// </summary>
    public static string FileName(string armName)
    {
        ArgumentNullException.ThrowIfNull(armName);
        var safe = string.Concat(armName.Select(c => char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c))
            .Replace("..", "__", StringComparison.Ordinal);
        return $"run.{safe}.trec";
    }

    public static void Write(TextWriter writer, string tag, IReadOnlyList<QueryOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outcomes);
        foreach (var outcome in outcomes)
        {
            for (var rank = 0; rank < outcome.Ranking.Length; rank++)
            {
                var document = outcome.Ranking[rank];
                writer.Write(outcome.QueryId);
                writer.Write(" Q0 ");
                writer.Write(document.DocumentId);
                writer.Write(' ');
                writer.Write((rank + 1).ToString(CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.Write(document.Score.ToString("R", CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.WriteLine(tag);
            }
        }
    }
}
