using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AbStudio.Domain.Chunking;

namespace AbStudio.Domain.Collections;

/// <summary>
/// Everything that shapes a collection's vectors. Two arms with equal specifications share one
/// collection; any field that changes a vector changes the fingerprint.
/// </summary>
public sealed record CollectionSpecification(
    string DatasetContentHash,
    ChunkingSettings Chunking,
    string Provider,
    string? Model,
    string ModelRevision,
    int Dimensions,
    bool Normalized,
    string? DocumentPrefix,
    string IndexKind);

/// <summary>
/// SHA-256 (lower-case hex) over the canonical JSON of a <see cref="CollectionSpecification"/>:
/// keys sorted by ordinal, no whitespace, numbers in invariant culture, strings as JSON escapes
/// them. Key order, whitespace and number formatting of a definition therefore cannot change it.
/// </summary>
public static class CollectionFingerprint
{
    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    public static string Compute(CollectionSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        return Hash(CanonicalJson(specification));
    }

    /// <summary>
    /// Rejects anything but 64 lower-case hex digits: stores build folder and table names from a
    /// fingerprint, so nothing else may reach them.
    /// </summary>
    public static void ThrowIfInvalid(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (fingerprint.Length != 64 || fingerprint.AsSpan().ContainsAnyExcept(LowerHexDigits))
        {
            throw new ArgumentException($"'{fingerprint}' is not a collection fingerprint (64 lower-case hex digits).", nameof(fingerprint));
        }
    }

    /// <summary>The exact bytes hashed, for diagnostics and docs ("why did this not reuse?").</summary>
    public static string CanonicalJson(CollectionSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var chunking = specification.Chunking.Strategy == ChunkingStrategy.None
            ? new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["strategy"] = "none" }
            : new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["overlap"] = specification.Chunking.Overlap,
                ["size"] = specification.Chunking.Size,
                ["strategy"] = specification.Chunking.Strategy.ToString().ToLowerInvariant(),
            };
        var fields = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["chunking"] = chunking,
            ["dataset"] = specification.DatasetContentHash,
            ["dimensions"] = specification.Dimensions,
            ["document_prefix"] = specification.DocumentPrefix ?? "",
            ["index_kind"] = specification.IndexKind,
            ["model"] = specification.Model ?? "",
            ["model_revision"] = specification.ModelRevision,
            ["normalized"] = specification.Normalized,
            ["provider"] = specification.Provider,
        };

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            Write(writer, fields);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case SortedDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case int number:
                writer.WriteRawValue(number.ToString(CultureInfo.InvariantCulture));
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            default:
                throw new ArgumentException($"Unexpected value {value} in a collection specification.", nameof(value));
        }
    }

    private static string Hash(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));
}
