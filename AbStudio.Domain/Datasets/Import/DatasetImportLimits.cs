namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Bounds on what one import may read, so a wrong file (or a hostile one) fails with a message
/// instead of filling memory or disk. Configured in the <c>Datasets:Import</c> section.
/// </summary>
public sealed class DatasetImportLimits
{
    public const string Section = "Datasets:Import";

    /// <summary>Bytes per input file, counted after decompression (so a small .gz cannot expand without bound).</summary>
    public long MaxFileBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Characters of one document's title plus text.</summary>
    public int MaxDocumentChars { get; set; } = 1_000_000;

    /// <summary>Documents in one dataset.</summary>
    public int MaxDocuments { get; set; } = 10_000_000;

    /// <summary>Bytes of one line; a line is read whole, so this bounds the memory one record can take.</summary>
    public int MaxLineBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Problems collected before validation stops.</summary>
    public int MaxErrors { get; set; } = 50;
}
