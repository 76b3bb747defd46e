namespace AbStudio.Domain.Evaluation;

/// <summary>
/// The evaluation of one query's ranked list. Holds the counts and sums one pass over the ranking
/// yields; every metric at k is derived from them, under the product's names (Recall@k, MRR@k,
/// nDCG@k, Hit@k, P@k, MAP@k) and with trec_eval's definitions.
/// </summary>
public sealed class QueryMetrics
{
    private readonly int[] _depths;
    private readonly int[] _relevantAt;
    private readonly double[] _dcgAt;
    private readonly double[] _idealDcgAt;
    private readonly double[] _precisionSumAt;

    internal QueryMetrics(
        int retrieved, int relevant, int relevantRetrieved, int firstRelevantRank, double precisionSum,
        int[] depths, int[] relevantAt, double[] dcgAt, double[] idealDcgAt, double[] precisionSumAt)
    {
        Retrieved = retrieved;
        Relevant = relevant;
        RelevantRetrieved = relevantRetrieved;
        FirstRelevantRank = firstRelevantRank;
        AveragePrecision = relevant == 0 ? 0 : precisionSum / relevant;
        _depths = depths;
        _relevantAt = relevantAt;
        _dcgAt = dcgAt;
        _idealDcgAt = idealDcgAt;
        _precisionSumAt = precisionSumAt;
    }

    /// <summary>Documents in the evaluated ranking (num_ret).</summary>
    public int Retrieved { get; }

    /// <summary>Relevant documents in the judgments, retrieved or not (num_rel).</summary>
    public int Relevant { get; }

    /// <summary>Relevant documents in the evaluated ranking (num_rel_ret).</summary>
    public int RelevantRetrieved { get; }

    /// <summary>1-based rank of the first relevant document; 0 when none was retrieved.</summary>
    public int FirstRelevantRank { get; }

    /// <summary>Average precision over the whole ranking (trec_eval map, per query).</summary>
    public double AveragePrecision { get; }

    /// <summary>1 / rank of the first relevant document, without a cut-off (trec_eval recip_rank).</summary>
    public double ReciprocalRank => FirstRelevantRank == 0 ? 0 : 1.0 / FirstRelevantRank;

    /// <summary>MRR@k for this query: the reciprocal rank if the first relevant document is in the top k, else 0.</summary>
    public double MrrAt(int k) => FirstRelevantRank != 0 && FirstRelevantRank <= k ? 1.0 / FirstRelevantRank : 0;

    /// <summary>P@k: relevant in the top k divided by k, even when fewer than k were retrieved (trec_eval P_k).</summary>
    public double PrecisionAt(int k) => (double)_relevantAt[IndexOf(k)] / k;

    /// <summary>Recall@k: relevant in the top k divided by all relevant; 0 when nothing is relevant.</summary>
    public double RecallAt(int k) => Relevant == 0 ? 0 : (double)_relevantAt[IndexOf(k)] / Relevant;

    /// <summary>Hit@k (trec_eval success_k): 1 when a relevant document is in the top k.</summary>
    public double HitAt(int k) => _relevantAt[IndexOf(k)] > 0 ? 1 : 0;

    /// <summary>nDCG@k with linear gain (the grade) and log2(rank + 1) discount; 0 when nothing is relevant.</summary>
    public double NdcgAt(int k)
    {
        var i = IndexOf(k);
        return _idealDcgAt[i] > 0 ? _dcgAt[i] / _idealDcgAt[i] : 0;
    }

    /// <summary>MAP@k (trec_eval map_cut_k): precision at each relevant rank up to k, divided by all relevant.</summary>
    public double MapAt(int k) => Relevant == 0 ? 0 : _precisionSumAt[IndexOf(k)] / Relevant;

    private int IndexOf(int k)
    {
        for (var i = 0; i < _depths.Length; i++)
        {
            if (_depths[i] == k)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(k), k, $"k = {k} was not among the evaluated cut-offs ({string.Join(", ", _depths)}).");
    }
}
