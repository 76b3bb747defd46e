using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    string IndexKind)
{
    /// <summary>
    /// Who may reuse the collection (docs/adr/0006, "Collection reuse"): <c>team:&lt;id&gt;</c> for a
    /// private dataset's, <c>shared</c> for a shared dataset's (<see cref="CollectionReuse"/>). Part of
    /// the fingerprint, so one team never finds another's collection of a private dataset. Null only
    /// for specifications written before teams (their canonical JSON has no <c>reuse</c> key).
    /// </summary>
    public string? Reuse { get; init; }

    /// <summary>Reads back <see cref="CollectionFingerprint.CanonicalJson"/> (what a collection row stores).</summary>
    public static CollectionSpecification FromCanonicalJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var chunking = root.GetProperty("chunking");
        var strategy = Enum.Parse<ChunkingStrategy>(chunking.GetProperty("strategy").GetString()!, ignoreCase: true);
        var settings = strategy == ChunkingStrategy.None
            ? new ChunkingSettings()
            : new ChunkingSettings(strategy, chunking.GetProperty("size").GetInt32(), chunking.GetProperty("overlap").GetInt32());
        static string? Optional(JsonElement root, string name) => root.GetProperty(name).GetString() is { Length: > 0 } value ? value : null;
        return new CollectionSpecification(
            root.GetProperty("dataset").GetString()!,
            settings,
            root.GetProperty("provider").GetString()!,
            Optional(root, "model"),
            root.GetProperty("model_revision").GetString()!,
            root.GetProperty("dimensions").GetInt32(),
            root.GetProperty("normalized").GetBoolean(),
            Optional(root, "document_prefix"),
            root.GetProperty("index_kind").GetString()!)
        {
            Reuse = root.TryGetProperty("reuse", out var reuse) ? reuse.GetString() : null,
        };
    }
}

/// <summary>The reuse scope of a collection: within its team, or across teams for a shared dataset.</summary>
public static class CollectionReuse
{
    public const string Shared = "shared";

    public static string ScopeOf(Guid teamId, bool datasetShared) =>
        datasetShared ? Shared : "team:" + teamId.ToString("D", CultureInfo.InvariantCulture);
}

/// <summary>
/// SHA-256 (lower-case hex) over the canonical JSON of a <see cref="CollectionSpecification"/>.
/// Canonical: object keys sorted by ordinal, no whitespace, numbers in their shortest round-trip
/// invariant form (1024, 1024.0 and 1.024e3 are one number), strings as JSON escapes them. So key
/// order, whitespace and number formatting cannot change a fingerprint; any value can.
/// </summary>
public static class CollectionFingerprint
{
    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    public static string Compute(CollectionSpecification specification) => Hash(CanonicalJson(specification));

    /// <summary>The fingerprint of a specification given as any JSON object (e.g. stored with a collection).</summary>
    public static string FromJson(string json) => Hash(Canonicalize(json));

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

    /// <summary>The exact text hashed, for diagnostics and docs ("why did this not reuse?").</summary>
    public static string CanonicalJson(CollectionSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var chunking = new JsonObject { ["strategy"] = specification.Chunking.Strategy.ToString().ToLowerInvariant() };
        if (specification.Chunking.Strategy != ChunkingStrategy.None)
        {
            chunking["size"] = specification.Chunking.Size;
            chunking["overlap"] = specification.Chunking.Overlap;
        }

        var document = new JsonObject
        {
            ["dataset"] = specification.DatasetContentHash,
            ["chunking"] = chunking,
            ["provider"] = specification.Provider,
            ["model"] = specification.Model ?? "",
            ["model_revision"] = specification.ModelRevision,
            ["dimensions"] = specification.Dimensions,
            ["normalized"] = specification.Normalized,
            ["document_prefix"] = specification.DocumentPrefix ?? "",
            ["index_kind"] = specification.IndexKind,
        };

        // Added only when set, so the keys above hash as they always have.
        if (specification.Reuse is { } reuse)
        {
            document["reuse"] = reuse;
        }

        return Canonicalize(document.ToJsonString());
    }

    /// <summary>Rewrites any JSON text in canonical form.</summary>
    public static string Canonicalize(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, parsed.RootElement);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string Hash(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));
}
