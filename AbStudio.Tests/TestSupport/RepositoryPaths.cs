namespace AbStudio.Tests.TestSupport;

/// <summary>Finds the repository root (the folder holding AbStudio.sln) from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AbStudio.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No AbStudio.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
