using System.Numerics.Tensors;

namespace AbStudio.Domain.Embeddings.UseLite;

/// <summary>
/// The forward pass of Universal Sentence Encoder Lite, as its TF.js graph (model.json) computes it:
/// input = embedding + (embedding + timing signal) (the graph adds the looked-up embedding twice),
/// two pre-LayerNorm transformer layers, mean over the text's tokens, dense 512→512 with tanh, L2.
/// </summary>
internal sealed class UseLiteEncoder
{
    /// <summary>The graph's ClipToMaxLength: tokens past the 128th are dropped.</summary>
    public const int MaxTokens = 128;

    public const int Dimensions = 512;

    private const int EmbeddingWidth = 256;
    private const int TimingChannels = 128;
    private const string Encode = "module_apply_default/Encoder_en/KonaTransformer/Encode/";
    private const string Stack = Encode + "TransformerStack/";

    private readonly float[] _tokenEmbeddings;
    private readonly float[] _inverseTimescales;
    private readonly TransformerLayer[] _layers;
    private readonly DenseLayer _tanhLayer;

    public UseLiteEncoder(TfjsWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _tokenEmbeddings = weights.Tensor("module/Embeddings_en", 8002, EmbeddingWidth);
        _inverseTimescales = weights.Tensor(Stack + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", 1, TimingChannels);
        _layers = [Layer(weights, 0, EmbeddingWidth, widened: true), Layer(weights, 1, Dimensions, widened: false)];
        _tanhLayer = new DenseLayer(
            weights.Tensor("module/Encoder_en/hidden_layers/tanh_layer_0/weights", Dimensions, Dimensions),
            weights.Tensor("module/Encoder_en/hidden_layers/tanh_layer_0/bias", Dimensions),
            Dimensions,
            Dimensions);
    }

    public int VocabularySize => _tokenEmbeddings.Length / EmbeddingWidth;

    /// <summary>Writes one unit vector per token list into <paramref name="vectors"/> (count × 512).</summary>
    public void Embed(IReadOnlyList<int[]> tokenIds, Span<float> vectors)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        var rows = new TokenRows(tokenIds, MaxTokens);
        var x = Input(tokenIds, rows);
        foreach (var layer in _layers)
        {
            x = layer.Apply(x, rows);
        }

        // Mean over each text's tokens (the graph divides by max(length, 1)).
        var pooled = new float[rows.Count * Dimensions];
        for (var text = 0; text < rows.Count; text++)
        {
            var sum = pooled.AsSpan(text * Dimensions, Dimensions);
            for (var token = 0; token < rows.Lengths[text]; token++)
            {
                TensorPrimitives.Add(sum, x.AsSpan((rows.Offsets[text] + token) * Dimensions, Dimensions), sum);
            }

            TensorPrimitives.Divide(sum, Math.Max(rows.Lengths[text], 1), sum);
        }

        var hidden = new float[rows.Count * Dimensions];
        _tanhLayer.Apply(pooled, rows.Count, hidden);
        TensorPrimitives.Tanh(hidden, hidden);
        for (var text = 0; text < rows.Count; text++)
        {
            var vector = vectors.Slice(text * Dimensions, Dimensions);
            hidden.AsSpan(text * Dimensions, Dimensions).CopyTo(vector);
            // l2_normalize: x · rsqrt(max(Σx², 1e-12)).
            TensorPrimitives.Multiply(vector, 1f / MathF.Sqrt(Math.Max(TensorPrimitives.SumOfSquares<float>(vector), 1e-12f)), vector);
        }
    }

    private float[] Input(IReadOnlyList<int[]> tokenIds, TokenRows rows)
    {
        var x = new float[rows.Total * EmbeddingWidth];
        var timing = new float[EmbeddingWidth];
        for (var text = 0; text < rows.Count; text++)
        {
            for (var position = 0; position < rows.Lengths[text]; position++)
            {
                var id = tokenIds[text][position];
                if ((uint)id >= (uint)VocabularySize)
                {
                    throw new ArgumentOutOfRangeException(nameof(tokenIds), $"Token id {id} is outside the vocabulary.");
                }

                for (var channel = 0; channel < TimingChannels; channel++)
                {
                    var angle = position * _inverseTimescales[channel];
                    timing[channel] = (float)Math.Sin(angle);
                    timing[TimingChannels + channel] = (float)Math.Cos(angle);
                }

                // Scatter(embedding) + (Gather(Scatter(embedding)) + timing), in that order.
                var embedding = _tokenEmbeddings.AsSpan(id * EmbeddingWidth, EmbeddingWidth);
                var row = x.AsSpan((rows.Offsets[text] + position) * EmbeddingWidth, EmbeddingWidth);
                TensorPrimitives.Add(embedding, timing, row);
                TensorPrimitives.Add(embedding, row, row);
            }
        }

        return x;
    }

    private static TransformerLayer Layer(TfjsWeights weights, int index, int inputWidth, bool widened)
    {
        var scoped = $"{Encode}Layer_{index}/TransformerLayer/";
        var stacked = $"{Stack}Layer_{index}/TransformerLayer/";
        var kernel = $"module/Encoder_en/KonaTransformer/Encode/Layer_{index}/TransformerLayer/MultiheadAttention/";
        const int heads = 4;
        return new TransformerLayer(
            new LayerNorm(
                weights.Tensor(scoped + "layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", inputWidth),
                weights.Tensor(scoped + "layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", inputWidth)),
            new DenseLayer(
                weights.Tensor(kernel + "qkv_transform_single/kernel/part_0", 1, 1, inputWidth, 3 * inputWidth),
                weights.Tensor(scoped + "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3 * inputWidth),
                inputWidth,
                3 * inputWidth),
            heads,
            weights.Tensor(stacked + "MultiheadAttention/mul/y")[0],
            new DenseLayer(
                weights.Tensor(kernel + "output_transform_single/kernel/part_0", 1, 1, inputWidth, Dimensions),
                weights.Tensor(scoped + "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", Dimensions),
                inputWidth,
                Dimensions),
            widened
                ? new DenseLayer(
                    weights.Tensor(scoped + "dense/kernel/ConcatPartitions/concat", inputWidth, Dimensions),
                    weights.Tensor(scoped + "dense/bias/ConcatPartitions/concat", Dimensions),
                    inputWidth,
                    Dimensions)
                : null,
            new LayerNorm(
                weights.Tensor(scoped + "FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", Dimensions),
                weights.Tensor(scoped + "FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", Dimensions)),
            new DenseLayer(
                weights.Tensor(stacked + "FFN/conv1/Tensordot/Reshape_1", Dimensions, 1536),
                weights.Tensor(scoped + "FFN/conv1/bias/ConcatPartitions/concat", 1536),
                Dimensions,
                1536),
            new DenseLayer(
                weights.Tensor(stacked + "FFN/conv2/Tensordot/Reshape_1", 1536, Dimensions),
                weights.Tensor(scoped + "FFN/conv2/bias/ConcatPartitions/concat", Dimensions),
                1536,
                Dimensions));
    }
}
