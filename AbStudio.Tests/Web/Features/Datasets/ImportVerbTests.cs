using AbStudio.Domain.Datasets;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Hosting;

namespace AbStudio.Tests.Web.Features.Datasets;

public sealed class ImportVerbTests
{
    [Fact]
    public void Parse_VerbOptionsInBothSpellings_BuildTheRequestAndLeaveHostOptions()
    {
        var verb = CommandLineVerb.Parse(["import", "/data/scifact.zip", "--format", "BEIR", "--name=SciFact", "--split", "test", "--team=search", "--Database:Provider=Postgres"]);

        Assert.Equal("import", verb.Name);
        Assert.Equal(
            new ImportCommand(new DatasetImportRequest("/data/scifact.zip", DatasetFormat.Beir, "SciFact", "test") { CreatedBy = "cli" }, "search"),
            Assert.IsType<ImportCommand>(verb.Request));
        Assert.Equal(["--Database:Provider=Postgres"], verb.HostArguments);
    }

    [Theory]
    [InlineData(new[] { "import" }, "Usage: import PATH [--format beir|trec|jsonl|csv] [--name NAME] [--split SPLIT] [--team TEAM] — PATH is a dataset folder or .zip.")]
    [InlineData(new[] { "import", "x", "--format", "parquet" }, "--format 'parquet' is not a format AbStudio reads: use beir, trec, jsonl or csv.")]
    [InlineData(new[] { "import", "x", "--name" }, "The option --name needs a value.")]
    public void Parse_BadArguments_SaysWhatToWrite(string[] args, string message)
    {
        var problem = Assert.Throws<StartupProblemException>(() => CommandLineVerb.Parse(args));

        Assert.Equal(message, problem.Message);
    }
}
