using AbStudio.Web.Features.Runs;

namespace AbStudio.Tests.Web.Features.Runs;

public sealed class TrecEvalVerbTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-trec-eval-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = TrecEvalVerb.Run(arguments, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Run_DuplicateDocumentInRun_ExitsTwoWithOneLineNamingIt()
    {
        var qrels = WriteFile("qrels.txt", "7 0 D12 1\n");
        var run = WriteFile("run.txt", "7 Q0 D12 1 2 t\n7 Q0 D12 2 1 t\n");

        var (exitCode, output, error) = Run(qrels, run);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"trec-eval: {run} line 2: document D12 appears twice for query 7{Environment.NewLine}", error);
    }

    [Fact]
    public void Run_EmptyQrels_ExitsTwo()
    {
        var qrels = WriteFile("qrels.txt", "");
        var run = WriteFile("run.txt", "1 Q0 A 1 1 t\n");

        var (exitCode, _, error) = Run(qrels, run);

        Assert.Equal(2, exitCode);
        Assert.Equal($"trec-eval: {qrels}: no judgments{Environment.NewLine}", error);
    }

    [Fact]
    public void Run_MissingFile_ExitsTwo()
    {
        var qrels = WriteFile("qrels.txt", "1 0 A 1\n");

        var (exitCode, _, error) = Run(qrels, Path.Combine(_directory, "absent.txt"));

        Assert.Equal(2, exitCode);
        Assert.Contains("absent.txt: no such file", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-M", "0")]
    [InlineData("-M", "ten")]
    [InlineData("-x")]
    public void Run_BadOption_ExitsTwoWithUsage(params string[] options)
    {
        var qrels = WriteFile("qrels.txt", "1 0 A 1\n");
        var run = WriteFile("run.txt", "1 Q0 A 1 1 t\n");

        var (exitCode, _, error) = Run([.. options, qrels, run]);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: trec-eval [-M N] QRELS RUN", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TrecEvalStyleDepthOption_CutsRanking()
    {
        var qrels = WriteFile("qrels.txt", "1 0 A 1\n");
        var run = WriteFile("run.txt", "1 Q0 B 1 2 t\n1 Q0 A 2 1 t\n");

        var (exitCode, output, _) = Run("-q", "-c", "-M1", qrels, run);

        Assert.Equal(0, exitCode);
        Assert.Contains("recip_rank            \tall\t0.0000\n", output, StringComparison.Ordinal);
        Assert.Contains("num_ret               \tall\t1\n", output, StringComparison.Ordinal);
    }
}
