namespace AbStudio.Domain.Chunking;

/// <summary>
/// Cuts a document into chunks by <see cref="ChunkingSettings"/>. Deterministic: the same text and
/// settings always give the same chunks, with offsets into the original text (nothing is rewritten).
/// Empty or whitespace-only documents give no chunks.
/// </summary>
public static class Chunker
{
    public static IReadOnlyList<Chunk> Split(string documentId, string text, ChunkingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validated();
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var spans = settings.Strategy switch
        {
            ChunkingStrategy.None => [(0, text.Length)],
            ChunkingStrategy.Characters => CharacterWindows(text, settings.Size, settings.Overlap),
            ChunkingStrategy.Tokens => TokenWindows(TextSpans.Words(text), settings.Size, settings.Overlap),
            ChunkingStrategy.Sentences => PackSentences(text, 0, text.Length, settings),
            ChunkingStrategy.Recursive => Recursive(text, settings),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Strategy, "Unknown chunking strategy."),
        };

        var chunks = new List<Chunk>(spans.Count);
        foreach (var (start, end) in spans)
        {
            chunks.Add(new Chunk(documentId, chunks.Count, start, end - start, text[start..end]));
        }

        return chunks;
    }

    private static List<(int, int)> CharacterWindows(string text, int size, int overlap)
    {
        var windows = new List<(int, int)>();
        for (var start = 0; start < text.Length;)
        {
            var end = Math.Min(text.Length, start + size);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
            {
                end--; // keep the pair together
            }

            windows.Add((start, end));
            if (end == text.Length)
            {
                break;
            }

            var next = Math.Max(start + 1, end - overlap);
            start = char.IsLowSurrogate(text[next]) ? next + 1 : next;
        }

        return windows;
    }

    private static List<(int, int)> TokenWindows(List<(int Start, int End)> words, int size, int overlap)
    {
        var windows = new List<(int, int)>();
        for (var first = 0; first < words.Count; first += size - overlap)
        {
            var last = Math.Min(words.Count, first + size) - 1;
            windows.Add((words[first].Start, words[last].End));
            if (last == words.Count - 1)
            {
                break;
            }
        }

        return windows;
    }

    /// <summary>Greedy packing of whole sentences in [from, to); a sentence over the limit becomes token windows.</summary>
    private static List<(int, int)> PackSentences(string text, int from, int to, ChunkingSettings settings)
    {
        var sentences = TextSpans.Sentences(text, from, to)
            .Select(s => (s.Start, s.End, Tokens: TextSpans.Words(text, s.Start, s.End)))
            .ToList();
        var chunks = new List<(int, int)>();
        var i = 0;
        while (i < sentences.Count)
        {
            if (sentences[i].Tokens.Count > settings.Size)
            {
                chunks.AddRange(TokenWindows(sentences[i].Tokens, settings.Size, settings.Overlap));
                i++;
                continue;
            }

            var j = i;
            var tokens = 0;
            while (j < sentences.Count && tokens + sentences[j].Tokens.Count <= settings.Size)
            {
                tokens += sentences[j++].Tokens.Count;
            }

            chunks.Add((sentences[i].Start, sentences[j - 1].End));
            if (j == sentences.Count)
            {
                break;
            }

            // Step back over trailing sentences that fit in the overlap, but always move forward.
            var next = j;
            var shared = 0;
            while (next - 1 > i && shared + sentences[next - 1].Tokens.Count <= settings.Overlap)
            {
                shared += sentences[--next].Tokens.Count;
            }

            i = next;
        }

        return chunks;
    }

    private static List<(int, int)> Recursive(string text, ChunkingSettings settings)
    {
        var chunks = new List<(int, int)>();
        (int Start, int End)? open = null;
        var openTokens = 0;
        foreach (var paragraph in TextSpans.Paragraphs(text))
        {
            var tokens = TextSpans.Words(text, paragraph.Start, paragraph.End).Count;
            if (tokens > settings.Size)
            {
                Flush();
                chunks.AddRange(PackSentences(text, paragraph.Start, paragraph.End, settings));
                continue;
            }

            if (open is not null && openTokens + tokens > settings.Size)
            {
                Flush();
            }

            open = (open?.Start ?? paragraph.Start, paragraph.End);
            openTokens += tokens;
        }

        Flush();
        return chunks;

        void Flush()
        {
            if (open is { } span)
            {
                chunks.Add(span);
            }

            open = null;
            openTokens = 0;
        }
    }
}
