using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AbStudio.Domain.Embeddings.UseLite;

/// <summary>output = input · W + b over a block of rows: the matrix product that is almost all of the model's time.</summary>
/// <remarks>
/// A register-blocked kernel (4 rows × 16 columns held in 8 vector accumulators) over blocks of 32
/// rows: a 16-column strip of W stays in cache while the block's rows pass over it, and the blocks
/// run on all cores. TensorPrimitives' span-at-a-time calls re-read the output for every input
/// element and ran about three times slower here.
/// </remarks>
internal sealed class DenseLayer
{
    private const int RowsPerTask = 32;
    private const int StripWidth = 16;

    private readonly float[] _weights;
    private readonly float[] _bias;

    public DenseLayer(float[] weights, float[] bias, int inputs, int outputs)
    {
        if (weights.Length != inputs * outputs || bias.Length != outputs || outputs % StripWidth != 0)
        {
            throw new ArgumentException($"A dense layer needs {inputs}×{outputs} weights, {outputs} biases and outputs in multiples of {StripWidth}.");
        }

        _weights = weights;
        _bias = bias;
        Inputs = inputs;
        Outputs = outputs;
    }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>Fills rows × Outputs of <paramref name="output"/> from rows × Inputs of <paramref name="input"/>.</summary>
    public void Apply(float[] input, int rows, float[] output)
    {
        var tasks = (rows + RowsPerTask - 1) / RowsPerTask;
        if (tasks <= 1)
        {
            ApplyRows(input, output, 0, rows);
            return;
        }

        Parallel.For(0, tasks, task => ApplyRows(input, output, task * RowsPerTask, Math.Min(rows, (task + 1) * RowsPerTask)));
    }

    private void ApplyRows(float[] input, float[] output, int firstRow, int endRow)
    {
        for (var column = 0; column < Outputs; column += StripWidth)
        {
            var row = firstRow;
            for (; row + 4 <= endRow; row += 4)
            {
                FourRows(input, output, row, column);
            }

            for (; row < endRow; row++)
            {
                OneRow(input, output, row, column);
            }
        }
    }

    private void FourRows(float[] input, float[] output, int row, int column)
    {
        ref var w = ref MemoryMarshal.GetArrayDataReference(_weights);
        ref var x = ref MemoryMarshal.GetArrayDataReference(input);
        ref var b = ref MemoryMarshal.GetArrayDataReference(_bias);
        var n = (nuint)Outputs;
        var k = (nuint)Inputs;
        var col = (nuint)column;
        var x0 = (nuint)row * k;
        var x1 = x0 + k;
        var x2 = x1 + k;
        var x3 = x2 + k;

        var bias0 = Vector256.LoadUnsafe(ref b, col);
        var bias1 = Vector256.LoadUnsafe(ref b, col + 8);
        Vector256<float> c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
        for (nuint i = 0; i < k; i++)
        {
            var w0 = Vector256.LoadUnsafe(ref w, (i * n) + col);
            var w1 = Vector256.LoadUnsafe(ref w, (i * n) + col + 8);
            var a = Vector256.Create(Unsafe.Add(ref x, x0 + i));
            c00 = Vector256.FusedMultiplyAdd(a, w0, c00);
            c01 = Vector256.FusedMultiplyAdd(a, w1, c01);
            a = Vector256.Create(Unsafe.Add(ref x, x1 + i));
            c10 = Vector256.FusedMultiplyAdd(a, w0, c10);
            c11 = Vector256.FusedMultiplyAdd(a, w1, c11);
            a = Vector256.Create(Unsafe.Add(ref x, x2 + i));
            c20 = Vector256.FusedMultiplyAdd(a, w0, c20);
            c21 = Vector256.FusedMultiplyAdd(a, w1, c21);
            a = Vector256.Create(Unsafe.Add(ref x, x3 + i));
            c30 = Vector256.FusedMultiplyAdd(a, w0, c30);
            c31 = Vector256.FusedMultiplyAdd(a, w1, c31);
        }

        ref var y = ref MemoryMarshal.GetArrayDataReference(output);
        var y0 = ((nuint)row * n) + col;
        c00.StoreUnsafe(ref y, y0);
        c01.StoreUnsafe(ref y, y0 + 8);
        c10.StoreUnsafe(ref y, y0 + n);
        c11.StoreUnsafe(ref y, y0 + n + 8);
        c20.StoreUnsafe(ref y, y0 + (2 * n));
        c21.StoreUnsafe(ref y, y0 + (2 * n) + 8);
        c30.StoreUnsafe(ref y, y0 + (3 * n));
        c31.StoreUnsafe(ref y, y0 + (3 * n) + 8);
    }

    private void OneRow(float[] input, float[] output, int row, int column)
    {
        ref var w = ref MemoryMarshal.GetArrayDataReference(_weights);
        ref var x = ref MemoryMarshal.GetArrayDataReference(input);
        ref var b = ref MemoryMarshal.GetArrayDataReference(_bias);
        var n = (nuint)Outputs;
        var k = (nuint)Inputs;
        var col = (nuint)column;
        var x0 = (nuint)row * k;
        var c0 = Vector256.LoadUnsafe(ref b, col);
        var c1 = Vector256.LoadUnsafe(ref b, col + 8);
        for (nuint i = 0; i < k; i++)
        {
            var a = Vector256.Create(Unsafe.Add(ref x, x0 + i));
            c0 = Vector256.FusedMultiplyAdd(a, Vector256.LoadUnsafe(ref w, (i * n) + col), c0);
            c1 = Vector256.FusedMultiplyAdd(a, Vector256.LoadUnsafe(ref w, (i * n) + col + 8), c1);
        }

        ref var y = ref MemoryMarshal.GetArrayDataReference(output);
        c0.StoreUnsafe(ref y, ((nuint)row * n) + col);
        c1.StoreUnsafe(ref y, ((nuint)row * n) + col + 8);
    }
}
