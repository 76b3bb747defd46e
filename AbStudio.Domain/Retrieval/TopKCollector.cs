namespace AbStudio.Domain.Retrieval;

/// <summary>
/// Keeps the k best hits seen so far in a bounded min-heap: O(n log k) for n offers, no allocation
/// per offer. Order is total and deterministic: higher score first, then lower index, so equal
/// scores never make two runs of the same search disagree.
/// </summary>
public sealed class TopKCollector
{
    private readonly ScoredHit[] _heap;
    private int _count;

    public TopKCollector(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _heap = new ScoredHit[k];
    }

    public int Count => _count;

    /// <summary>The score a new hit must beat to enter once the collector is full.</summary>
    public float Threshold => _count < _heap.Length ? float.NegativeInfinity : _heap[0].Score;

    public void Offer(int index, float score)
    {
        var hit = new ScoredHit(index, score);
        if (_count < _heap.Length)
        {
            _heap[_count] = hit;
            SiftUp(_count++);
        }
        else if (Better(hit, _heap[0]))
        {
            _heap[0] = hit;
            SiftDown(0);
        }
    }

    /// <summary>The collected hits, best first. The collector can be reused after <see cref="Clear"/>.</summary>
    public ScoredHit[] ToSortedArray()
    {
        var result = _heap.AsSpan(0, _count).ToArray();
        Array.Sort(result, static (a, b) => Better(a, b) ? -1 : Better(b, a) ? 1 : 0);
        return result;
    }

    public void Clear() => _count = 0;

    /// <summary>True when <paramref name="a"/> ranks before <paramref name="b"/>.</summary>
    private static bool Better(ScoredHit a, ScoredHit b) => a.Score > b.Score || (a.Score == b.Score && a.Index < b.Index);

    // The root is the worst kept hit, so the heap's "smaller" is "ranks later".
    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Better(_heap[parent], _heap[i]))
            {
                return;
            }

            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= _count)
            {
                return;
            }

            var worst = left + 1 < _count && Better(_heap[left], _heap[left + 1]) ? left + 1 : left;
            if (!Better(_heap[i], _heap[worst]))
            {
                return;
            }

            (_heap[i], _heap[worst]) = (_heap[worst], _heap[i]);
            i = worst;
        }
    }
}
