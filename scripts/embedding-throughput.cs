#:project ../AbStudio.Domain/AbStudio.Domain.csproj
// Embedding throughput of the local providers on SciFact passages (title + text), batches of 64.
// Usage: dotnet run scripts/embedding-throughput.cs -- MODELS_DIR CORPUS_JSONL_GZ [PASSAGES]
// (MODELS_DIR as filled by scripts/fetch-models.sh). Prints one line per provider.
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Glove;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Embeddings.UseLite;
using Microsoft.Extensions.AI;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run scripts/embedding-throughput.cs -- MODELS_DIR CORPUS_JSONL_GZ [PASSAGES]");
    return 2;
}

var passages = ReadPassages(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2000);
Console.WriteLine($"{passages.Count} passages, {Environment.ProcessorCount} cores");

var load = Stopwatch.StartNew();
using var useLite = new UseLiteEmbeddingGenerator(args[0]);
Console.WriteLine($"use-lite loaded in {load.Elapsed.TotalSeconds:F2} s; tokens per passage: mean {passages.Average(p => useLite.Tokenizer.Encode(p).Length):F0}, clipped to {UseLiteEmbeddingGenerator.MaxTokens}");
await Measure(useLite);

load.Restart();
using var glove = new GloveAverageEmbeddingGenerator(args[0]);
Console.WriteLine($"glove-avg loaded in {load.Elapsed.TotalSeconds:F2} s");
await Measure(glove);
using var gloveWithoutStopWords = new GloveAverageEmbeddingGenerator(args[0], removeStopWords: true);
await Measure(gloveWithoutStopWords);

using var hashing = new FeatureHashingEmbeddingGenerator();
await Measure(hashing);
return 0;

async Task Measure(LocalEmbeddingGenerator generator)
{
    await generator.GenerateAsync(passages.Take(64));
    var clock = Stopwatch.StartNew();
    for (var first = 0; first < passages.Count; first += 64)
    {
        await generator.GenerateAsync(passages.Skip(first).Take(64));
    }

    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{generator.Model.ModelId,-26} {passages.Count / seconds,10:F1} passages/s  ({seconds:F2} s)");
}

static List<string> ReadPassages(string path, int count)
{
    var passages = new List<string>(count);
    using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
    while (passages.Count < count && reader.ReadLine() is { } line)
    {
        using var document = JsonDocument.Parse(line);
        passages.Add($"{document.RootElement.GetProperty("title").GetString()} {document.RootElement.GetProperty("text").GetString()}");
    }

    return passages;
}
