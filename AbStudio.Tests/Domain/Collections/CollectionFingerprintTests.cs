using System.Globalization;
using System.Text;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using FsCheck;
using FsCheck.Xunit;

namespace AbStudio.Tests.Domain.Collections;

public sealed class CollectionFingerprintTests
{
    private static readonly CollectionSpecification Baseline = new(
        new string('a', 64), new ChunkingSettings(ChunkingStrategy.Tokens, 256, 32), "use-lite", "use-lite", "sha256:4c6d", 512, true, "passage: ", "flat");

    [Fact]
    public void CanonicalJson_Specification_HasSortedKeysAndNoWhitespace()
    {
        Assert.Equal(
            """{"chunking":{"overlap":32,"size":256,"strategy":"tokens"},"dataset":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","dimensions":512,"document_prefix":"passage: ","index_kind":"flat","model":"use-lite","model_revision":"sha256:4c6d","normalized":true,"provider":"use-lite"}""",
            CollectionFingerprint.CanonicalJson(Baseline));
        Assert.Matches("^[0-9a-f]{64}$", CollectionFingerprint.Compute(Baseline));
    }

    [Property(MaxTest = 200)]
    public bool FromJson_KeysShuffledWhitespaceAddedNumbersReformatted_GivesTheSameFingerprint(int seed)
    {
        var random = new Random(seed);
        var fields = new List<(string Key, string Value)>
        {
            ("dataset", "\"" + Baseline.DatasetContentHash + "\""),
            ("chunking", Obj(random, [("strategy", "\"tokens\""), ("size", Number(random, 256)), ("overlap", Number(random, 32))])),
            ("provider", "\"use-lite\""), ("model", "\"use-lite\""), ("model_revision", "\"sha256:4c6d\""),
            ("dimensions", Number(random, 512)), ("normalized", "true"), ("document_prefix", "\"passage: \""), ("index_kind", "\"flat\""),
        };

        return CollectionFingerprint.FromJson(Obj(random, fields)) == CollectionFingerprint.Compute(Baseline);
    }

    [Property(MaxTest = 200)]
    public bool Compute_AnyVectorShapingFieldChanged_ChangesTheFingerprint(PositiveInt which, PositiveInt amount)
    {
        var n = amount.Get;
        CollectionSpecification[] variants =
        [
            Baseline with { DatasetContentHash = new string('b', 64) },
            Baseline with { Chunking = Baseline.Chunking with { Size = Baseline.Chunking.Size + n } },
            Baseline with { Chunking = Baseline.Chunking with { Overlap = Baseline.Chunking.Overlap + n } },
            Baseline with { Chunking = Baseline.Chunking with { Strategy = ChunkingStrategy.Sentences } },
            Baseline with { Provider = "glove-avg" },
            Baseline with { Model = "use-lite-" + n },
            Baseline with { ModelRevision = "sha256:" + n },
            Baseline with { Dimensions = Baseline.Dimensions + n },
            Baseline with { Normalized = false },
            Baseline with { DocumentPrefix = "passage:" + n },
            Baseline with { IndexKind = "hnsw" },
        ];

        return CollectionFingerprint.Compute(variants[which.Get % variants.Length]) != CollectionFingerprint.Compute(Baseline);
    }

    [Fact]
    public void Compute_NoChunking_IgnoresSizeAndOverlapThatDoNotApply()
    {
        var none = Baseline with { Chunking = new ChunkingSettings(ChunkingStrategy.None, 256, 32) };

        Assert.Equal(CollectionFingerprint.Compute(none), CollectionFingerprint.Compute(none with { Chunking = new ChunkingSettings(ChunkingStrategy.None, 999, 5) }));
    }

    private static string Number(Random random, int value) => random.Next(3) switch
    {
        0 => value.ToString(CultureInfo.InvariantCulture),
        1 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => ((double)value).ToString("0.###E+0", CultureInfo.InvariantCulture),
    };

    private static string Obj(Random random, List<(string Key, string Value)> fields)
    {
        var text = new StringBuilder("{");
        foreach (var (key, value) in fields.OrderBy(_ => random.Next()))
        {
            text.Append(Space(random)).Append('"').Append(key).Append('"').Append(Space(random)).Append(':').Append(Space(random)).Append(value).Append(Space(random)).Append(',');
        }

        text.Length--;
        return text.Append(Space(random)).Append('}').ToString();
    }

    private static string Space(Random random) => new[] { "", " ", "\n  ", "\t" }[random.Next(4)];
}
