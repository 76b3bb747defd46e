using System.Numerics.Tensors;

namespace AbStudio.Domain.Embeddings.UseLite;

/// <summary>Layer normalisation per row, in the graph's order: scale·rsqrt(var + ε)·(x − mean) + bias.</summary>
internal sealed class LayerNorm(float[] scale, float[] bias)
{
    // The graph's layer_norm/Cast/x constant.
    private const float Epsilon = 1e-6f;

    public int Width => scale.Length;

    public void Apply(float[] input, int rows, float[] output)
    {
        var width = Width;
        var factor = new float[width];
        for (var row = 0; row < rows; row++)
        {
            var x = input.AsSpan(row * width, width);
            var y = output.AsSpan(row * width, width);
            var mean = TensorPrimitives.Sum<float>(x) / width;
            TensorPrimitives.Subtract(x, mean, y);
            var variance = TensorPrimitives.SumOfSquares<float>(y) / width;
            TensorPrimitives.Multiply(scale, 1f / MathF.Sqrt(variance + Epsilon), factor);
            TensorPrimitives.FusedMultiplyAdd(factor, y, bias, y);
        }
    }
}
