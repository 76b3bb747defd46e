using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// How a personal token is written: <c>abs_PREFIX_SECRET</c>, PREFIX 8 hex characters (public,
/// finds the row), SECRET 64 hex characters (256 random bits, only its SHA-256 is stored: docs/adr/0006).
/// </summary>
public static class ApiTokenFormat
{
    public const string Marker = "abs_";
    public const int PrefixLength = 8;
    public const int SecretBytes = 32;

    /// <summary>A new random prefix and secret.</summary>
    public static (string Prefix, byte[] Secret) NewToken() =>
        (Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2)), RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Write(string prefix, ReadOnlySpan<byte> secret) => $"{Marker}{prefix}_{Convert.ToHexStringLower(secret)}";

    /// <summary>Reads a presented token; false for anything that is not exactly the format (no partial matches).</summary>
    public static bool TryRead(string? token, [NotNullWhen(true)] out string? prefix, [NotNullWhen(true)] out byte[]? secret)
    {
        prefix = null;
        secret = null;
        const int length = 4 + PrefixLength + 1 + (SecretBytes * 2);
        if (token is null || token.Length != length || !token.StartsWith(Marker, StringComparison.Ordinal) || token[Marker.Length + PrefixLength] != '_')
        {
            return false;
        }

        var prefixPart = token.AsSpan(Marker.Length, PrefixLength);
        var secretPart = token.AsSpan(Marker.Length + PrefixLength + 1);
        if (!IsLowerHex(prefixPart) || !IsLowerHex(secretPart))
        {
            return false;
        }

        prefix = prefixPart.ToString();
        secret = Convert.FromHexString(secretPart);
        return true;
    }

    /// <summary>What is stored for a secret: its SHA-256 (one fast hash suffices for 256 random bits).</summary>
    public static byte[] Hash(ReadOnlySpan<byte> secret) => SHA256.HashData(secret);

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
