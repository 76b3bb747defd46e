namespace AbStudio.Domain.Datasets.Import;

/// <summary>A problem with the bytes of an input file (encoding, size, compression) at a known line.</summary>
internal sealed class InputFileException(int line, string field, string message) : Exception(message)
{
    public int Line { get; } = line;

    public string Field { get; } = field;
}
