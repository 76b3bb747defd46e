using System.Diagnostics;

namespace AbStudio.Tests.TestSupport;

/// <summary>Runs the built web host as a real process (verbs, start-up failures) and captures what it prints.</summary>
internal static class HostProcess
{
    public static async Task<HostProcessResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(workingDirectory, arguments)) ?? throw new InvalidOperationException("Could not start dotnet.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new HostProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the host and leaves it running; everything it prints is collected in <paramref name="output"/>.</summary>
    public static Process Start(string workingDirectory, System.Text.StringBuilder output, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(output);
        var process = Process.Start(StartInfo(workingDirectory, arguments)) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, string[] arguments)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name; // bin/<Configuration>/net10.0
        var hostDll = Path.Combine(RepositoryPaths.Root, "AbStudio.Web", "bin", configuration, "net10.0", "AbStudio.Web.dll");
        if (!File.Exists(hostDll))
        {
            throw new InvalidOperationException($"The web host is not built at {hostDll}.");
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(hostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }
}

internal sealed record HostProcessResult(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
