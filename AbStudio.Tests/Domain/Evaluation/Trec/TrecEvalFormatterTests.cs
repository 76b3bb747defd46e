using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Trec;

namespace AbStudio.Tests.Domain.Evaluation.Trec;

public class TrecEvalFormatterTests
{
    [Fact]
    public void Write_OneQuery_UsesTrecEvalShapeAndOrder()
    {
        var qrels = TrecQrelsReader.Read(new StringReader("q1 0 A 1\n"), "qrels.txt");
        var run = TrecRunReader.Read(new StringReader("q1 Q0 B 1 2 t\nq1 Q0 A 2 1 t\n"), "run.txt");
        var options = EvaluationOptions.Default with { Cutoffs = [1, 2], MapCutoffs = [2] };
        var writer = new StringWriter();

        TrecEvalFormatter.Write(TrecEvaluation.Evaluate(qrels, run, options), writer);

        var lines = writer.ToString().Split('\n');
        Assert.Equal("num_ret               \tq1\t2", lines[0]);
        Assert.Equal(
            ["num_ret", "num_rel", "num_rel_ret", "map", "recip_rank", "P_1", "P_2", "recall_1", "recall_2",
             "ndcg_cut_1", "ndcg_cut_2", "map_cut_2", "success_1", "success_2",
             "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "recip_rank", "P_1", "P_2", "recall_1", "recall_2",
             "ndcg_cut_1", "ndcg_cut_2", "map_cut_2", "success_1", "success_2", ""],
            lines.Select(l => l.Split('\t')[0].TrimEnd()));
        Assert.Contains("recip_rank            \tq1\t0.5000", lines);
        Assert.Contains("num_q                 \tall\t1", lines);
        Assert.Contains("ndcg_cut_2            \tall\t0.6309", lines);
    }
}
