using System.Globalization;
using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Trec;

namespace AbStudio.Web.Features.Runs;

/// <summary>
/// <c>trec-eval [-M N] QRELS RUN</c>: scores any TREC run file as <c>trec_eval -q -c [-M N]</c> does
/// and prints trec_eval's output shape. Bad input is one line on the error writer and exit code 2.
/// Writers are parameters so tests run the verb without a process.
/// </summary>
public static class TrecEvalVerb
{
    public const string Usage = "usage: trec-eval [-M N] QRELS RUN (output as trec_eval -q -c; -q and -c are accepted and always on)";
    private const int BadInput = 2;

    public static int Run(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var (maxDepth, qrelsPath, runPath) = ParseArguments(arguments);
            var qrels = ReadFile(qrelsPath, TrecQrelsReader.Read);
            var run = ReadFile(runPath, TrecRunReader.Read);
            RequireOverlap(qrels, qrelsPath, run, runPath);
            var evaluation = TrecEvaluation.Evaluate(qrels, run, EvaluationOptions.Default with { MaxDepth = maxDepth });
            TrecEvalFormatter.Write(evaluation, output);
            output.Flush();
            return 0;
        }
        catch (Exception problem) when (problem is TrecFormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"trec-eval: {problem.Message}");
            return BadInput;
        }
    }

    private static (int? MaxDepth, string Qrels, string Run) ParseArguments(IReadOnlyList<string> arguments)
    {
        int? maxDepth = null;
        var files = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument is "-q" or "-c")
            {
                continue;
            }

            if (argument.StartsWith("-M", StringComparison.Ordinal))
            {
                // trec_eval writes "-M10"; "-M 10" is accepted too.
                var value = argument.Length > 2 ? argument[2..] : i + 1 < arguments.Count ? arguments[++i] : "";
                maxDepth = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth > 0
                    ? depth
                    : throw new TrecFormatException($"-M needs a positive whole number of documents, not '{value}'. {Usage}");
                continue;
            }

            if (argument.StartsWith('-') && argument.Length > 1)
            {
                throw new TrecFormatException($"unknown option '{argument}'. {Usage}");
            }

            files.Add(argument);
        }

        return files.Count == 2
            ? (maxDepth, files[0], files[1])
            : throw new TrecFormatException($"expected 2 files (QRELS RUN), got {files.Count}. {Usage}");
    }

    private static T ReadFile<T>(string path, Func<TextReader, string, T> read)
    {
        if (!File.Exists(path))
        {
            throw new TrecFormatException($"{path}: no such file");
        }

        using var reader = File.OpenText(path);
        return read(reader, path);
    }

    private static void RequireOverlap(Qrels qrels, string qrelsPath, TrecRun run, string runPath)
    {
        if (qrels.ByQuery.Count == 0)
        {
            throw new TrecFormatException($"{qrelsPath}: no judgments");
        }

        // trec_eval refuses a run with no judged query too: it is almost always the wrong pair of files.
        foreach (var queryId in run.ByQuery.Keys)
        {
            if (qrels.ByQuery.ContainsKey(queryId))
            {
                return;
            }
        }

        throw new TrecFormatException($"no query of {runPath} is judged in {qrelsPath}");
    }
}
