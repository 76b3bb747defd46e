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
}
