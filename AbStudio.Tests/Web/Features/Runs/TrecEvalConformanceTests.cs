using AbStudio.Web.Features.Runs;

namespace AbStudio.Tests.Web.Features.Runs;

/// <summary>
/// The trec-eval verb against trec_eval 10.0's own output (shared/reference/trec_eval): every line,
/// per query and for "all", must be identical, so every value matches to the 4 printed decimals.
/// </summary>
public class TrecEvalConformanceTests
{
    public static TheoryData<string, string, bool> Files => new()
    {
        { "scifact", "a", false }, { "scifact", "b", false }, { "scifact", "a", true }, { "scifact", "b", true },
        { "cranfield", "a", false }, { "cranfield", "b", false }, { "cranfield", "a", true }, { "cranfield", "b", true },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Run_ReferenceRun_ReproducesTrecEvalOutput(string dataset, string arm, bool cutAtTen)
    {
        var qrels = SharedData.Reference("trec_eval", dataset, "qrels.txt");
        var run = SharedData.Reference("trec_eval", dataset, $"run.{arm}.txt");
        var expectedFile = SharedData.Reference("trec_eval", dataset, cutAtTen ? $"expected.{arm}.M10.txt" : $"expected.{arm}.txt");
        string[] arguments = cutAtTen ? ["-M", "10", qrels, run] : [qrels, run];
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = TrecEvalVerb.Run(arguments, output, error);

        Assert.Equal("", error.ToString());
        Assert.Equal(0, exitCode);
        var expected = File.ReadAllLines(expectedFile);
        var actual = output.ToString().TrimEnd('\n').Split('\n');
        var differences = new List<string>();
        for (var i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            var want = i < expected.Length ? expected[i] : "(end)";
            var got = i < actual.Length ? actual[i] : "(end)";
            if (want != got)
            {
                differences.Add($"line {i + 1}: expected '{want}', got '{got}'");
            }
        }

        Assert.True(differences.Count == 0, $"{differences.Count} lines differ from {expectedFile}:\n{string.Join('\n', differences.Take(20))}");
    }
}
