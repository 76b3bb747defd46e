using System.Diagnostics;

namespace AbStudio.Tests.TestSupport;

/// <summary>
/// The local embedding models, fetched by scripts/fetch-models.sh into one cache shared by test runs
/// (ABSTUDIO_MODEL_CACHE, else ~/.cache/abstudio/models) once per test process. Never skips: when
/// the fetch fails, every test that needs a model fails with the script's own message.
/// </summary>
internal static class LocalModels
{
    private static readonly Lazy<string> LazyDirectory = new(Fetch);

    public static string Directory => LazyDirectory.Value;

    private static string Fetch()
    {
        var directory = Environment.GetEnvironmentVariable("ABSTUDIO_MODEL_CACHE");
        if (string.IsNullOrEmpty(directory))
        {
            directory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "abstudio", "models");
        }

        var script = Path.Combine(RepositoryPaths.Root, "scripts", "fetch-models.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start bash {script}.");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"bash {script} {directory} did not finish in 10 minutes.");
        }

        return process.ExitCode == 0
            ? directory
            : throw new InvalidOperationException($"The local models are missing and could not be fetched (bash {script} {directory}): {errors.Result.Trim()}");
    }
}
