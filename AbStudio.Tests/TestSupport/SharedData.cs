namespace AbStudio.Tests.TestSupport;

/// <summary>
/// Finds the shared folder that holds <c>reference/</c> (trec_eval and SciPy outputs the
/// conformance tests compare against). The data is read in place, never copied into the repo.
/// </summary>
internal static class SharedData
{
    public const string EnvironmentVariable = "ABSTUDIO_SHARED_DIR";

    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The shared folder (the one containing <c>reference/</c>).</summary>
    public static string Directory => Root.Value;

    /// <summary>A path under <c>shared/reference</c>, e.g. <c>Reference("trec_eval", "scifact", "qrels.txt")</c>.</summary>
    public static string Reference(params string[] parts) => Path.Combine([Directory, "reference", .. parts]);

    // ABSTUDIO_SHARED_DIR wins; otherwise walk up from the test assembly to the first directory with
    // shared/reference (the repo at /work/main or a worktree beside /work/shared). Not found is a
    // failure that says what to set: a conformance test that skips proves nothing.
    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Directory.Exists(Path.Combine(configured, "reference"))
                ? configured
                : throw new InvalidOperationException(
                    $"{EnvironmentVariable} is '{configured}', which has no 'reference' folder. Point it at the shared folder that contains reference/.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "reference")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No shared/reference folder above {AppContext.BaseDirectory}. Set {EnvironmentVariable} to the shared folder that contains reference/.");
    }
}
