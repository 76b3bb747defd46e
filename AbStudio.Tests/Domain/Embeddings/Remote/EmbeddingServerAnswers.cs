using System.Globalization;
using System.Text.Json;

namespace AbStudio.Tests.Domain.Embeddings.Remote;

/// <summary>
/// What the local test servers answer: a vector per input that encodes the input's number, so order
/// can be checked after normalisation (number = v[0] / v[1]).
/// </summary>
internal static class EmbeddingServerAnswers
{
    public static string[] Inputs(string requestBody)
    {
        using var request = JsonDocument.Parse(requestBody);
        return [.. request.RootElement.GetProperty("input").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>The OpenAI /v1/embeddings answer to a request, items deliberately in reverse order (the index decides).</summary>
    public static object OpenAI(string requestBody, int dimensions = 3, string model = "text-embedding-test", string? fingerprint = null)
    {
        var inputs = Inputs(requestBody);
        var data = inputs.Select((text, index) => new { @object = "embedding", index, embedding = VectorFor(text, dimensions) }).Reverse().ToArray();
        return fingerprint is null
            ? new { @object = "list", data, model }
            : new { @object = "list", data, model, system_fingerprint = fingerprint };
    }

    /// <summary>The Ollama /api/embed answer to a request.</summary>
    public static object Ollama(string requestBody, int dimensions = 3)
    {
        using var request = JsonDocument.Parse(requestBody);
        var model = request.RootElement.GetProperty("model").GetString();
        return new { model, embeddings = Inputs(requestBody).Select(text => VectorFor(text, dimensions)).ToArray() };
    }

    /// <summary>[n, 1, 0, …] where n is the number the text ends with (0 if none): not unit length, on purpose.</summary>
    public static float[] VectorFor(string text, int dimensions)
    {
        var digits = text.Length - text.AsSpan().TrimEnd("0123456789").Length;
        var vector = new float[dimensions];
        vector[0] = digits == 0 ? 0 : float.Parse(text.AsSpan(text.Length - digits), CultureInfo.InvariantCulture);
        vector[1] = 1;
        return vector;
    }

    /// <summary>The number <see cref="VectorFor"/> encoded, read back from a normalised vector.</summary>
    public static int NumberIn(ReadOnlyMemory<float> vector) => (int)MathF.Round(vector.Span[0] / vector.Span[1]);
}
