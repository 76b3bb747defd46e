using System.Buffers.Binary;

namespace AbStudio.Domain.Collections.Storage;

/// <summary>
/// The embedded vector file: a 32-byte header, then float32 rows, row-major, little-endian.
/// Header: magic "ABSVEC01" (8 bytes), dimensions (int32), row count (int64), 12 reserved bytes.
/// One file per collection; a build writes <c>vectors.f32.partial</c> and renames it when complete.
/// </summary>
public static class VectorFileFormat
{
    public const int HeaderSize = 32;
    public const string FileName = "vectors.f32";
    public const string PartialFileName = "vectors.f32.partial";

    private static ReadOnlySpan<byte> Magic => "ABSVEC01"u8;

    public static void WriteHeader(Span<byte> header, int dimensions, long rows)
    {
        header[..HeaderSize].Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], dimensions);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], rows);
    }

    public static (int Dimensions, long Rows) ReadHeader(ReadOnlySpan<byte> header, string path)
    {
        if (header.Length < HeaderSize || !header[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not an AbStudio vector file (bad header). Delete the collection and build it again.");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var rows = BinaryPrimitives.ReadInt64LittleEndian(header[12..]);
        if (dimensions <= 0 || rows < 0)
        {
            throw new InvalidDataException($"{path} has an invalid header ({dimensions} dimensions, {rows} rows).");
        }

        return (dimensions, rows);
    }

    /// <summary>
    /// Dimensions and whole rows stored in the vector file at <paramref name="path"/>, or null when
    /// there is none yet. A crash mid-batch can leave the header ahead of the data (or a torn last
    /// row), so only rows the file really holds count.
    /// </summary>
    public static (int Dimensions, long Rows)? ReadRowsStored(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        using var stream = File.OpenRead(path);
        if (stream.Length < HeaderSize)
        {
            return null;
        }

        stream.ReadExactly(header);
        var (dimensions, rows) = ReadHeader(header, path);
        var whole = (stream.Length - HeaderSize) / (dimensions * sizeof(float));
        return (dimensions, Math.Min(rows, whole));
    }
}
