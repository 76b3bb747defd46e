using System.Text;
using System.Text.Json;

namespace AbStudio.Domain.Embeddings.UseLite;

/// <summary>
/// A port of the TF.js Universal Sentence Encoder tokenizer (Viterbi over SentencePiece unigram
/// pieces), quirks included, because the model was trained on exactly these ids.
/// </summary>
/// <remarks>
/// Quirks kept on purpose (see tfjs-models universal-sentence-encoder/src/tokenizer):
/// NFKC, then '▁' before the text and for every U+0020 (no collapsing); case-sensitive; symbols
/// are code points as JavaScript's for..of yields them (a lone surrogate is its own symbol); a
/// lattice cell whose best score is exactly 0 counts as unset; a symbol no piece starts with becomes
/// id 0 with score 0, and runs of id 0 merge into one; the backward pass steps back by the UTF-16
/// length of the chosen piece's text; the first 6 pieces are reserved; null scores count as 0.
/// </remarks>
public sealed class UseLiteTokenizer
{
    private const int ReservedPieces = 6;
    private const char Separator = '\u2581';

    private readonly string[] _pieces;
    private readonly TrieNode _root = new();

    public UseLiteTokenizer(IReadOnlyList<(string Piece, double Score)> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _pieces = new string[vocabulary.Count];
        for (var i = 0; i < vocabulary.Count; i++)
        {
            _pieces[i] = vocabulary[i].Piece;
        }

        for (var i = ReservedPieces; i < vocabulary.Count; i++)
        {
            Insert(vocabulary[i].Piece, vocabulary[i].Score, i);
        }
    }

    /// <summary>Reads vocab.json: an array of [piece, score] pairs.</summary>
    public static UseLiteTokenizer Load(string vocabularyPath)
    {
        using var stream = File.OpenRead(vocabularyPath);
        using var document = JsonDocument.Parse(stream);
        var vocabulary = new List<(string, double)>(document.RootElement.GetArrayLength());
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var score = entry[1].ValueKind == JsonValueKind.Null ? 0d : entry[1].GetDouble();
            vocabulary.Add((entry[0].GetString() ?? "", score));
        }

        return new UseLiteTokenizer(vocabulary);
    }

    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Normalize(NormalizationForm.FormKC);
        if (normalized.Length == 0)
        {
            return [];
        }

        var symbols = Symbols(Separator + normalized.Replace(' ', Separator));
        var count = symbols.Length;

        // matches[end] lists (start, score, id) in increasing start: the order the original visits them.
        var matches = new List<(int Start, double Score, int Id)>?[count + 1];
        for (var start = 0; start < count; start++)
        {
            var found = false;
            var node = _root.Child(symbols[start]);
            for (var i = start; i < count && node is not null; i++)
            {
                if (node.IsEnd)
                {
                    (matches[i + 1] ??= []).Add((start, node.Score, node.Id));
                    found = true;
                }

                node = i + 1 < count ? node.Child(symbols[i + 1]) : null;
            }

            if (!found)
            {
                (matches[start + 1] ??= []).Add((start, 0d, 0));
            }
        }

        var best = new double[count + 1];
        var words = new int[count + 1];
        for (var end = 0; end <= count; end++)
        {
            if (matches[end] is not { } candidates)
            {
                continue;
            }

            foreach (var (start, score, id) in candidates)
            {
                var total = score + best[start];
                if (best[end] == 0 || total >= best[end])
                {
                    best[end] = total;
                    words[end] = id;
                }
            }
        }

        var ids = new List<int>();
        for (var position = count; position > 0; position -= _pieces[words[position]].Length)
        {
            ids.Add(words[position]);
        }

        // Backwards, then merge runs of unknowns and reverse, as the original does.
        var merged = new List<int>(ids.Count);
        var previousUnknown = false;
        foreach (var id in ids)
        {
            if (!(previousUnknown && id == 0))
            {
                merged.Add(id);
            }

            previousUnknown = id == 0;
        }

        merged.Reverse();
        return [.. merged];
    }

    private void Insert(string piece, double score, int id)
    {
        var node = _root;
        foreach (var symbol in Symbols(piece))
        {
            node = node.ChildOrAdd(symbol);
        }

        node.IsEnd = true;
        node.Score = score;
        node.Id = id;
    }

    /// <summary>Code points as JavaScript's for..of yields them: a valid pair is one symbol, a lone surrogate another.</summary>
    private static int[] Symbols(string text)
    {
        var symbols = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                symbols.Add(char.ConvertToUtf32(text[i], text[i + 1]));
                i++;
            }
            else
            {
                symbols.Add(text[i]);
            }
        }

        return [.. symbols];
    }

    private sealed class TrieNode
    {
        private Dictionary<int, TrieNode>? _children;

        public bool IsEnd { get; set; }

        public double Score { get; set; }

        public int Id { get; set; }

        public TrieNode? Child(int symbol) => _children is not null && _children.TryGetValue(symbol, out var child) ? child : null;

        public TrieNode ChildOrAdd(int symbol)
        {
            _children ??= [];
            if (!_children.TryGetValue(symbol, out var child))
            {
                child = new TrieNode();
                _children[symbol] = child;
            }

            return child;
        }
    }
}
