namespace AbStudio.Web.Hosting;

/// <summary>Runs a verb that needs no host against the process's own stdout and stderr.</summary>
public static class StandaloneVerb
{
    public static int Run(CommandLineVerb verb)
    {
        ArgumentNullException.ThrowIfNull(verb);

        // A buffered stdout: the console writer flushes on every write, slow for thousands of lines.
        using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
        var exitCode = verb.RunStandalone(output, Console.Error);
        output.Flush();
        return exitCode;
    }
}
