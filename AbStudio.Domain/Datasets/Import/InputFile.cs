using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// One file of a dataset, in a folder or a .zip. <see cref="Name"/> is its path inside the dataset
/// (<c>qrels/test.tsv</c>), as error messages show it. Files ending in <c>.gz</c> are decompressed.
/// </summary>
internal sealed class InputFile(string name, long? length, Func<Stream> open)
{
    // Strict: the checked stream reports bad bytes with their line; this is the second line of defence.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Name { get; } = name;

    /// <summary>
    /// A reader over the checked, decompressed text. A UTF-8 byte order mark is skipped; a UTF-16 one
    /// is not honoured (the checked stream rejects it as not UTF-8, which is what the user needs to hear).
    /// </summary>
    public TextReader OpenText(DatasetImportLimits limits)
    {
        if (length > limits.MaxFileBytes)
        {
            throw new InputFileException(0, "size",
                $"the file has {length.Value.ToString("N0", CultureInfo.InvariantCulture)} bytes, more than the limit of " +
                $"{limits.MaxFileBytes.ToString("N0", CultureInfo.InvariantCulture)} " +
                $"({DatasetImportLimits.Section}:{nameof(DatasetImportLimits.MaxFileBytes)}): split it or raise the limit");
        }

        var stream = open();
        if (Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(new CheckedUtf8Stream(stream, limits), StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
    }

    /// <summary>
    /// Reads one line, turning a failure of the underlying bytes into a reported error (and null,
    /// which ends the file for the caller). Lives here so every reader reports such failures alike.
    /// </summary>
    public string? ReadLine(TextReader reader, ImportErrors errors, int lineNumber)
    {
        try
        {
            var line = reader.ReadLine();

            // detectEncodingFromByteOrderMarks is off (it would switch to UTF-16), so drop a UTF-8 BOM here.
            return lineNumber == 1 && line is ['\uFEFF', ..] ? line[1..] : line;
        }
        catch (InputFileException e)
        {
            errors.Add(Name, e.Line, e.Field, e.Message);
        }
        catch (InvalidDataException e)
        {
            errors.Add(Name, lineNumber, "compression", $"the file cannot be decompressed ({e.Message}); check that it is a complete gzip file");
        }
        catch (DecoderFallbackException)
        {
            errors.Add(Name, lineNumber, "encoding", "this is not UTF-8 text; save the file as UTF-8");
        }

        return null;
    }

    /// <summary>Opens the file's text, or reports why it cannot be read and returns null.</summary>
    public TextReader? TryOpenText(DatasetImportLimits limits, ImportErrors errors)
    {
        try
        {
            return OpenText(limits);
        }
        catch (InputFileException e)
        {
            errors.Add(Name, e.Line, e.Field, e.Message);
        }
        catch (IOException e)
        {
            errors.Add(Name, 0, "file", $"the file cannot be read ({e.Message})");
        }
        catch (UnauthorizedAccessException e)
        {
            errors.Add(Name, 0, "file", $"the file cannot be read ({e.Message})");
        }

        return null;
    }
}
