using AbStudio.Domain.Evaluation.Trec;

namespace AbStudio.Tests.Domain.Evaluation.Trec;

public class TrecRunReaderTests
{
    private static TrecRun Read(string text) => TrecRunReader.Read(new StringReader(text), "run.txt");

    [Fact]
    public void Read_WellFormedLines_KeepsDocumentsAndScoresPerQuery()
    {
        var run = Read("7 Q0 D1 1 2.5 tag\n\n7 Q0 D2 2 -1e-3 tag\n8\tQ0\tD1\t1\t3\ttag\n");

        Assert.Equal([new ScoredDocument("D1", 2.5), new ScoredDocument("D2", -0.001)], run.ByQuery["7"]);
        Assert.Equal([new ScoredDocument("D1", 3)], run.ByQuery["8"]);
    }

    [Fact]
    public void Read_ScoreNotANumber_ThrowsNamingFileLineAndField()
    {
        var problem = Assert.Throws<TrecFormatException>(() => Read("1 Q0 D1 1 1.0 t\n1 Q0 D2 2 abc t\n"));

        Assert.Equal("run.txt line 2: score 'abc' is not a number", problem.Message);
    }

    [Fact]
    public void Read_DuplicateDocumentForQuery_ThrowsNamingDocumentAndQuery()
    {
        var problem = Assert.Throws<TrecFormatException>(() => Read("7 Q0 D12 1 3 t\n7 Q0 D5 2 2 t\n7 Q0 D12 3 1 t\n"));

        Assert.Equal("run.txt line 3: document D12 appears twice for query 7", problem.Message);
    }

    [Fact]
    public void Read_SameDocumentForTwoQueries_IsAccepted()
    {
        var run = Read("1 Q0 D1 1 1 t\n2 Q0 D1 1 1 t\n");

        Assert.Equal(2, run.ByQuery.Count);
    }

    [Fact]
    public void Read_MissingField_ThrowsWithFieldCount()
    {
        var problem = Assert.Throws<TrecFormatException>(() => Read("1 Q0 D1 1 1.0\n"));

        Assert.Equal("run.txt line 1: expected 6 fields (qid Q0 docno rank score tag), found 5", problem.Message);
    }

    [Fact]
    public void Ranking_TiedScores_OrdersByDocumentIdDescendingAsBytes()
    {
        // Equal scores: "9" > "100" > "10" compared as byte strings, descending. The rank column is ignored.
        var run = Read("1 Q0 10 1 1.0 t\n1 Q0 9 2 1.0 t\n1 Q0 100 3 1.0 t\n1 Q0 5 4 2.0 t\n");

        Assert.Equal(["5", "9", "100", "10"], run.Ranking("1"));
    }

    [Fact]
    public void Ranking_QueryNotInRun_IsEmpty()
    {
        var run = Read("1 Q0 D1 1 1 t\n");

        Assert.Empty(run.Ranking("2"));
    }
}
