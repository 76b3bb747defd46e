namespace AbStudio.Tests.TestSupport;

/// <summary>The shared reference data and datasets (never copied into the repository).</summary>
internal static class SharedData
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>ABSTUDIO_SHARED_DIR, else the nearest <c>shared/</c> holding <c>reference/</c> above the test binaries.</summary>
    public static string Root => LazyRoot.Value;

    public static string Reference => Path.Combine(Root, "reference");

    public static string Datasets => Path.Combine(Root, "datasets");

    private static string FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable("ABSTUDIO_SHARED_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(Path.Combine(configured, "reference"))
                ? Path.GetFullPath(configured)
                : throw new InvalidOperationException($"ABSTUDIO_SHARED_DIR={configured} has no reference/ folder.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "reference")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No shared/reference folder above {AppContext.BaseDirectory}: set ABSTUDIO_SHARED_DIR to the shared data folder.");
    }
}
