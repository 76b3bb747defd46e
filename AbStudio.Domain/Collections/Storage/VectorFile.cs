using System.IO.MemoryMappedFiles;

namespace AbStudio.Domain.Collections.Storage;

/// <summary>
/// A completed vector file, memory-mapped read-only: searches read rows straight from the page
/// cache, nothing is copied onto the managed heap, and several searches can share one mapping.
/// </summary>
public sealed unsafe class VectorFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;

    private VectorFile(MemoryMappedFile file, MemoryMappedViewAccessor view, int dimensions, int rows)
    {
        _file = file;
        _view = view;
        Dimensions = dimensions;
        Rows = rows;
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + view.PointerOffset;
    }

    public int Dimensions { get; }

    public int Rows { get; }

    /// <summary>All rows as one row-major span of <see cref="Rows"/> × <see cref="Dimensions"/> floats.</summary>
    public ReadOnlySpan<float> Matrix => new(_base + VectorFileFormat.HeaderSize, checked(Rows * Dimensions));

    public ReadOnlySpan<float> Row(int index) => Matrix.Slice(index * Dimensions, Dimensions);

    public static VectorFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Vector file {path} is missing: the collection is not built (or was cleaned up). Build it again.", path);
        }

        var header = new byte[VectorFileFormat.HeaderSize];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadExactly(header);
        }

        var (dimensions, rows) = VectorFileFormat.ReadHeader(header, path);
        var expectedLength = VectorFileFormat.HeaderSize + (rows * dimensions * sizeof(float));
        if (new FileInfo(path).Length != expectedLength)
        {
            throw new InvalidDataException($"{path} should be {expectedLength} bytes for {rows} rows of {dimensions} dimensions. Rebuild the collection.");
        }

        if (rows * (long)dimensions > int.MaxValue)
        {
            throw new NotSupportedException($"{path} holds {rows} × {dimensions} floats, more than one mapping addresses; split the corpus.");
        }

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, expectedLength, MemoryMappedFileAccess.Read);
        return new VectorFile(file, view, dimensions, (int)rows);
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
