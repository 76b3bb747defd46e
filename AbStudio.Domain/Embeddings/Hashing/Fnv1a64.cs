using System.Text;

namespace AbStudio.Domain.Embeddings.Hashing;

/// <summary>
/// 64-bit FNV-1a over UTF-8 bytes: fixed, documented and the same on every platform and run, unlike
/// string.GetHashCode, which is randomised per process.
/// </summary>
public static class Fnv1a64
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = OffsetBasis;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    public static ulong Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        return Hash(buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
    }
}
