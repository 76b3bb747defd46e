using System.Net;
using System.Net.Sockets;

namespace AbStudio.Tests.Web.Hosting;

/// <summary>Bad configuration stops start-up with one clear line saying what to fix, never a stack dump.</summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("abstudio-startup-").FullName;

    [Fact]
    public async Task Start_UnknownDatabaseProvider_ExitsWithOneLineNamingTheSetting()
    {
        var result = await HostProcess.RunAsync(_workingDirectory, "--Database:Provider=Oracle");

        Assert.Equal(1, result.ExitCode);
        var line = AssertSingleFatalLine(result);
        Assert.Contains("Database:Provider is 'Oracle'", line, StringComparison.Ordinal);
        Assert.Contains("Set it to 'Sqlite' (embedded default) or 'Postgres'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnreachablePostgres_ExitsWithOneLineNamingTheServerAndWhatToCheck()
    {
        var closedPort = FreePort();
        var result = await HostProcess.RunAsync(
            _workingDirectory,
            "--Database:Provider=Postgres",
            $"--Database:ConnectionString=Host=127.0.0.1;Port={closedPort};Database=abstudio;Username=abstudio;Password=secret-value;Timeout=3");

        Assert.Equal(1, result.ExitCode);
        var line = AssertSingleFatalLine(result);
        Assert.Contains($"PostgreSQL at 127.0.0.1:{closedPort}/abstudio", line, StringComparison.Ordinal);
        Assert.Contains("Check that the PostgreSQL server is running", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PostgresWithoutConnectionString_ExitsSayingWhatToSet()
    {
        var result = await HostProcess.RunAsync(_workingDirectory, "--Database:Provider=Postgres");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Database:ConnectionString is empty", AssertSingleFatalLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownRole_ExitsNamingTheRoles()
    {
        var result = await HostProcess.RunAsync(_workingDirectory, "--Role=scheduler");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Role is 'scheduler', which AbStudio does not know. Set it to 'all' (default), 'web' or 'worker'.", AssertSingleFatalLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SweepIntervalOutOfRange_ExitsWithOneLineNamingTheKey()
    {
        var result = await HostProcess.RunAsync(_workingDirectory, "--Cleanup:SweepInterval=00:00:00");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Cleanup:SweepInterval is '00:00:00'; set whole minutes from 00:01:00 to 00:59:00", AssertSingleFatalLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NegativeUploadLimit_StopsTheVerbNamingTheKey()
    {
        var result = await HostProcess.RunAsync(_workingDirectory, "migrate", "--Datasets:Upload:MaxBytes=-1", $"--Storage:DataDirectory={Path.Combine(_workingDirectory, "data")}");

        // A verb logs to stderr (stdout carries only its output), so the one line is there.
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("AbStudio cannot start: Datasets:Upload:MaxBytes is '-1'; set a positive number of bytes.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_workingDirectory, "data", "abstudio.db")));
    }

    [Fact]
    public async Task Run_UnknownVerb_ExitsListingTheKnownVerbs()
    {
        var result = await HostProcess.RunAsync(_workingDirectory, "migrat");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Unknown verb 'migrat'. Known verbs: 'migrate'", AssertSingleFatalLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MigrateVerb_CreatesTheSchemaAndExitsWithoutServing()
    {
        var dataDirectory = Path.Combine(_workingDirectory, "data");

        var result = await HostProcess.RunAsync(_workingDirectory, "migrate", $"--Storage:DataDirectory={dataDirectory}");

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(dataDirectory, "abstudio.db")));
        Assert.Matches(@"Applied \d+ migration\(s\)", result.Error);
        Assert.DoesNotContain("Applied", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(result.OutputLines, line => line.Contains("Now listening", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    private static string AssertSingleFatalLine(HostProcessResult result)
    {
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
        var problems = result.OutputLines.Where(l => l.Contains("\"@l\":\"Fatal\"", StringComparison.Ordinal) || l.Contains("\"@l\":\"Error\"", StringComparison.Ordinal)).ToList();
        return Assert.Single(problems);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
