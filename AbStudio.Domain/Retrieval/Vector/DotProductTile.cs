using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AbStudio.Domain.Retrieval.Vector;

/// <summary>
/// Dot products of 4 queries with 4 rows at once (16 results). Each loaded 512-bit slice of a query
/// or a row is used four times, so the kernel does four fused multiply-adds per load instead of
/// one: the difference between streaming from cache and computing. 16 accumulators and 8 operands
/// fit the 32 vector registers of AVX-512. Callers fall back to one dot product at a time where
/// <see cref="IsSupported"/> is false or a tile does not fill.
/// </summary>
internal static class DotProductTile
{
    public const int Size = 4;

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <param name="queries">At least 4 consecutive query rows of <paramref name="dimensions"/> floats.</param>
    /// <param name="rows">At least 4 consecutive matrix rows.</param>
    /// <param name="dimensions">Floats per row, for queries and matrix alike.</param>
    /// <param name="scores">16 results: scores[q * 4 + r].</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(ReadOnlySpan<float> queries, ReadOnlySpan<float> rows, int dimensions, Span<float> scores)
    {
        ref var q0 = ref MemoryMarshal.GetReference(queries);
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        var stride = (nuint)dimensions;
        var a00 = Vector512<float>.Zero; var a01 = Vector512<float>.Zero; var a02 = Vector512<float>.Zero; var a03 = Vector512<float>.Zero;
        var a10 = Vector512<float>.Zero; var a11 = Vector512<float>.Zero; var a12 = Vector512<float>.Zero; var a13 = Vector512<float>.Zero;
        var a20 = Vector512<float>.Zero; var a21 = Vector512<float>.Zero; var a22 = Vector512<float>.Zero; var a23 = Vector512<float>.Zero;
        var a30 = Vector512<float>.Zero; var a31 = Vector512<float>.Zero; var a32 = Vector512<float>.Zero; var a33 = Vector512<float>.Zero;

        nuint d = 0;
        var vectorEnd = (nuint)(dimensions - (dimensions % Vector512<float>.Count));
        for (; d < vectorEnd; d += (nuint)Vector512<float>.Count)
        {
            var x0 = Vector512.LoadUnsafe(ref r0, d);
            var x1 = Vector512.LoadUnsafe(ref r0, d + stride);
            var x2 = Vector512.LoadUnsafe(ref r0, d + (2 * stride));
            var x3 = Vector512.LoadUnsafe(ref r0, d + (3 * stride));

            var q = Vector512.LoadUnsafe(ref q0, d);
            a00 = Vector512.FusedMultiplyAdd(q, x0, a00); a01 = Vector512.FusedMultiplyAdd(q, x1, a01);
            a02 = Vector512.FusedMultiplyAdd(q, x2, a02); a03 = Vector512.FusedMultiplyAdd(q, x3, a03);
            q = Vector512.LoadUnsafe(ref q0, d + stride);
            a10 = Vector512.FusedMultiplyAdd(q, x0, a10); a11 = Vector512.FusedMultiplyAdd(q, x1, a11);
            a12 = Vector512.FusedMultiplyAdd(q, x2, a12); a13 = Vector512.FusedMultiplyAdd(q, x3, a13);
            q = Vector512.LoadUnsafe(ref q0, d + (2 * stride));
            a20 = Vector512.FusedMultiplyAdd(q, x0, a20); a21 = Vector512.FusedMultiplyAdd(q, x1, a21);
            a22 = Vector512.FusedMultiplyAdd(q, x2, a22); a23 = Vector512.FusedMultiplyAdd(q, x3, a23);
            q = Vector512.LoadUnsafe(ref q0, d + (3 * stride));
            a30 = Vector512.FusedMultiplyAdd(q, x0, a30); a31 = Vector512.FusedMultiplyAdd(q, x1, a31);
            a32 = Vector512.FusedMultiplyAdd(q, x2, a32); a33 = Vector512.FusedMultiplyAdd(q, x3, a33);
        }

        scores[0] = Vector512.Sum(a00); scores[1] = Vector512.Sum(a01); scores[2] = Vector512.Sum(a02); scores[3] = Vector512.Sum(a03);
        scores[4] = Vector512.Sum(a10); scores[5] = Vector512.Sum(a11); scores[6] = Vector512.Sum(a12); scores[7] = Vector512.Sum(a13);
        scores[8] = Vector512.Sum(a20); scores[9] = Vector512.Sum(a21); scores[10] = Vector512.Sum(a22); scores[11] = Vector512.Sum(a23);
        scores[12] = Vector512.Sum(a30); scores[13] = Vector512.Sum(a31); scores[14] = Vector512.Sum(a32); scores[15] = Vector512.Sum(a33);

        // Dimensions that are not a multiple of 16 finish one component at a time.
        for (; d < (nuint)dimensions; d++)
        {
            for (nuint qi = 0; qi < Size; qi++)
            {
                var qv = Unsafe.Add(ref q0, (qi * stride) + d);
                for (nuint ri = 0; ri < Size; ri++)
                {
                    scores[(int)((qi * Size) + ri)] += qv * Unsafe.Add(ref r0, (ri * stride) + d);
                }
            }
        }
    }
}
