using System.Numerics.Tensors;

namespace AbStudio.Domain.Embeddings.UseLite;

/// <summary>
/// One pre-LayerNorm transformer layer of the USE-Lite graph: x + Attention(LN(x)), then + FFN(LN(·)).
/// When the layer widens its input (layer 0: 256 → 512), the residual is a dense projection of x.
/// </summary>
internal sealed class TransformerLayer(
    LayerNorm attentionNorm,
    DenseLayer queryKeyValue,
    int heads,
    float queryScale,
    DenseLayer attentionOutput,
    DenseLayer? residualProjection,
    LayerNorm feedForwardNorm,
    DenseLayer feedForwardIn,
    DenseLayer feedForwardOut)
{
    public int Width => attentionOutput.Outputs;

    /// <summary>Maps rows × input width to rows × <see cref="Width"/>.</summary>
    public float[] Apply(float[] x, TokenRows rows)
    {
        var total = rows.Total;
        var inputWidth = queryKeyValue.Inputs;
        var normed = new float[total * inputWidth];
        attentionNorm.Apply(x, total, normed);
        var qkv = new float[total * queryKeyValue.Outputs];
        queryKeyValue.Apply(normed, total, qkv);
        var context = new float[total * inputWidth];
        Attend(qkv, rows, inputWidth, context);

        var attended = new float[total * Width];
        attentionOutput.Apply(context, total, attended);
        if (residualProjection is null)
        {
            TensorPrimitives.Add(attended, x, attended);
        }
        else
        {
            var residual = new float[total * Width];
            residualProjection.Apply(x, total, residual);
            TensorPrimitives.Add(attended, residual, attended);
        }

        var normedAgain = new float[total * Width];
        feedForwardNorm.Apply(attended, total, normedAgain);
        var hidden = new float[total * feedForwardIn.Outputs];
        feedForwardIn.Apply(normedAgain, total, hidden);
        TensorPrimitives.Max(hidden, 0f, hidden);
        var output = new float[total * Width];
        feedForwardOut.Apply(hidden, total, output);
        TensorPrimitives.Add(output, attended, output);
        return output;
    }

    // Scaled dot-product attention per text and head; a text only attends to its own tokens, which
    // is what the graph's −1e9 padding bias amounts to (exp underflows to exactly 0 in float32).
    private void Attend(float[] qkv, TokenRows rows, int width, float[] context)
    {
        var headWidth = width / heads;
        var stride = 3 * width;
        Parallel.For(0, rows.Count * heads, job =>
        {
            var text = job / heads;
            var head = job % heads;
            var first = rows.Offsets[text];
            var length = rows.Lengths[text];
            var query = new float[headWidth];
            var weights = new float[length];
            for (var i = 0; i < length; i++)
            {
                TensorPrimitives.Multiply(qkv.AsSpan(((first + i) * stride) + (head * headWidth), headWidth), queryScale, query);
                for (var j = 0; j < length; j++)
                {
                    weights[j] = TensorPrimitives.Dot(query, qkv.AsSpan(((first + j) * stride) + width + (head * headWidth), headWidth));
                }

                var max = TensorPrimitives.Max<float>(weights);
                TensorPrimitives.Subtract(weights, max, weights);
                TensorPrimitives.Exp(weights, weights);
                TensorPrimitives.Divide(weights, TensorPrimitives.Sum<float>(weights), weights);

                var target = context.AsSpan(((first + i) * width) + (head * headWidth), headWidth);
                target.Clear();
                for (var j = 0; j < length; j++)
                {
                    var value = qkv.AsSpan(((first + j) * stride) + (2 * width) + (head * headWidth), headWidth);
                    TensorPrimitives.MultiplyAdd(value, weights[j], target, target);
                }
            }
        });
    }
}
