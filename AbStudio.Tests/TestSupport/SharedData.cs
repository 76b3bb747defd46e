namespace AbStudio.Tests.TestSupport;

/// <summary>
/// The shared data folder beside the repository: <c>datasets/</c> (SciFact, Cranfield, Vaswani) and
/// <c>reference/</c> (trec_eval, SciPy and model-runtime outputs the conformance tests compare
/// against). Read in place, never copied into the repo.
/// </summary>
internal static class SharedData
{
    public const string EnvironmentVariable = "ABSTUDIO_SHARED_DIR";

    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>The shared folder (the one holding datasets/ and reference/).</summary>
    public static string Root => Located.Value;

    public static string Datasets => Path.Combine(Root, "datasets");

    /// <summary>A path under <c>shared/reference</c>, e.g. <c>Reference("trec_eval", "scifact", "qrels.txt")</c>.</summary>
    public static string Reference(params string[] parts) => Path.Combine([Root, "reference", .. parts]);

    // ABSTUDIO_SHARED_DIR wins; otherwise walk up from the test assembly to the first directory with
    // shared/reference and shared/datasets (the repo at /work/main, or a clone, beside shared/).
    // Not found is a failure that says what to set: a conformance test that skips proves nothing.
    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return IsShared(configured)
                ? Path.GetFullPath(configured)
                : throw new InvalidOperationException(
                    $"{EnvironmentVariable} is '{configured}', which has no 'reference' and 'datasets' folders. Point it at the shared folder.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared");
            if (IsShared(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No shared/ folder (with reference/ and datasets/) above {AppContext.BaseDirectory}. Set {EnvironmentVariable} to the shared folder.");
    }

    private static bool IsShared(string path) =>
        Directory.Exists(Path.Combine(path, "reference")) && Directory.Exists(Path.Combine(path, "datasets"));
}
