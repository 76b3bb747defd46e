using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Domain.Exports;

/// <summary>
/// A completed run as every export format reads it: its analysis (the numbers the run computed),
/// every arm's outcomes in query order (per-query latencies and TREC rankings), and what
/// results.json says besides the numbers.
/// </summary>
public sealed record RunExport(Guid RunId, RunSummary Summary, IReadOnlyList<ArmRun> Arms, ResultsContext Context, DateTime GeneratedAt)
{
    public string TestName => Context.Definition.Name;

    public string PrimaryMetric => Context.Definition.PrimaryMetric;

    /// <summary>
    /// The arm with the highest mean on the primary metric (the first in definition order on a tie).
    /// Whether its lead is significant is for the Significance sheet to say. Empty when the run did
    /// not compute the primary metric (a test stored before definitions were checked for it).
    /// </summary>
    public string Winner
    {
        get
        {
            var best = Summary.Arms[0];
            if (!best.Means.ContainsKey(PrimaryMetric))
            {
                return "";
            }

            foreach (var arm in Summary.Arms)
            {
                if (arm.Means[PrimaryMetric] > best.Means[PrimaryMetric])
                {
                    best = arm;
                }
            }

            return best.ArmName;
        }
    }
}
