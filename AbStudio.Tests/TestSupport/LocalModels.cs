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

        // The same fetcher the app uses; a failure fails the test with the script's own message.
        AbStudio.Web.Features.Collections.LocalModelFiles.EnsureAsync(directory).GetAwaiter().GetResult();
        return directory;
    }
}
