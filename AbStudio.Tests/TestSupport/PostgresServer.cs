using System.Diagnostics;

namespace AbStudio.Tests.TestSupport;

/// <summary>
/// The real PostgreSQL server the tests use. <c>scripts/test.sh</c> starts one and passes its
/// connection string in <c>ABSTUDIO_TEST_POSTGRES</c>; when the tests run without it (a plain
/// <c>dotnet test</c>), this starts a throwaway cluster with the same script and stops it at exit.
/// Never skipped: if no server can be had, the tests fail saying why.
/// </summary>
internal static class PostgresServer
{
    public const string EnvironmentVariable = "ABSTUDIO_TEST_POSTGRES";

    private static readonly Lazy<string> Connection = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ConnectionString => Connection.Value;

    private static string Start()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        var script = Path.Combine(RepositoryPaths.Root, "scripts", "postgres.sh");
        var stateFile = Path.Combine(Path.GetTempPath(), $"abstudio-tests-pg-{Environment.ProcessId}.state");
        var start = new ProcessStartInfo("bash", [script, "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ABSTUDIO_PG_STATE_FILE"] = stateFile },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run bash.");
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL for the tests could not be started ({script} exited {process.ExitCode}): {stderr.Result.Trim()}. " +
                $"Run the tests with scripts/test.sh, or set {EnvironmentVariable} to a connection string of a server where the user may create databases.");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(script, stateFile);
        return output.Trim().Split('\n')[^1].Trim();
    }

    private static void Stop(string script, string stateFile)
    {
        if (!File.Exists(stateFile))
        {
            return;
        }

        var dataDirectory = File.ReadAllText(stateFile).Trim();
        using var stop = Process.Start(new ProcessStartInfo("bash", [script, "stop", dataDirectory]) { RedirectStandardError = true });
        stop?.WaitForExit(TimeSpan.FromSeconds(20));
        File.Delete(stateFile);
    }
}
