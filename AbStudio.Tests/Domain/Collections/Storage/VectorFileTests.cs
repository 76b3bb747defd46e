using AbStudio.Domain.Collections.Storage;

namespace AbStudio.Tests.Domain.Collections.Storage;

public sealed class VectorFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-vectors-").FullName;

    [Fact]
    public void Complete_TwoBatches_ReadsBackEveryRowInOrder()
    {
        using (var writer = VectorFileWriter.Open(_directory, dimensions: 3))
        {
            writer.AppendBatch([1, 2, 3, 4, 5, 6]);
            writer.AppendBatch([7, 8, 9]);
            writer.Complete();
        }

        using var file = VectorFile.Open(Path.Combine(_directory, VectorFileFormat.FileName));
        Assert.Equal(3, file.Dimensions);
        Assert.Equal(3, file.Rows);
        Assert.Equal([4f, 5f, 6f], file.Row(1).ToArray());
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (float)i), file.Matrix.ToArray());
    }

    [Fact]
    public void Open_BeforeComplete_OnlyThePartialFileExists()
    {
        using var writer = VectorFileWriter.Open(_directory, dimensions: 2);
        writer.AppendBatch([1, 2]);

        Assert.True(File.Exists(Path.Combine(_directory, VectorFileFormat.PartialFileName)));
        var error = Assert.Throws<FileNotFoundException>(() => VectorFile.Open(Path.Combine(_directory, VectorFileFormat.FileName)));
        Assert.Contains("the collection is not built", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ResumeAtCheckpoint_DropsRowsWrittenAfterItAndContinues()
    {
        using (var interrupted = VectorFileWriter.Open(_directory, dimensions: 2))
        {
            interrupted.AppendBatch([1, 1]);
            interrupted.AppendBatch([2, 2]); // written, but the crash came before its checkpoint was recorded
        }

        using (var resumed = VectorFileWriter.Open(_directory, dimensions: 2, checkpointRows: 1))
        {
            Assert.Equal(1, resumed.Rows);
            resumed.AppendBatch([3, 3]);
            resumed.Complete();
        }

        using var file = VectorFile.Open(Path.Combine(_directory, VectorFileFormat.FileName));
        Assert.Equal([1f, 1f, 3f, 3f], file.Matrix.ToArray());
    }

    [Fact]
    public void Open_ResumeWithOtherDimensions_FailsSayingToRebuild()
    {
        using (var writer = VectorFileWriter.Open(_directory, dimensions: 2))
        {
            writer.AppendBatch([1, 1]);
        }

        var error = Assert.Throws<InvalidDataException>(() => VectorFileWriter.Open(_directory, dimensions: 4, checkpointRows: 1));
        Assert.Contains("cannot resume at 1 rows of 4. Rebuild the collection.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NotAVectorFile_FailsWithAClearMessage()
    {
        var path = Path.Combine(_directory, VectorFileFormat.FileName);
        File.WriteAllText(path, "this is not a vector file at all, just some text");

        var error = Assert.Throws<InvalidDataException>(() => VectorFile.Open(path));
        Assert.Contains("is not an AbStudio vector file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendBatch_PartialRow_IsRejected()
    {
        using var writer = VectorFileWriter.Open(_directory, dimensions: 3);

        Assert.Throws<ArgumentException>(() => writer.AppendBatch([1, 2]));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
