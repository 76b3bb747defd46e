using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Passes an input file through while checking it: strict UTF-8 (the decoder would otherwise turn
/// bad bytes into U+FFFD silently), at most <c>maxBytes</c> in total and <c>maxLineBytes</c> per line.
/// It counts lines itself, so a failure names the line of the offending byte, not of the buffer
/// the reader happened to be filling. Line breaks are LF, CRLF or a lone CR, as StreamReader sees them.
/// </summary>
internal sealed class CheckedUtf8Stream(Stream inner, DatasetImportLimits limits) : Stream
{
    private readonly byte[] _pending = new byte[4];
    private int _pendingCount;
    private long _total;
    private long _lineBytes;
    private int _line = 1;
    private bool _lastWasCarriageReturn;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Check(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Check(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Check(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            if (_pendingCount > 0)
            {
                throw Invalid(_pending[0], "the file ends in the middle of a character");
            }

            return;
        }

        // Past the limit, check the bytes up to it, so the error names the line where the limit was crossed.
        var overLimit = chunk.Length > limits.MaxFileBytes - _total;
        if (overLimit)
        {
            chunk = chunk[..(int)(limits.MaxFileBytes - _total)];
        }

        _total += chunk.Length;
        chunk = CompletePendingCharacter(chunk);
        var complete = chunk[..(chunk.Length - IncompleteTailLength(chunk))];
        if (!Utf8.IsValid(complete))
        {
            var at = FirstInvalidByte(complete);
            CountLines(complete[..at]);
            throw Invalid(complete[at], "this is not UTF-8 text");
        }

        CountLines(complete);
        var tail = chunk[complete.Length..];
        tail.CopyTo(_pending);
        _pendingCount = tail.Length;
        if (overLimit)
        {
            throw new InputFileException(_line, "size",
                $"the file is larger than {limits.MaxFileBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes " +
                $"(limit {DatasetImportLimits.Section}:{nameof(DatasetImportLimits.MaxFileBytes)}): split it or raise the limit");
        }
    }

    /// <summary>Joins a character split across two reads and returns the rest of the chunk.</summary>
    private ReadOnlySpan<byte> CompletePendingCharacter(ReadOnlySpan<byte> chunk)
    {
        if (_pendingCount == 0)
        {
            return chunk;
        }

        Span<byte> joined = stackalloc byte[4];
        _pending.AsSpan(0, _pendingCount).CopyTo(joined);
        var taken = Math.Min(4 - _pendingCount, chunk.Length);
        chunk[..taken].CopyTo(joined[_pendingCount..]);
        var status = Rune.DecodeFromUtf8(joined[..(_pendingCount + taken)], out _, out var consumed);
        if (status == OperationStatus.NeedMoreData)
        {
            _pendingCount += taken;
            joined[.._pendingCount].CopyTo(_pending);
            return [];
        }

        if (status != OperationStatus.Done || consumed <= _pendingCount)
        {
            throw Invalid(_pending[0], "this is not UTF-8 text");
        }

        var used = consumed - _pendingCount;
        _pendingCount = 0;
        _lineBytes += consumed;
        return chunk[used..];
    }

    /// <summary>Bytes at the end that start a multi-byte character whose remaining bytes are in the next read.</summary>
    private static int IncompleteTailLength(ReadOnlySpan<byte> chunk)
    {
        for (var back = 1; back <= Math.Min(3, chunk.Length); back++)
        {
            var b = chunk[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? back : 0;
        }

        return 0;
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) != OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return bytes.Length;
    }

    private void CountLines(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var at = bytes.IndexOfAny((byte)'\n', (byte)'\r');
            var segment = at < 0 ? bytes.Length : at;
            _lineBytes += segment;
            if (_lineBytes > limits.MaxLineBytes)
            {
                throw new InputFileException(_line, "size",
                    $"the line is longer than {limits.MaxLineBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes " +
                    $"(limit {DatasetImportLimits.Section}:{nameof(DatasetImportLimits.MaxLineBytes)}): is the file really one record per line?");
            }

            if (at < 0)
            {
                _lastWasCarriageReturn = false;
                return;
            }

            // The LF of a CRLF split across two reads ends the line the CR already ended.
            var isSecondHalfOfCrLf = at == 0 && bytes[0] == '\n' && _lastWasCarriageReturn && segment == 0 && _lineBytes == 0;
            if (!isSecondHalfOfCrLf)
            {
                _line++;
            }

            _lastWasCarriageReturn = bytes[at] == '\r';
            if (_lastWasCarriageReturn && at + 1 < bytes.Length && bytes[at + 1] == '\n')
            {
                at++;
                _lastWasCarriageReturn = false;
            }

            _lineBytes = 0;
            bytes = bytes[(at + 1)..];
        }
    }

    private InputFileException Invalid(byte value, string what) =>
        new(_line, "encoding",
            $"{what} (byte 0x{value:X2}); save the file as UTF-8");
}
