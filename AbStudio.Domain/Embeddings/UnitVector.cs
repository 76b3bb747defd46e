using System.Numerics.Tensors;

namespace AbStudio.Domain.Embeddings;

/// <summary>L2 normalisation shared by every provider.</summary>
public static class UnitVector
{
    /// <summary>Scales <paramref name="vector"/> to length 1; returns false (leaving it unchanged) when it is all zeros.</summary>
    public static bool Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm == 0f)
        {
            return false;
        }

        TensorPrimitives.Divide(vector, norm, vector);
        return true;
    }
}
