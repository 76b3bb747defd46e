using AbStudio.Web.Hosting;

namespace AbStudio.Tests.Web.Hosting;

public class CommandLineVerbTests
{
    [Fact]
    public void Parse_TrecEval_RunsWithoutHostAndKeepsDashOptionsAsArguments()
    {
        var verb = CommandLineVerb.Parse(["trec-eval", "-M", "10", "qrels.txt", "run.txt"]);

        Assert.False(verb.RequiresHost);
        Assert.Equal(["-M", "10", "qrels.txt", "run.txt"], verb.VerbArguments);
    }

    [Fact]
    public void Parse_Migrate_RequiresHost()
    {
        Assert.True(CommandLineVerb.Parse(["migrate"]).RequiresHost);
    }

    [Fact]
    public void Parse_NoVerb_RequiresHost()
    {
        Assert.True(CommandLineVerb.Parse(["--Database:Provider=Sqlite"]).RequiresHost);
    }
}
