using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// The dataset content hash: SHA-256 (lowercase hex) over a canonical form, so the same data gives
/// the same hash whatever the file format, line order or line endings, and any change to an id,
/// title, text or grade changes it.
/// <para>Canonical form (version <c>abstudio-dataset-v1</c>):</para>
/// <list type="number">
/// <item>Strings are UTF-8 with CRLF and lone CR replaced by LF; a missing title is the empty string.
/// Metadata fields, the dataset's name and its source path are not part of the content.</item>
/// <item>A field is written as a netstring: its UTF-8 byte count in decimal, <c>:</c>, the bytes, <c>,</c>.</item>
/// <item>Record = netstrings of <c>document</c>, id, title, text — or <c>query</c>, id, text — or
/// <c>judgment</c>, split, query id, document id, grade (decimal integer, <c>-</c> for negatives).
/// Each record is hashed alone with SHA-256.</item>
/// <item>The content hash is SHA-256 over the netstrings <c>abstudio-dataset-v1</c>, the document count,
/// the query count and the judgment count, followed by the 32-byte record hashes: documents sorted
/// by id, then queries sorted by id, then judgments sorted by (split, query id, document id), all
/// strings compared by Unicode code point (= UTF-8 byte order).</item>
/// </list>
/// Only ids and 32-byte digests are kept, never texts, so a large corpus is hashed in little memory.
/// </summary>
public sealed class DatasetContentHash
{
    public const string Version = "abstudio-dataset-v1";

    private readonly List<Entry> _documents = [];
    private readonly List<Entry> _queries = [];
    private readonly List<Entry> _judgments = [];

    // One record's canonical bytes, reused: a record is hashed in one call, with no per-record buffer.
    private readonly ArrayBufferWriter<byte> _record = new();

    public void AddDocument(string id, string? title, string text)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(text);
        AppendField("document");
        AppendField(id);
        AppendField(LineEndings.Normalize(title ?? ""));
        AppendField(LineEndings.Normalize(text));
        _documents.Add(new Entry(id, null, null, FinishRecord()));
    }

    public void AddQuery(string id, string text)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(text);
        AppendField("query");
        AppendField(id);
        AppendField(LineEndings.Normalize(text));
        _queries.Add(new Entry(id, null, null, FinishRecord()));
    }

    public void AddJudgment(string split, string queryId, string documentId, int grade)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(queryId);
        ArgumentNullException.ThrowIfNull(documentId);
        AppendField("judgment");
        AppendField(split);
        AppendField(queryId);
        AppendField(documentId);
        AppendField(grade.ToString(CultureInfo.InvariantCulture));
        _judgments.Add(new Entry(split, queryId, documentId, FinishRecord()));
    }

    /// <summary>The hex digest of everything added so far.</summary>
    public string Compute()
    {
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendNetstring(total, Version);
        AppendNetstring(total, _documents.Count.ToString(CultureInfo.InvariantCulture));
        AppendNetstring(total, _queries.Count.ToString(CultureInfo.InvariantCulture));
        AppendNetstring(total, _judgments.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var section in new[] { _documents, _queries, _judgments })
        {
            section.Sort(EntryOrder.Instance);
            foreach (var entry in section)
            {
                var digest = entry.Digest;
                total.AppendData(digest);
            }
        }

        return Convert.ToHexStringLower(total.GetHashAndReset());
    }

    private void AppendField(string value) => WriteNetstring(_record, value);

    private Sha256Digest FinishRecord()
    {
        var digest = new Sha256Digest();
        SHA256.HashData(_record.WrittenSpan, digest);
        _record.ResetWrittenCount();
        return digest;
    }

    private static void AppendNetstring(IncrementalHash hash, string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteNetstring(buffer, value);
        hash.AppendData(buffer.WrittenSpan);
    }

    private static void WriteNetstring(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = buffer.GetSpan(length + 16);
        length.TryFormat(span, out var prefix, provider: CultureInfo.InvariantCulture);
        span[prefix] = (byte)':';
        Encoding.UTF8.GetBytes(value, span[(prefix + 1)..]);
        span[prefix + 1 + length] = (byte)',';
        buffer.Advance(prefix + length + 2);
    }

    /// <summary>Sort keys (document/query: Key1 = id; judgment: split, query id, document id) and the record digest.</summary>
    private readonly record struct Entry(string Key1, string? Key2, string? Key3, Sha256Digest Digest);

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static EntryOrder Instance { get; } = new();

        public int Compare(Entry x, Entry y)
        {
            var order = CodePointOrder.Instance.Compare(x.Key1, y.Key1);
            if (order == 0)
            {
                order = CodePointOrder.Instance.Compare(x.Key2, y.Key2);
            }

            if (order == 0)
            {
                order = CodePointOrder.Instance.Compare(x.Key3, y.Key3);
            }

            // Equal keys only happen when a caller adds duplicates (the importer rejects them);
            // ordering by digest then keeps the result independent of input order even so.
            if (order != 0)
            {
                return order;
            }

            var left = x.Digest;
            var right = y.Digest;
            return ((ReadOnlySpan<byte>)left).SequenceCompareTo(right);
        }
    }

    /// <summary>A SHA-256 digest stored inline, so a million records are one array, not a million objects.</summary>
    [InlineArray(32)]
    private struct Sha256Digest
    {
        private byte _first;
    }
}
