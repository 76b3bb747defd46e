namespace AbStudio.Tests.TestSupport;

/// <summary>
/// The shared data folder (datasets and reference outputs) beside the repository: from
/// <c>ABSTUDIO_SHARED_DIR</c>, else the first <c>shared/</c> holding <c>datasets</c> above the test
/// binaries. Missing data fails the test that needs it, never skips it.
/// </summary>
internal static class SharedData
{
    public const string EnvironmentVariable = "ABSTUDIO_SHARED_DIR";

    private static readonly Lazy<string> Located = new(Locate);

    public static string Root => Located.Value;

    public static string Reference => Path.Combine(Root, "reference");

    public static string Datasets => Path.Combine(Root, "datasets");

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(Path.Combine(configured, "datasets"))
                ? Path.GetFullPath(configured)
                : throw new InvalidOperationException($"{EnvironmentVariable} is '{configured}', which has no 'datasets' folder.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "datasets")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No shared/datasets folder above {AppContext.BaseDirectory}: set {EnvironmentVariable} to the shared folder (the one holding datasets/ and reference/).");
    }
}
