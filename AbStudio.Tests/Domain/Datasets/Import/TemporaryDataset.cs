namespace AbStudio.Tests.Domain.Datasets.Import;

/// <summary>A temporary dataset folder written from (relative path → content) pairs; deleted on dispose.</summary>
internal sealed class TemporaryDataset : IDisposable
{
    public TemporaryDataset()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "abstudio-tests", "datasets", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public TemporaryDataset With(string relativePath, string content) =>
        With(relativePath, System.Text.Encoding.UTF8.GetBytes(content));

    public TemporaryDataset With(string relativePath, byte[] content)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, content);
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
