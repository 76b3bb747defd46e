using AbStudio.Domain.Evaluation.Trec;

namespace AbStudio.Tests.Domain.Evaluation.Trec;

public class TrecQrelsReaderTests
{
    private static Qrels Read(string text) => TrecQrelsReader.Read(new StringReader(text), "qrels.txt");

    [Fact]
    public void Read_GradedJudgments_CountsRelevantFromGradeOne()
    {
        var qrels = Read("1 0 A 2\n1 0 B 0\n1 0 C 1\n2 0 A 0\n");

        Assert.Equal(2, qrels.ByQuery["1"].RelevantCount);
        Assert.Equal(3, qrels.ByQuery["1"].JudgedCount);
        Assert.Equal(0, qrels.ByQuery["2"].RelevantCount);
        Assert.Equal(2, qrels.ByQuery["1"].GradeOf("A"));
        Assert.Null(qrels.ByQuery["1"].GradeOf("Z"));
    }

    [Fact]
    public void Read_GradeNotAnInteger_ThrowsNamingFileLineAndField()
    {
        var problem = Assert.Throws<TrecFormatException>(() => Read("1 0 A 1\n1 0 B high\n"));

        Assert.Equal("qrels.txt line 2: grade 'high' is not an integer", problem.Message);
    }

    [Fact]
    public void Read_DocumentJudgedTwice_Throws()
    {
        var problem = Assert.Throws<TrecFormatException>(() => Read("1 0 A 1\n1 0 A 0\n"));

        Assert.Equal("qrels.txt line 2: document A is judged twice for query 1", problem.Message);
    }

    [Fact]
    public void Read_EmptyQrels_HasNoQueries()
    {
        var qrels = Read("\n\n");

        Assert.Empty(qrels.ByQuery);
    }
}
