using System.Diagnostics;
using System.Text;

namespace AbStudio.Tests.TestSupport;

/// <summary>A worker-role host as a real process on a PostgreSQL database, started and ready to claim jobs.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process, StringBuilder output)
    {
        _process = process;
        Output = output;
    }

    public StringBuilder Output { get; }

    /// <summary>Starts the worker and returns once it says it has started (its dispatcher polls from then on).</summary>
    public static async Task<WorkerProcess> StartAsync(string directory, string connectionString, string dataDirectory)
    {
        var output = new StringBuilder();
        var process = HostProcess.Start(directory, output, "--Role=worker", "--urls=http://127.0.0.1:0",
            "--Database:Provider=Postgres", $"--Database:ConnectionString={connectionString}", $"--Storage:DataDirectory={dataDirectory}",
            "--Datasets:SeedDemo=false", "--Embeddings:FetchModelsOnStart=false");
        var worker = new WorkerProcess(process, output);
        var started = Stopwatch.GetTimestamp();
        while (!worker.Printed("Application started"))
        {
            if (process.HasExited || Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
            {
                worker.Dispose();
                throw new InvalidOperationException($"The worker did not start:\n{output}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return worker;
    }

    public bool Printed(string text)
    {
        lock (Output)
        {
            return Output.ToString().Contains(text, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
