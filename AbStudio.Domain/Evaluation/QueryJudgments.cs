namespace AbStudio.Domain.Evaluation;

/// <summary>
/// The graded judgments of one query, prepared for scoring: grade by document, the number of
/// relevant documents (grade &gt;= 1, trec_eval's relevance level 1) and the ideal DCG at every
/// depth, so that evaluating a ranked list is one pass over it.
/// </summary>
public sealed class QueryJudgments
{
    private readonly Dictionary<string, int> _grades;

    // _idealDcg[i] = DCG of the ideal ranking cut at depth i + 1: every judged document with a
    // positive grade, best first, whether the run retrieved it or not (trec_eval's ndcg_cut).
    private readonly double[] _idealDcg;

    public QueryJudgments(IReadOnlyDictionary<string, int> gradesByDocument)
    {
        ArgumentNullException.ThrowIfNull(gradesByDocument);
        _grades = new Dictionary<string, int>(gradesByDocument, StringComparer.Ordinal);

        var gains = new List<int>();
        foreach (var grade in _grades.Values)
        {
            if (grade >= RelevanceLevel)
            {
                gains.Add(grade);
            }
        }

        RelevantCount = gains.Count;
        gains.Sort((x, y) => y.CompareTo(x));
        _idealDcg = new double[gains.Count];
        var sum = 0.0;
        for (var i = 0; i < gains.Count; i++)
        {
            sum += gains[i] / Math.Log2(i + 2);
            _idealDcg[i] = sum;
        }
    }

    /// <summary>The grade from which a document counts as relevant (trec_eval's default -l 1).</summary>
    public const int RelevanceLevel = 1;

    /// <summary>Documents with grade &gt;= 1.</summary>
    public int RelevantCount { get; }

    /// <summary>Judged documents, relevant or not.</summary>
    public int JudgedCount => _grades.Count;

    /// <summary>The grade of a document, or null when it is unjudged (unjudged counts as non-relevant).</summary>
    public int? GradeOf(string documentId) => _grades.TryGetValue(documentId, out var grade) ? grade : null;

    internal bool TryGetGrade(string documentId, out int grade) => _grades.TryGetValue(documentId, out grade);

    /// <summary>The ideal DCG cut at <paramref name="depth"/>; 0 when nothing is relevant.</summary>
    public double IdealDcgAt(int depth)
    {
        if (_idealDcg.Length == 0 || depth <= 0)
        {
            return 0;
        }

        return _idealDcg[Math.Min(depth, _idealDcg.Length) - 1];
    }
}
