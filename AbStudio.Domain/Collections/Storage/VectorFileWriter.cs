using System.Runtime.InteropServices;

namespace AbStudio.Domain.Collections.Storage;

/// <summary>
/// Appends batches of vectors to a collection's partial file. Each batch is flushed to disk before
/// <see cref="AppendBatch"/> returns, so a recorded checkpoint (rows stored) always matches the file;
/// a build that resumes opens the partial file again and truncates anything past the checkpoint.
/// </summary>
public sealed class VectorFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _directory;

    private VectorFileWriter(string directory, FileStream stream, int dimensions, long rows)
    {
        _directory = directory;
        _stream = stream;
        Dimensions = dimensions;
        Rows = rows;
    }

    public int Dimensions { get; }

    /// <summary>Rows durably stored so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Starts a new partial file, or continues one at <paramref name="checkpointRows"/> rows.</summary>
    public static VectorFileWriter Open(string directory, int dimensions, long checkpointRows = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointRows);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, VectorFileFormat.PartialFileName);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (checkpointRows > 0)
            {
                Span<byte> header = stackalloc byte[VectorFileFormat.HeaderSize];
                stream.ReadExactly(header);
                var (existingDimensions, existingRows) = VectorFileFormat.ReadHeader(header, path);
                if (existingDimensions != dimensions || existingRows < checkpointRows)
                {
                    throw new InvalidDataException(
                        $"{path} holds {existingRows} rows of {existingDimensions} dimensions; cannot resume at {checkpointRows} rows of {dimensions}. Rebuild the collection.");
                }
            }

            // Anything past the checkpoint was written by a batch that was never recorded: drop it.
            stream.SetLength(VectorFileFormat.HeaderSize + (checkpointRows * dimensions * sizeof(float)));
            var writer = new VectorFileWriter(directory, stream, dimensions, checkpointRows);
            writer.WriteHeader();
            return writer;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends <paramref name="vectors"/> (row-major, a whole number of rows) and flushes them to disk.</summary>
    public void AppendBatch(ReadOnlySpan<float> vectors)
    {
        if (vectors.Length % Dimensions != 0)
        {
            throw new ArgumentException($"A batch must hold whole rows of {Dimensions} floats; got {vectors.Length}.", nameof(vectors));
        }

        _stream.Seek(0, SeekOrigin.End);
        _stream.Write(MemoryMarshal.AsBytes(vectors));
        Rows += vectors.Length / Dimensions;
        WriteHeader();
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Closes the partial file and renames it to the final name: readers only ever see complete files.</summary>
    public string Complete()
    {
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        var final = Path.Combine(_directory, VectorFileFormat.FileName);
        File.Move(Path.Combine(_directory, VectorFileFormat.PartialFileName), final, overwrite: true);
        return final;
    }

    public void Dispose() => _stream.Dispose();

    private void WriteHeader()
    {
        Span<byte> header = stackalloc byte[VectorFileFormat.HeaderSize];
        VectorFileFormat.WriteHeader(header, Dimensions, Rows);
        _stream.Seek(0, SeekOrigin.Begin);
        _stream.Write(header);
    }
}
