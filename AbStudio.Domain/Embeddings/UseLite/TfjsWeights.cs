using System.Runtime.InteropServices;
using System.Text.Json;

namespace AbStudio.Domain.Embeddings.UseLite;

/// <summary>
/// The weights of a TF.js graph model: model.json's weightsManifest names each tensor, its shape and
/// dtype; the tensors lie back to back, in manifest order, across the group shard files.
/// </summary>
internal sealed class TfjsWeights
{
    private readonly Dictionary<string, (int[] Shape, float[] Values)> _tensors;

    private TfjsWeights(Dictionary<string, (int[] Shape, float[] Values)> tensors) => _tensors = tensors;

    /// <param name="file">Resolves a file name of the model folder to its path (and fails clearly when missing).</param>
    public static TfjsWeights Load(Func<string, string> file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file("model.json")));
        var tensors = new Dictionary<string, (int[], float[])>(StringComparer.Ordinal);
        foreach (var group in document.RootElement.GetProperty("weightsManifest").EnumerateArray())
        {
            var bytes = ReadShards(group.GetProperty("paths"), file);
            var offset = 0;
            foreach (var weight in group.GetProperty("weights").EnumerateArray())
            {
                var name = weight.GetProperty("name").GetString()!;
                var shape = weight.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                var dtype = weight.GetProperty("dtype").GetString();
                if (weight.TryGetProperty("quantization", out _) || dtype is not ("float32" or "int32"))
                {
                    throw new InvalidDataException($"model.json: tensor {name} is {dtype} or quantized; only plain float32/int32 is supported.");
                }

                var count = 1;
                foreach (var dimension in shape)
                {
                    count *= dimension;
                }

                var slice = bytes.AsSpan(offset, count * 4);
                var values = dtype == "float32"
                    ? MemoryMarshal.Cast<byte, float>(slice).ToArray()
                    : Array.ConvertAll(MemoryMarshal.Cast<byte, int>(slice).ToArray(), v => (float)v);
                tensors[name] = (shape, values);
                offset += count * 4;
            }

            if (offset != bytes.Length)
            {
                throw new InvalidDataException($"model.json describes {offset} bytes of weights but the shards hold {bytes.Length}.");
            }
        }

        return new TfjsWeights(tensors);
    }

    /// <summary>The tensor's values, after checking that its element count matches the expected shape.</summary>
    public float[] Tensor(string name, params int[] expectedShape)
    {
        ArgumentNullException.ThrowIfNull(expectedShape);
        if (!_tensors.TryGetValue(name, out var tensor))
        {
            throw new InvalidDataException($"model.json has no tensor {name}: not the USE-Lite graph this code reads.");
        }

        var expected = 1;
        foreach (var dimension in expectedShape)
        {
            expected *= dimension;
        }

        if (tensor.Values.Length != expected)
        {
            throw new InvalidDataException(
                $"Tensor {name} has shape [{string.Join(',', tensor.Shape)}], expected [{string.Join(',', expectedShape)}].");
        }

        return tensor.Values;
    }

    private static byte[] ReadShards(JsonElement paths, Func<string, string> file)
    {
        using var all = new MemoryStream();
        foreach (var path in paths.EnumerateArray())
        {
            using var shard = File.OpenRead(file(path.GetString()!));
            shard.CopyTo(all);
        }

        return all.ToArray();
    }
}
