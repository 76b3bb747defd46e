namespace AbStudio.Web.Hosting;

/// <summary>The <c>migrate</c> verb: applies pending database migrations and exits (logs on stderr).</summary>
public static class MigrateVerb
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        return 0;
    }
}
